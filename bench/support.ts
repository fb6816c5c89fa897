import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, freshDir, postgresUnreachable, removeFreshDirs, waitForHealth } from '../test/support/host.js';
import type { Actor } from '../domain/actors.js';
import {
  createHouseholdDecider,
  evolve,
  initialState,
  type HouseholdCommand,
  type HouseholdState,
} from '../domain/household/decider.js';
import type { HouseholdEvent } from '../domain/household/events.js';
import type { ParameterTable } from '../domain/parameters.js';
import { loadDemoHousehold, type CommandSink } from '../infra/cli/demoData.js';
import { SqliteKeyStore } from '../infra/crypto/keyStore.js';
import { deriveMasterKeys } from '../infra/crypto/sealing.js';
import { SealingEventStore } from '../infra/crypto/sealingEventStore.js';
import type { EventStore, EventToAppend } from '../infra/eventStore.js';
import { databaseFile, KEYS_FILE } from '../infra/ledger.js';
import { openSqlite, type SqliteDatabase } from '../infra/sqlite/database.js';
import { SqliteEventStore } from '../infra/sqlite/sqliteEventStore.js';
import { householdStream } from '../infra/streams.js';
import { childIdFor } from '../infra/ids.js';

/**
 * What the benchmarks share: one JSON line per result, percentiles, the commands they send,
 * realistic event streams to fill a store with, and a real server process to measure.
 */

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** One result line; every line carries the 1-minute load average when it was printed (the machine is shared). */
export function report(name: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: name, ...fields, load1: round(loadavg()[0]!) }));
}

/** The machine a run was measured on (printed first by every benchmark script). */
export function machine(): Record<string, unknown> {
  const cpu = cpus();
  return { cpus: cpu.length, cpu: cpu[0]?.model.trim() ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Latency summary in milliseconds. */
export function latencies(samples: number[]): { p50Ms: number; p99Ms: number; maxMs: number } {
  samples.sort((a, b) => a - b);
  return { p50Ms: round(percentile(samples, 50)), p99Ms: round(percentile(samples, 99)), maxMs: round(samples[samples.length - 1] ?? 0) };
}

export function numberFlag(values: Record<string, string | boolean | undefined>, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined || typeof raw === 'boolean') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${raw}`);
  return n;
}

export { freshDir as tempDir, removeFreshDirs as removeTempDirs };

export const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh PostgreSQL schema name for one benchmark; `dropSchema` removes it afterwards. */
export function benchSchema(what: string): string {
  return `tb_bench_${what}_${process.pid}_${Date.now().toString(36)}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export function postgresReachable(): Promise<string | null> {
  return postgresUnreachable(DATABASE_URL);
}

// ------------------------------------------------------------------ commands

export const counsellor: Actor = { org: 'GEM-BENCH', role: 'COUNSELLOR', sub: 'bench@gem-bench.nl' };
export const creditor: Actor = { org: 'CJIB', role: 'CREDITOR', sub: 'bench@cjib.nl' };

let sequence = 0;
function meta(actor: Actor): HouseholdCommand['meta'] {
  sequence += 1;
  return { actor, commandId: `b${process.pid}-${sequence}`, correlationId: 'bench', recordedAt: new Date().toISOString() };
}

export function registerCommand(householdId: string): HouseholdCommand {
  return {
    type: 'RegisterHousehold',
    meta: meta(counsellor),
    data: {
      householdId,
      composition: 'SINGLE',
      municipality: 'Utrecht',
      members: [{ bsn: '111222333', name: 'Bench', birthDate: '1980-01-01' }],
      effectiveOn: '2025-01-01',
    },
  };
}

/** The household's counsellor asks `creditorOrg` for its claims: from then on it may register them. */
export function statementCommand(householdId: string, creditorOrg = creditor.org): HouseholdCommand {
  const m = meta(counsellor);
  return {
    type: 'RequestClaimStatement',
    meta: m,
    data: { requestId: childIdFor('claimStatement', householdId, counsellor.org, m.commandId), creditorOrg, dueOn: '2099-12-31' },
  };
}

/** The benchmarks' unit of work: a creditor (`by`, default CJIB) registers a claim on a household. */
export function claimCommand(householdId: string, by: Actor = creditor): HouseholdCommand {
  const m = meta(by);
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

export function incomeCommand(netMonthly: number, payer: string): HouseholdCommand {
  return {
    type: 'DeclareIncome',
    meta: meta(counsellor),
    data: { memberBsn: '111222333', kind: 'WAGES', payer, netMonthly, effectiveOn: '2025-01-01' },
  };
}

// ------------------------------------------------------------------ realistic streams

export function toAppend(event: HouseholdEvent): EventToAppend {
  return { type: event.type, v: event.v, data: event.data, meta: event.meta };
}

/** Runs commands on the decider in memory, as the ledger would, collecting the events. */
export function memorySink(parameters: ParameterTable): { sink: CommandSink; events: Map<string, HouseholdEvent[]> } {
  const decider = createHouseholdDecider(parameters);
  const states = new Map<string, HouseholdState>();
  const events = new Map<string, HouseholdEvent[]>();
  const sink: CommandSink = async (householdId, command) => {
    const state = states.get(householdId) ?? initialState();
    states.set(householdId, state);
    const decided = decider.decide(command, state);
    for (const e of decided) evolve(state, e);
    events.set(householdId, [...(events.get(householdId) ?? []), ...decided]);
    return { state, appended: decided.length > 0 };
  };
  return { sink, events };
}

/** One demo household's events as JSON, with its id, to be stamped out under other ids. */
export interface StreamTemplate {
  householdId: string;
  json: string;
  events: number;
}

/** `count` distinct demo households (domain/ids-shaped ids), decided in memory. */
export async function demoTemplates(count: number, seed: number, parameters: ParameterTable): Promise<StreamTemplate[]> {
  const { sink, events } = memorySink(parameters);
  const templates: StreamTemplate[] = [];
  for (let i = 0; i < count; i++) {
    const { householdId } = await loadDemoHousehold(i, sink, { seed, parameters });
    const stream = events.get(householdId)!;
    templates.push({ householdId, json: JSON.stringify(stream.map(toAppend)), events: stream.length });
    events.delete(householdId);
  }
  return templates;
}

/** A template's events under another household id (every child id names its household, so they follow). */
export function stampOut(template: StreamTemplate, householdId: string): EventToAppend[] {
  return JSON.parse(template.json.split(template.householdId).join(householdId)) as EventToAppend[];
}

export function benchHouseholdId(i: number): string {
  return `bench-${i.toString().padStart(7, '0')}`;
}

/**
 * Fills a store with `households` realistic households, stamped out of demo templates, appended
 * stream by stream (`parallel` appends in flight, so the SQLite store group-commits them).
 */
export async function fillStore(
  store: EventStore,
  options: { households: number; templates: StreamTemplate[]; parallel?: number; firstIndex?: number; onProgress?: (done: number) => void },
): Promise<{ households: number; events: number }> {
  const parallel = options.parallel ?? 256;
  const first = options.firstIndex ?? 0;
  let next = 0;
  let events = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < options.households) {
        const i = next++;
        const template = options.templates[i % options.templates.length]!;
        const id = benchHouseholdId(first + i);
        const stream = stampOut(template, id);
        await store.append(householdStream(id), stream, 0);
        events += stream.length;
        if (options.onProgress && i % 10_000 === 0) options.onProgress(i);
      }
    }),
  );
  return { households: options.households, events };
}

