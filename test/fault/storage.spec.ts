import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays, businessDateAt } from '../../domain/dates.js';
import {
  BSNS,
  cleanEnv,
  commandKey,
  freePort,
  freshDir,
  gql,
  Q,
  readModelAndRebuild,
  readStore,
  removeDirs,
  startScript,
  startServer,
  token,
} from '../load/support.js';

/**
 * A data directory the server cannot write (read-only) or that is full: a clear one-line error
 * at start, and nothing lost once the directory is writable again. A directory that fills up
 * while the server runs: commands are refused, none is acknowledged without being stored, and
 * after a restart every acknowledged command is there.
 *
 * Without root-only mounts: read-only is `chattr +i` when running as root (root ignores file
 * modes) and chmod otherwise; full is RLIMIT_FSIZE (`ulimit -f`, SIGXFSZ ignored), which makes
 * every write past the limit fail as a full disk would.
 */
afterAll(() => removeDirs());

const FAILED_TO_START = /^Totaalbeeld failed to start: .+/;

interface Filled {
  dataDir: string;
  householdId: string;
  acks: Array<{ org: string; commandId: string }>;
  revision: number;
}

/** A data directory with a household and a few claims in it, the server stopped. */
async function filledDataDir(): Promise<Filled> {
  const dataDir = freshDir('tb-storage-');
  const server = await startServer(dataDir, { TOTAALBEELD_RATE_LIMIT_PER_SECOND: '0' });
  try {
    const counsellor = await token('COUNSELLOR', 'GEM-STORAGE');
    const registered = await gql(server.url, counsellor, Q.registerHousehold, {
      input: { commandId: 'storage-household', composition: 'SINGLE', municipality: 'Utrecht', members: [{ bsn: BSNS[0], name: 'Jan', birthDate: '1980-01-01' }], effectiveOn: '2025-01-01' },
    });
    const householdId = registered.body.data.registerHousehold.householdId as string;
    // Creditors come in by invitation (issue 11): the counsellor asks CJIB for its claims first.
    const requested = await gql(server.url, counsellor, Q.requestClaimStatement, {
      input: { commandId: 'storage-statement', householdId, creditorOrg: 'CJIB', dueOn: addDays(businessDateAt(new Date().toISOString()), 28) },
    });
    expect(requested.body.errors).toBeUndefined();
    const acks = [
      { org: 'GEM-STORAGE', commandId: 'storage-household' },
      { org: 'GEM-STORAGE', commandId: 'storage-statement' },
    ];
    const creditor = await token('CREDITOR', 'CJIB');
    for (let i = 0; i < 5; i++) {
      const answer = await gql(server.url, creditor, Q.registerClaim, {
        input: { commandId: `storage-claim-${i}`, householdId, reference: `R${i}`, description: 'Boete', principal: 10_000 + i, preferential: false, consumer: true, incurredOn: '2025-02-01' },
      });
      expect(answer.body.errors).toBeUndefined();
      acks.push({ org: 'CJIB', commandId: `storage-claim-${i}` });
    }
    return { dataDir, householdId, acks, revision: 7 };
  } finally {
    await server.stop();
  }
}

/** Everything acknowledged is there, once, and the server serves it again. */
async function expectIntact(filled: Filled): Promise<void> {
  const facts = readStore(filled.dataDir);
  for (const a of filled.acks) expect(facts.perCommand.get(commandKey(a.org, a.commandId)), a.commandId).toBe(1);
  expect(facts.brokenStreams).toEqual([]);
  expect(facts.integrity).toBe('ok');
  const { stored, rebuilt } = await readModelAndRebuild(filled.dataDir);
  expect(rebuilt).toEqual(stored);
  const server = await startServer(filled.dataDir);
  try {
    // Served by the process started here (not one left over from before).
    const health = (await (await fetch(`${server.url}/health`)).json()) as { pid: number };
    expect(health.pid).toBe(server.child.pid);
    const answer = await gql(server.url, await token('OMBUDSMAN', 'NATIONALE-OMBUDSMAN'), Q.capacity, { id: filled.householdId, on: '2025-03-01' });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.household.revision).toBeGreaterThanOrEqual(filled.revision);
  } finally {
    await server.stop();
  }
}

/**
 * Starts the server and waits until it either exits or says it serves; one that serves is
 * stopped at once (the start should have failed).
 */
async function tryStart(dataDir: string, shell?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = startScript('api/index.ts', [], cleanEnv({ PORT: String(await freePort()), TOTAALBEELD_DATA_DIR: dataDir }), shell ? { shell } : {});
  for (;;) {
    const exited = await Promise.race([script.done.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 100))]);
    if (exited) return script.done;
    if (script.output().stdout.includes('Totaalbeeld API on')) {
      script.child.kill('SIGKILL');
      return script.done;
    }
  }
}

