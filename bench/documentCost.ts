import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Actor } from '../domain/actors.js';
import type { HouseholdCommand } from '../domain/household/decider.js';
import { defaultParameters } from '../domain/parameters.js';
import { openEmbeddedLedger, openPostgresLedger } from '../infra/ledger.js';
import {
  benchSchema,
  BENCH_KEY_SECRET,
  claimCommand,
  creditor,
  DATABASE_URL,
  dropSchema,
  latencies,
  machine,
  numberFlag,
  postgresReachable,
  registerCommand,
  removeTempDirs,
  report,
  round,
  statementCommand,
  tempDir,
} from './support.js';

/**
 * What one household's history costs an append (issue 15, item 6): the same command (a creditor
 * registers a claim) on households with `--long` events and on households with `--short`
 * events, in one store, taking turns in slices so both see the same disk. `--long-households`
 * long ones and `--short-households` short ones, so each grows by only a few percent during the
 * run. Every document is in the overview cache (the cost measured is the append's, not a read's).
 * `--store postgres` measures the same on PostgreSQL (DATABASE_URL, a schema of its own), whose
 * overview has no cache: each append reads its household's document and writes it back.
 */
const { values } = parseArgs({
  options: {
    long: { type: 'string' },
    short: { type: 'string' },
    'long-households': { type: 'string' },
    'short-households': { type: 'string' },
    appends: { type: 'string' },
    rounds: { type: 'string' },
    store: { type: 'string' },
  },
});
const STORE = values.store ?? 'sqlite';
if (STORE !== 'sqlite' && STORE !== 'postgres') throw new Error(`--store sqlite|postgres, not ${STORE}`);
const LONG = numberFlag(values, 'long', 1_000);
const SHORT = numberFlag(values, 'short', 10);
const LONG_HOUSEHOLDS = numberFlag(values, 'long-households', 10);
const SHORT_HOUSEHOLDS = numberFlag(values, 'short-households', 200);
const APPENDS = numberFlag(values, 'appends', 1_000);
const ROUNDS = numberFlag(values, 'rounds', 10);

async function main(): Promise<void> {
  report('machine', machine());
  let schema: string | null = null;
  if (STORE === 'postgres') {
    const unreachable = await postgresReachable();
    if (unreachable) {
      report('append_cost_by_history_postgres', { skipped: `PostgreSQL not reachable at DATABASE_URL (${unreachable})` });
      return;
    }
    schema = benchSchema('document');
  }
  const ledger =
    schema === null
      ? openEmbeddedLedger(join(tempDir('tb-bench-document-'), 'ledger.sqlite'), defaultParameters)
      : await openPostgresLedger(DATABASE_URL, defaultParameters, { schema, keySecret: BENCH_KEY_SECRET });
  const handle = (id: string, command: HouseholdCommand) => ledger.commands.handle(id, command);
  let n = 0;
  /** A household of `events` events: registered, CJIB asked, then claims and part payments on them. */
  const grow = async (id: string, events: number): Promise<void> => {
    await handle(id, registerCommand(id));
    let state = (await handle(id, statementCommand(id))).state;
    let lastClaim: string | null = null;
    while (state.revision < events) {
      if (lastClaim === null) {
        const command = claimCommand(id);
        lastClaim = (command.data as { claimId: string }).claimId;
        state = (await handle(id, command)).state;
      } else {
        n += 1;
        const payment: HouseholdCommand = {
          type: 'RecordPayment',
          meta: { actor: creditor as Actor, commandId: `doc-pay-${n}`, correlationId: 'bench', recordedAt: new Date().toISOString() },
          data: { claimId: lastClaim, amount: 1_000, paidOn: '2025-02-01' },
        };
        state = (await handle(id, payment)).state;
        lastClaim = null;
      }
    }
  };
  const longIds = Array.from({ length: LONG_HOUSEHOLDS }, (_, i) => `doc-long-${i}`);
  const shortIds = Array.from({ length: SHORT_HOUSEHOLDS }, (_, i) => `doc-short-${i}`);
  const t0 = performance.now();
  await Promise.all([...longIds.map((id) => grow(id, LONG)), ...shortIds.map((id) => grow(id, SHORT))]);
  const sizes = async (ids: string[]) => {
    const docs = await Promise.all(ids.map(async (id) => (await ledger.overviews.read(id))!));
    return { events: Math.round(docs.reduce((s, d) => s + d.revision, 0) / docs.length), documentBytes: Math.round(docs.reduce((s, d) => s + JSON.stringify(d).length, 0) / docs.length) };
  };
  const before = { long: await sizes(longIds), short: await sizes(shortIds) };
  report('document_cost_setup', { seconds: round((performance.now() - t0) / 1000), long: before.long, short: before.short });

  const samples = { long: [] as number[], short: [] as number[] };
  /** CPU (user + system, µs) of the process per kind: the wall time above also holds each commit's fsync. */
  const cpu = { long: 0, short: 0 };
  const perRound = Math.max(1, Math.floor(APPENDS / ROUNDS));
  let k = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const kind of ['short', 'long'] as const) {
      const ids = kind === 'long' ? longIds : shortIds;
      for (let i = 0; i < perRound; i++) {
        const id = ids[k++ % ids.length]!;
        const t = performance.now();
        const c = process.cpuUsage();
        await handle(id, claimCommand(id));
        const used = process.cpuUsage(c);
        samples[kind].push(performance.now() - t);
        cpu[kind] += used.user + used.system;
      }
    }
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ratio = mean(samples.long) / mean(samples.short);
  report(STORE === 'postgres' ? 'append_cost_by_history_postgres' : 'append_cost_by_history', {
    store: STORE,
    long: { ...before.long, meanMs: round(mean(samples.long), 3), cpuUsPerAppend: Math.round(cpu.long / samples.long.length), ...latencies([...samples.long]) },
    short: { ...before.short, meanMs: round(mean(samples.short), 3), cpuUsPerAppend: Math.round(cpu.short / samples.short.length), ...latencies([...samples.short]) },
    appendsEach: samples.long.length,
    ratio: round(ratio),
    target: `an append to a household with ${LONG} events < 2x one with ${SHORT}`,
    met: ratio < 2,
  });
  await ledger.close();
  if (schema !== null) await dropSchema(schema);
  removeTempDirs();
}

await main();
