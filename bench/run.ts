import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Actor } from '../domain/actors.js';
import type { HouseholdCommand } from '../domain/household/decider.js';
import { defaultParameters } from '../domain/parameters.js';
import { protectedIncomeOn } from '../domain/protectedIncome.js';
import { openEmbeddedLedger, type EmbeddedLedger as Ledger } from '../infra/ledger.js';

/**
 * `npm run bench`: the embedded command path against the physical limit measured in the same
 * run (a raw better-sqlite3 append with a revision check, synchronous=FULL). Each result is one
 * JSON line; BENCHMARKS.md records them with the machine.
 */
const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '5' },
    writers: { type: 'string', default: '50' },
  },
});
const HOUSEHOLDS = Number(values.households);
const SECONDS = Number(values.seconds);
const WRITERS = Number(values.writers);

const dir = mkdtempSync(join(tmpdir(), 'tb-bench-'));
const counsellor: Actor = { org: 'GEM-BENCH', role: 'COUNSELLOR', sub: 'bench' };
const creditor: Actor = { org: 'CJIB', role: 'CREDITOR', sub: 'bench' };
let commandSeq = 0;

function report(result: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: 'totaalbeeld', ...result }));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function now(): string {
  return new Date().toISOString();
}

function meta(actor: Actor) {
  commandSeq += 1;
  return { actor, commandId: `b${commandSeq}`, correlationId: 'bench', recordedAt: now() };
}

function registerCommand(id: string): HouseholdCommand {
  return {
    type: 'RegisterHousehold',
    meta: meta(counsellor),
    data: {
      householdId: id,
      composition: 'SINGLE',
      municipality: 'Utrecht',
      members: [{ bsn: '111222333', name: 'Bench', birthDate: '1980-01-01' }],
      effectiveOn: '2025-01-01',
    },
  };
}

function claimCommand(householdId: string): HouseholdCommand {
  const m = meta(creditor);
  return {
    type: 'RegisterClaim',
    meta: m,
    data: {
      claimId: `${householdId}.claim-${m.commandId}`,
      reference: m.commandId,
      description: 'bench claim',
      principal: 50_000,
      preferential: false,
      consumer: true,
      incurredOn: '2025-01-01',
    },
  };
}

/** The physical limit: one durable transaction per append, with a revision check. */
function rawAppends(seconds: number): number {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (pos INTEGER PRIMARY KEY, stream TEXT, rev INTEGER, data TEXT, UNIQUE(stream, rev));
           CREATE TABLE streams (stream TEXT PRIMARY KEY, rev INTEGER) WITHOUT ROWID;`);
  const get = db.prepare<[string], { rev: number }>('SELECT rev FROM streams WHERE stream = ?');
  const ins = db.prepare('INSERT INTO events (stream, rev, data) VALUES (?, ?, ?)');
  const up = db.prepare('INSERT INTO streams (stream, rev) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET rev = excluded.rev');
  const append = db.transaction((stream: string, expected: number) => {
    const current = get.get(stream)?.rev ?? 0;
    if (current !== expected) throw new Error('conflict');
    ins.run(stream, current + 1, '{"type":"ClaimRegistered","data":{"principal":50000}}');
    up.run(stream, current + 1);
  });
  const revs = new Map<string, number>();
  let count = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const stream = `h-${count % HOUSEHOLDS}`;
    const rev = revs.get(stream) ?? 0;
    append.immediate(stream, rev);
    revs.set(stream, rev + 1);
    count += 1;
  }
  db.close();
  return count / seconds;
}

async function seed(ledger: Ledger): Promise<string[]> {
  const ids = Array.from({ length: HOUSEHOLDS }, (_, i) => `bench-${i}`);
  const started = performance.now();
  for (let i = 0; i < ids.length; i += 200) {
    await Promise.all(ids.slice(i, i + 200).map((id) => ledger.commands.handle(id, registerCommand(id))));
  }
  report({ name: 'seed_households', households: ids.length, seconds: (performance.now() - started) / 1000 });
  return ids;
}

async function singleCommands(ledger: Ledger, ids: string[], seconds: number): Promise<number> {
  let count = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const id = ids[count % ids.length]!;
    await ledger.commands.handle(id, claimCommand(id));
    count += 1;
  }
  return count / seconds;
}

async function concurrentCommands(ledger: Ledger, ids: string[], seconds: number, writers: number) {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < end) {
        const id = ids[(next++ * 7919) % ids.length]!;
        const t0 = performance.now();
        await ledger.commands.handle(id, claimCommand(id));
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function capacityCheck(ledger: Ledger): Promise<{ medianMs: number; events: number }> {
  const id = 'bench-capacity';
  await ledger.commands.handle(id, registerCommand(id));
  for (let i = 0; i < 999; i++) {
    const command: HouseholdCommand =
      i % 3 === 0
        ? {
            type: 'DeclareIncome',
            meta: meta(counsellor),
            data: { memberBsn: '111222333', kind: 'WAGES', payer: `P${i % 5}`, netMonthly: 100_000 + i, effectiveOn: '2025-01-01' },
          }
        : claimCommand(id);
    await ledger.commands.handle(id, command);
  }
  const times: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t0 = performance.now();
    const overview = ledger.overviews.get(id)!;
    protectedIncomeOn(overview, ledger.parameters, '2025-03-01');
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { medianMs: percentile(times, 50), events: ledger.overviews.get(id)!.revision };
}

async function main(): Promise<void> {
  report({ name: 'machine', cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version });
  const raw = rawAppends(SECONDS);
  report({ name: 'raw_sqlite_full_append', perSecond: Math.round(raw) });

  const ledger = openEmbeddedLedger(join(dir, 'ledger.sqlite'), defaultParameters);
  const ids = await seed(ledger);
  const single = await singleCommands(ledger, ids, SECONDS);
  report({ name: 'command_path_single', perSecond: Math.round(single), ratioToRaw: Number((single / raw).toFixed(2)), target: '>= 0.5' });

  const concurrent = await concurrentCommands(ledger, ids, SECONDS, WRITERS);
  report({
    name: 'command_path_concurrent',
    writers: WRITERS,
    perSecond: Math.round(concurrent.perSecond),
    p50Ms: Number(concurrent.p50.toFixed(2)),
    p99Ms: Number(concurrent.p99.toFixed(2)),
    target: '>= 5000/s, p99 < 10 ms',
  });

  const capacity = await capacityCheck(ledger);
  report({ name: 'capacity_check', events: capacity.events, medianMs: Number(capacity.medianMs.toFixed(3)), target: 'median < 1 ms' });

  const t0 = performance.now();
  const rebuilt = ledger.overviews.rebuild();
  const rebuildSeconds = (performance.now() - t0) / 1000;
  report({ name: 'projection_rebuild_sqlite', events: rebuilt.events, perSecond: Math.round(rebuilt.events / rebuildSeconds), target: '>= 50000/s' });
  report({ name: 'rss', mb: Math.round(process.memoryUsage().rss / 1e6) });
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