/** The master secret the filled stores and the servers started on them share. */
export const BENCH_KEY_SECRET = 'totaalbeeld-bench-key-secret-0123456789-abcdefgh';

/**
 * The embedded store of a data directory, as the server opens it (personal data sealed with
 * per-household keys in keys.sqlite beside it) but without the inline read model: filling it
 * is fast, and the read model is rebuilt afterwards.
 */
export function openFillStore(dataDir: string): { store: EventStore; db: SqliteDatabase; close(): Promise<void> } {
  const db = openSqlite(databaseFile(dataDir));
  const keysDb = new Database(join(dataDir, KEYS_FILE));
  keysDb.pragma('journal_mode = WAL');
  keysDb.pragma('synchronous = FULL');
  keysDb.pragma('secure_delete = ON');
  const master = deriveMasterKeys(BENCH_KEY_SECRET);
  const keys = new SqliteKeyStore(keysDb, master);
  const store = new SealingEventStore(new SqliteEventStore(db, []), keys);
  return {
    store,
    db,
    close: async () => {
      await store.close();
      await keys.close();
    },
  };
}

// ------------------------------------------------------------------ a real server

export { freePort };

export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident set size of the server process, in MB (from /proc). */
  rssMb(): number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `api/index.ts` in a node process of its own (tsx as a loader, so the pid is the server's
 * own), on a free port, with the given data directory.
 */
export async function startServerProcess(dataDir: string, env: Record<string, string> = {}, options: { entry?: string; nodeArgs?: string[] } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const clean: NodeJS.ProcessEnv = {};
  // The caller's TOTAALBEELD_ settings are left out, but for where the embedded store commits and
  // the cache bounds, so an A/B of those runs every benchmark's server both ways
  // (`TOTAALBEELD_SQLITE_COMMIT=worker npm run bench`, `TOTAALBEELD_CACHE_OVERVIEWS_BYTES=… npm run bench`).
  const passedOn = (k: string): boolean =>
    k.startsWith('TOTAALBEELD_') ? k === 'TOTAALBEELD_SQLITE_COMMIT' || k.startsWith('TOTAALBEELD_CACHE_') : k !== 'PORT' && k !== 'NODE_ENV';
  for (const [k, v] of Object.entries(process.env)) if (passedOn(k)) clean[k] = v;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...(options.entry ? [options.entry] : ['--import', 'tsx', 'api/index.ts'])], {
    cwd: ROOT,
    env: {
      ...clean,
      NODE_ENV: 'development',
      PORT: String(port),
      TOTAALBEELD_DATA_DIR: dataDir,
      TOTAALBEELD_JWT_SECRET: BENCH_SECRET,
      TOTAALBEELD_KEY_SECRET: BENCH_KEY_SECRET,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => output, () => child.kill('SIGKILL'));
  return {
    url,
    pid: child.pid!,
    rssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** A token the server accepts: signed with the secret we give it. */
export const BENCH_SECRET = 'totaalbeeld-bench-secret-0123456789-abcdefgh';

/**
 * The server as it ships: `npm run build:server` (tsc into dist/), then `node dist/api/index.js`,
 * the Dockerfile's CMD. Built once per benchmark process.
 */
let built: Promise<string> | undefined;
export function shippedServer(): Promise<string> {
  built ??= new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('close', (code) => (code === 0 ? resolve(join(ROOT, 'dist/api/index.js')) : reject(new Error(`npm run build:server failed: ${stderr}`))));
  });
  return built;
}

/** NODE_OPTIONS the shipped start command sets (package.json start:production, the Dockerfile's CMD). */
export function shippedNodeOptions(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const start = pkg.scripts['start:production'] ?? '';
  return (start.match(/--max-old-space-size=\d+|--max-semi-space-size=\d+/g) ?? []).join(' ');
}