function expectOneLineStartError(result: { code: number | null; stdout: string; stderr: string }): string {
  expect(result.code, result.stdout + result.stderr).not.toBe(0);
  expect(result.stdout).not.toContain('Totaalbeeld API on');
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(FAILED_TO_START);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

// ------------------------------------------------------------------ read-only

const root = process.getuid?.() === 0;

/** Makes paths unwritable: immutable as root, read-only modes otherwise. Answers how to undo it, or null when it cannot. */
function makeReadOnly(paths: string[]): (() => void) | null {
  try {
    if (root) {
      execFileSync('chattr', ['+i', ...paths], { stdio: 'ignore' });
      return () => execFileSync('chattr', ['-i', ...paths], { stdio: 'ignore' });
    }
    for (const p of paths) chmodSync(p, p.endsWith('.sqlite') ? 0o444 : 0o555);
    return () => {
      for (const p of paths) chmodSync(p, p.endsWith('.sqlite') ? 0o644 : 0o755);
    };
  } catch {
    return null;
  }
}

function writable(dir: string): boolean {
  try {
    writeFileSync(join(dir, '.probe'), 'x');
    rmSync(join(dir, '.probe'));
    return true;
  } catch {
    return false;
  }
}

async function readOnlyStart(scenario: 'the directory and its files' | 'the database files only'): Promise<void> {
  const filled = await filledDataDir();
  const files = readdirSync(filled.dataDir).map((f) => join(filled.dataDir, f));
  const paths = scenario === 'the directory and its files' ? [filled.dataDir, ...files] : files.filter((f) => f.endsWith('.sqlite'));
  const undo = makeReadOnly(paths);
  if (undo === null || (scenario === 'the directory and its files' && writable(filled.dataDir))) {
    undo?.();
    console.warn(`read-only ${scenario}: cannot make it read-only here (chattr unavailable), skipped`);
    return;
  }
  try {
    const line = expectOneLineStartError(await tryStart(filled.dataDir));
    console.info(`read-only ${scenario}: ${line}`);
  } finally {
    undo();
    await expectIntact(filled);
  }
}

describe('a read-only data directory', () => {
  it('(the directory and its files) stops the start with one clear line and loses nothing', () => readOnlyStart('the directory and its files'), 120_000);

  // Was a bug: SQLite opens a write-protected database file read-only without a word, and a
  // migrated WAL file needs no write to open, so the server started and failed every command.
  // openSqlite now proves it can write at start.
  it('(the database files only) stops the start with one clear line and loses nothing', () => readOnlyStart('the database files only'), 120_000);
});

// ------------------------------------------------------------------ full

/** RLIMIT_FSIZE in 512-byte blocks (sh's unit), with SIGXFSZ ignored so a write fails instead of killing. */
function fileSizeLimit(blocks: number): string {
  return `trap '' XFSZ; ulimit -f ${blocks}`;
}

describe('a full data directory', () => {
  it('stops the start with one clear line and loses nothing', async () => {
    const filled = await filledDataDir();
    const line = expectOneLineStartError(await tryStart(filled.dataDir, fileSizeLimit(1)));
    console.info(`full at start: ${line}`);
    await expectIntact(filled);
  }, 120_000);

  it('refuses commands once it fills up while running, acknowledges none it did not store, and keeps them all across a restart', async () => {
    const filled = await filledDataDir();
    const port = await freePort();
    // Room for the shared-memory index and a few commits' worth of write-ahead log, then full.
    const server = startScript('api/index.ts', [], cleanEnv({ PORT: String(port), TOTAALBEELD_DATA_DIR: filled.dataDir, TOTAALBEELD_RATE_LIMIT_PER_SECOND: '0' }), {
      shell: fileSizeLimit(240),
      timeoutMs: 120_000,
    });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${url}/health`)).status === 200) break;
      } catch {
        // Not yet.
      }
      if (i > 300) throw new Error(`server did not start: ${JSON.stringify(server.output())}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const creditor = await token('CREDITOR', 'CJIB');
    const codes = new Map<string, number>();
    let statuses5xx = 0;
    for (let i = 0; i < 200; i++) {
      const commandId = `full-claim-${i}`;
      const answer = await gql(url, creditor, Q.registerClaim, {
        input: { commandId, householdId: filled.householdId, reference: commandId, description: 'x'.repeat(1_500), principal: 10_000, preferential: false, consumer: true, incurredOn: '2025-02-01' },
      });
      if (answer.status >= 500) statuses5xx += 1;
      if (answer.body.errors) for (const e of answer.body.errors) codes.set(e.extensions?.code ?? 'none', (codes.get(e.extensions?.code ?? 'none') ?? 0) + 1);
      else filled.acks.push({ org: 'CJIB', commandId });
    }
    console.info(`full while running: ${filled.acks.length - 6} commands acknowledged, then refused: ${JSON.stringify(Object.fromEntries(codes))}`);
    // It filled up (some were refused) after taking some.
    expect([...codes.values()].reduce((s, n) => s + n, 0)).toBeGreaterThan(0);
    expect(filled.acks.length).toBeGreaterThan(6);
    expect(statuses5xx).toBe(0);
    // The server is still up and answers reads.
    expect((await fetch(`${url}/health`)).status).toBe(200);
    server.child.kill('SIGTERM');
    await server.done;
    await expectIntact(filled);
  }, 180_000);
});
