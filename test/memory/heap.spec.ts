import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../api/auth.js';
import { defaultParameters } from '../../domain/parameters.js';
import { SqliteKeyStore } from '../../infra/crypto/keyStore.js';
import { deriveMasterKeys } from '../../infra/crypto/sealing.js';
import { SealingEventStore } from '../../infra/crypto/sealingEventStore.js';
import { databaseFile, KEYS_FILE } from '../../infra/ledger.js';
import { openSqlite } from '../../infra/sqlite/database.js';
import { SqliteHouseholdOverviews } from '../../infra/sqlite/householdOverviews.js';
import { SqliteEventStore } from '../../infra/sqlite/sqliteEventStore.js';
import { householdStream } from '../../infra/streams.js';
import { freePort, freshDir, removeFreshDirs, waitForHealth } from '../support/host.js';
import { bigHousehold } from './bigHouseholds.js';

/**
 * The server's caches are bounded in bytes, so a heap of 128 MB does not run out however large
 * the households are. 120 households of 1,000 events each (499 claims with a free-text
 * description of 1,200 characters) are read in full by the ombudsman, through the API of a
 * server started with `--max-old-space-size=128`. Each read leaves the parsed overview (~0.7 MB)
 * and its opened form (~0.5 MB) in the caches: bounded at 2,000 documents each, as they were,
 * they would hold all 120 households (~145 MB) and run out; the byte bounds keep about 20 MB.
 *
 * The second test proves the first can fail: with the byte bounds lifted (only the count bound
 * left), the same reads run the server out of memory.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOUSEHOLDS = 120;
const EVENTS = 1_000;
const JWT_SECRET = 'memory-test-jwt-secret-0123456789-abcdefgh';
const KEY_SECRET = 'memory-test-key-secret-0123456789-abcdefgh';
const LONG = 300_000;
const GIGABYTE = String(1024 * 1024 * 1024);

let dataDir: string;

/**
 * The data directory as the server opens it (personal data sealed with each household's key),
 * filled without the inline read model and then rebuilt once: folding 1,000 events a household
 * in one go is far quicker than document by document.
 */
beforeAll(async () => {
  dataDir = freshDir('totaalbeeld-heap-');
  const db = openSqlite(databaseFile(dataDir));
  const keysDb = new Database(join(dataDir, KEYS_FILE));
  keysDb.pragma('journal_mode = WAL');
  const master = deriveMasterKeys(KEY_SECRET);
  const keys = new SqliteKeyStore(keysDb, master);
  const store = new SealingEventStore(new SqliteEventStore(db, []), keys);
  try {
    await Promise.all(
      Array.from({ length: HOUSEHOLDS }, (_, i) => store.append(householdStream(householdId(i)), bigHousehold(householdId(i), EVENTS), 0)),
    );
    expect(await new SqliteHouseholdOverviews(db).rebuild()).toEqual({ events: HOUSEHOLDS * EVENTS, households: HOUSEHOLDS });
  } finally {
    await store.close();
    await keys.close();
  }
}, LONG);

afterAll(removeFreshDirs);

function householdId(i: number): string {
  return `heap-${String(i).padStart(4, '0')}`;
}

interface Server {
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  stop(): Promise<void>;
}

async function startCapped(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TOTAALBEELD_') && k !== 'PORT' && k !== 'NODE_ENV') clean[k] = v;
  const child = spawn(process.execPath, ['--max-old-space-size=128', '--import', 'tsx', 'api/index.ts'], {
    cwd: ROOT,
    env: {
      ...clean,
      NODE_ENV: 'development',
      PORT: String(port),
      TOTAALBEELD_DATA_DIR: dataDir,
      TOTAALBEELD_JWT_SECRET: JWT_SECRET,
      TOTAALBEELD_KEY_SECRET: KEY_SECRET,
      TOTAALBEELD_LOG_LEVEL: 'silent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => output, stop);
  return { url, exited, output: () => output, stop };
}

const QUERY = `query Household($id: ID!) {
  household(id: $id) { id revision members { name } claims { id description outstanding } }
}`;

/** Reads every household in full; stops at the first failure (a dead server) and says where. */
async function readAll(server: Server, token: string): Promise<{ read: number; claims: number; failure?: string }> {
  let claims = 0;
  for (let i = 0; i < HOUSEHOLDS; i++) {
    try {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'OVERSIGHT' },
        body: JSON.stringify({ query: QUERY, variables: { id: householdId(i) } }),
      });
      const body = (await response.json()) as { data?: { household: { claims: Array<{ description: string }> } }; errors?: unknown };
      if (!body.data?.household) return { read: i, claims, failure: JSON.stringify(body.errors) };
      claims += body.data.household.claims.length;
    } catch (error) {
      return { read: i, claims, failure: error instanceof Error ? error.message : String(error) };
    }
  }
  return { read: HOUSEHOLDS, claims };
}

describe('a server with a heap of 128 MB', () => {
  it(
    'reads 120 households of 1,000 events each without running out of memory',
    async () => {
      const server = await startCapped({});
      try {
        const token = await signToken({ role: 'OMBUDSMAN', org: 'NATIONALE-OMBUDSMAN', sub: 'onderzoek', expiresIn: '1h' }, { secret: JWT_SECRET });
        const result = await readAll(server, token);
        expect(result, server.output()).toEqual({ read: HOUSEHOLDS, claims: HOUSEHOLDS * 499 });
        const health = await fetch(`${server.url}/health`);
        expect(health.status).toBe(200);
      } finally {
        await server.stop();
      }
    },
    LONG,
  );

  it(
    'runs out of memory on the same reads when the caches are bounded by count only',
    async () => {
      const server = await startCapped({ TOTAALBEELD_CACHE_OVERVIEWS_BYTES: GIGABYTE, TOTAALBEELD_CACHE_OPENED_BYTES: GIGABYTE });
      try {
        const token = await signToken({ role: 'OMBUDSMAN', org: 'NATIONALE-OMBUDSMAN', sub: 'onderzoek', expiresIn: '1h' }, { secret: JWT_SECRET });
        const result = await readAll(server, token);
        expect(result.read, `read ${result.read} households`).toBeLessThan(HOUSEHOLDS);
        const exit = await server.exited;
        expect(server.output()).toMatch(/heap out of memory/i);
        expect(exit.code ?? exit.signal).not.toBe(0);
      } finally {
        await server.stop();
      }
    },
    LONG,
  );
});
