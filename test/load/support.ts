import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signToken } from '../../api/auth.js';
import type { Role } from '../../domain/actors.js';
import { errorCodes } from '../../domain/errors.js';
import { DATABASE_FILE, KEYS_FILE } from '../../infra/ledger.js';
import { openSqlite } from '../../infra/sqlite/database.js';
import { SqliteHouseholdOverviews } from '../../infra/sqlite/householdOverviews.js';
import { freePort, freshDir, removeFreshDirs, waitForHealth } from '../support/host.js';

export { freePort, freshDir, removeFreshDirs as removeDirs };

/**
 * A real server process for the load and fault tests: `api/index.ts` in a node process of its
 * own (tsx as a loader, so SIGKILL hits the server itself), its data in a temporary directory,
 * everything over loopback HTTP.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const JWT_SECRET = 'totaalbeeld-load-secret-0123456789-abcdefghij';
export const KEY_SECRET = 'totaalbeeld-load-key-secret-0123456789-abcdefgh';
export const DOCUMENTED_CODES: ReadonlySet<string> = new Set<string>(errorCodes);
/** The 30 s variants (and other long runs) only with TOTAALBEELD_LONG_TESTS=1. */
export const LONG = process.env['TOTAALBEELD_LONG_TESTS'] === '1';


/** The environment without the developer's TOTAALBEELD_* settings. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('TOTAALBEELD_') || key === 'PORT' || key === 'NODE_ENV' || key === 'DATABASE_URL') continue;
    env[key] = value;
  }
  return {
    ...env,
    NODE_ENV: 'development',
    TOTAALBEELD_JWT_SECRET: JWT_SECRET,
    TOTAALBEELD_KEY_SECRET: KEY_SECRET,
    TOTAALBEELD_LOG_LEVEL: 'warn',
    ...extra,
  };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** SIGKILL at once: no shutdown, no flush. */
  kill(): Promise<void>;
}

function exitedOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('close', () => resolve());
  });
}

export interface ScriptProcess {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves when it exits (or is killed after `timeoutMs`). */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * Starts a script in a node process of its own, inside `sh -c '<shell>; exec node …'` when a
 * shell prelude is given (e.g. a ulimit): the exec keeps the pid, so killing the child kills node.
 */
export function startScript(script: string, args: string[], env: NodeJS.ProcessEnv, options: { shell?: string; timeoutMs?: number } = {}): ScriptProcess {
  const node = [process.execPath, '--import', 'tsx', script, ...args];
  const child = options.shell
    ? spawn('/bin/sh', ['-c', `${options.shell}; exec "$@"`, 'sh', ...node], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(node[0]!, node.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, output: () => ({ stdout, stderr }), done };
}

/** Runs a script to completion (a CLI, or a start that must fail). */
export function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { shell?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return startScript(script, args, env, options).done;
}

export async function startServer(dataDir: string, extra: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/index.ts'], {
    cwd: ROOT,
    env: cleanEnv({ PORT: String(port), TOTAALBEELD_DATA_DIR: dataDir, ...extra }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    url,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exitedOf(child).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
      if (!done) await server.kill();
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exitedOf(child);
    },
  };
  await waitForHealth(url, child, () => output, () => server.kill());
  return server;
}

export function token(role: Role, org: string): Promise<string> {
  return signToken({ role, org, sub: `load@${org}`, expiresIn: '1h' }, { secret: JWT_SECRET });
}

export interface Answer {
  status: number;
  body: { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } & Record<string, unknown> }> };
}

/** A GraphQL request; a connection refused or reset (a killed server) throws. */
export async function gql(url: string, bearer: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Answer['body'] };
}

export const Q = {
  registerHousehold: 'mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId revision } }',
  declareIncome: 'mutation ($input: DeclareIncomeInput!) { declareIncome(input: $input) { revision } }',
  registerClaim: 'mutation ($input: RegisterClaimInput!) { registerClaim(input: $input) { id outstanding } }',
  requestClaimStatement: 'mutation ($input: RequestClaimStatementInput!) { requestClaimStatement(input: $input) { revision } }',
  recordPayment: 'mutation ($input: RecordPaymentInput!) { recordPayment(input: $input) { revision } }',
  registerMeasure: 'mutation ($input: RegisterMeasureInput!) { registerMeasure(input: $input) { measureId monthly } }',
  capacity: `query ($id: ID!, $on: Date) { household(id: $id) { revision claims { id outstanding }
    capacity(on: $on) { netIncome protectedIncome attachable committed remaining flags allocations { measureId monthly } } } }`,
};

export const BSNS = ['111222333', '999993653'] as const;

// ------------------------------------------------------------------ reading the store

export interface StoreFacts {
  events: number;
  /** Events per `org \0 commandId`. */
  perCommand: Map<string, number>;
  /** Streams whose revisions are not exactly 1..n, or whose streams row disagrees. */
  brokenStreams: string[];
  checkpoint: number;
  lastPosition: number;
  integrity: string;
}

export function commandKey(org: string, commandId: string): string {
  return `${org}\u0000${commandId}`;
}

/** What the file holds, read directly (the server stopped or killed). */
export function readStore(dataDir: string): StoreFacts {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const rows = db.prepare<[], { org: string; command_id: string; n: number }>(
      `SELECT json_extract(meta, '$.org') AS org, command_id, count(*) AS n FROM events GROUP BY org, command_id`,
    ).all();
    const perCommand = new Map(rows.map((r) => [commandKey(r.org, r.command_id), r.n] as const));
    const broken = db.prepare<[], { stream_id: string }>(
      `SELECT e.stream_id FROM events e LEFT JOIN streams s ON s.stream_id = e.stream_id
       GROUP BY e.stream_id HAVING count(*) <> max(e.revision) OR min(e.revision) <> 1 OR max(s.revision) IS NOT max(e.revision)`,
    ).all();
    const orphanStreams = db.prepare<[], { stream_id: string }>(
      'SELECT stream_id FROM streams WHERE stream_id NOT IN (SELECT stream_id FROM events)',
    ).all();
    return {
      events: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()!.n,
      perCommand,
      brokenStreams: [...broken, ...orphanStreams].map((r) => r.stream_id),
      checkpoint: db.prepare<[], { position: number }>("SELECT position FROM projection_checkpoints WHERE name = 'household_overview'").get()?.position ?? 0,
      lastPosition: db.prepare<[], { p: number | null }>('SELECT max(global_position) AS p FROM events').get()!.p ?? 0,
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

/**
 * The read model as the server left it, and as `rebuild` folds it again from the events, on a
 * copy of the data directory (the original is left as it is).
 */
export async function readModelAndRebuild(dataDir: string): Promise<{ stored: unknown; rebuilt: unknown; events: number }> {
  const copy = freshDir('tb-rebuild-copy-');
  for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`, KEYS_FILE, `${KEYS_FILE}-wal`]) {
    if (existsSync(join(dataDir, file))) cpSync(join(dataDir, file), join(copy, file));
  }
  const db = openSqlite(join(copy, DATABASE_FILE));
  try {
    const overviews = new SqliteHouseholdOverviews(db);
    const stored = overviews.dump();
    const { events } = await overviews.rebuild();
    return { stored, rebuilt: overviews.dump(), events };
  } finally {
    db.close();
  }
}
