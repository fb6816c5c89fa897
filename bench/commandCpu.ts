import { Session } from 'node:inspector/promises';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultParameters } from '../domain/parameters.js';
import { openEmbeddedLedger } from '../infra/ledger.js';
import { BENCH_KEY_SECRET, claimCommand, registerCommand, removeTempDirs, statementCommand, tempDir } from './support.js';

/**
 * CPU per command on the in-process command path (the `ours` workload of commandPath.ts: a
 * creditor registers a claim on one of `--households` fresh households), single and with
 * `--writers` closed-loop writers, measured with process.cpuUsage only over the measured
 * phases (`--phases single,concurrent`); `--profile DIR` writes a .cpuprofile of each phase
 * alone (not of the seeding, which `--cpu-prof` mixes in; and `npx tsx --cpu-prof` profiles
 * tsx's launcher, not the benchmark: use `node --import tsx`). `--dir` puts the store elsewhere
 * (e.g. /dev/shm: without fsync waits a profile shows CPU alone). THREADS=1 prints each thread's
 * CPU per command (Linux /proc). For A/B of a change: run old and new code back to back,
 * interleaved, and compare cpuUsPerCommand (the CPU, unlike the rate, barely moves with the
 * neighbours' load).
 *
 *   node --import tsx bench/commandCpu.ts --dir /dev/shm --seconds 3 --households 1000
 */
const { values } = parseArgs({
  options: {
    households: { type: 'string' },
    seconds: { type: 'string' },
    writers: { type: 'string' },
    profile: { type: 'string' },
    dir: { type: 'string' },
    label: { type: 'string' },
    phases: { type: 'string' },
    'block-us': { type: 'string' },
  },
});
const HOUSEHOLDS = Number(values.households ?? 2000);
const SECONDS = Number(values.seconds ?? 5);
const WRITERS = Number(values.writers ?? 50);
const ids = Array.from({ length: HOUSEHOLDS }, (_, i) => `bench-${i}`);
const dir = values.dir ? mkdtempSync(join(values.dir, 'tb-cpu-')) : tempDir('tb-cpu-');
const ledger = openEmbeddedLedger(join(dir, 'totaalbeeld.sqlite'), defaultParameters, { keySecret: BENCH_KEY_SECRET });
const run = (id: string, command: Parameters<typeof ledger.commands.handle>[1]) => ledger.commands.handle(id, command);

for (let i = 0; i < ids.length; i += 50) {
  await Promise.all(
    ids.slice(i, i + 50).map(async (id) => {
      await run(id, registerCommand(id));
      await run(id, statementCommand(id));
    }),
  );
}

const session = new Session();
session.connect();
async function phase(name: string, body: () => Promise<number>): Promise<void> {
  if (values.profile) {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const threads0 = threadTimes();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const n = await body();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  if (values.profile) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(values.profile, `${values.label ?? 'run'}-${name}.cpuprofile`), JSON.stringify(profile));
  }
  if (process.env['THREADS']) {
    const threads1 = threadTimes();
    const per: Record<string, number> = {};
    for (const [tid, t] of threads1) per[`${tid}:${t.name}`] = Math.round(((t.ticks - (threads0.get(tid)?.ticks ?? 0)) * 10_000) / n);
    console.log(JSON.stringify({ threadsUsPerCommand: per }));
  }
  console.log(
    JSON.stringify({
      bench: `cpu_${name}`,
      label: values.label,
      perSecond: Math.round(n / seconds),
      cpuUsPerCommand: Math.round((cpu.user + cpu.system) / n),
      userUs: Math.round(cpu.user / n),
      systemUs: Math.round(cpu.system / n),
      load1: Math.round(loadavg()[0]! * 100) / 100,
    }),
  );
}

/** CPU ticks (user + system, 10 ms each) of each thread of this process (Linux /proc). */
function threadTimes(): Map<string, { name: string; ticks: number }> {
  const out = new Map<string, { name: string; ticks: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(tid, { name, ticks: Number(fields[11]) + Number(fields[12]) });
  }
  return out;
}

/** `--block-us`: the thread blocks this long after each single command, as an fsync would (does waiting itself cost CPU?). */
const BLOCK_MS = Number(values['block-us'] ?? 0) / 1000;
const blocker = new Int32Array(new SharedArrayBuffer(4));

let cursor = 0;
const next = () => ids[(cursor++ * 7919) % ids.length]!;
const PHASES = new Set((values.phases ?? 'single,concurrent').split(','));
if (PHASES.has('single'))
  await phase('single', async () => {
    const end = performance.now() + SECONDS * 1000;
    let n = 0;
    while (performance.now() < end) {
      const id = next();
      await run(id, claimCommand(id));
      n += 1;
    }
    return n;
  });
if (PHASES.has('concurrent'))
  await phase('concurrent', async () => {
    const end = performance.now() + SECONDS * 1000;
    let n = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (performance.now() < end) {
          const id = next();
          await run(id, claimCommand(id));
          n += 1;
        }
      }),
    );
    return n;
  });
await ledger.close();
removeTempDirs();
if (values.dir) rmSync(dir, { recursive: true, force: true });
