import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LedgerError } from '../../domain/errors.js';
import { defaultParameters } from '../../domain/parameters.js';
import { databaseFile, openEmbeddedLedger, type EmbeddedLedger } from '../../infra/ledger.js';
import { openSqlite } from '../../infra/sqlite/database.js';
import { SqliteEventStore } from '../../infra/sqlite/sqliteEventStore.js';
import { WorkerCommitter } from '../../infra/sqlite/workerCommitter.js';
import { householdStream } from '../../infra/streams.js';
import { claimCommand, registerCommand, statementCommand } from '../../bench/support.js';

/**
 * The embedded store can commit on a worker thread that owns the write connection
 * (infra/sqlite/workerCommitter.ts, `commitOn: 'worker'`); the main thread keeps a connection for reads and the
 * overview cache. What must hold: an acknowledged command's overview is what the next query on
 * the main thread sees, the cache keeps what the worker did not change, and a commit to the
 * file by any other connection still drops it.
 */
const KEY = 'commit-worker-test-secret';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function freshFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tb-worker-'));
  dirs.push(dir);
  return databaseFile(dir);
}

async function registered(ledger: EmbeddedLedger, ids: readonly string[]): Promise<void> {
  await Promise.all(
    ids.map(async (id) => {
      await ledger.commands.handle(id, registerCommand(id));
      await ledger.commands.handle(id, statementCommand(id));
    }),
  );
}

describe('the SQLite commit worker', () => {
  it('commits a file store on the worker: appends resolve with their places, errors keep their class', async () => {
    const ledger = openEmbeddedLedger(freshFile(), defaultParameters, { keySecret: KEY, commitOn: 'worker' });
    try {
      await registered(ledger, ['w1']);
      const receipt = await ledger.commands.handle('w1', claimCommand('w1'));
      expect(receipt.receipt.revision).toBe(3);
      const stored = await ledger.store.readStream(householdStream('w1'));
      expect(stored.map((e) => e.revision)).toEqual([1, 2, 3]);
      // A stale append fails alone, as a LedgerError with its details (sent back from the worker).
      const stale = ledger.store.append(householdStream('w1'), [{ ...stored[2]!, meta: { ...stored[2]!.meta, commandId: 'other' } } as never], 1);
      await expect(stale).rejects.toBeInstanceOf(LedgerError);
      await expect(stale).rejects.toMatchObject({ code: 'CONFLICT', details: { expected: 1, actual: 3 } });
    } finally {
      await ledger.close();
    }
  });

  it('read-your-writes under 50 concurrent commands: each acknowledged command is in the next query', async () => {
    const ledger = openEmbeddedLedger(freshFile(), defaultParameters, { keySecret: KEY, commitOn: 'worker' });
    try {
      const ids = Array.from({ length: 25 }, (_, i) => `ryw-${i}`);
      await registered(ledger, ids);
      for (const id of ids) ledger.overviews.get(id); // warm: the cache holds every household
      const stale: string[] = [];
      await Promise.all(
        Array.from({ length: 50 }, async (_, w) => {
          for (let k = 0; k < 8; k++) {
            const id = ids[(w + k) % ids.length]!;
            const { receipt } = await ledger.commands.handle(id, claimCommand(id));
            const seen = ledger.overviews.get(id)!.revision;
            if (seen < receipt.revision) stale.push(`${id}: acknowledged ${receipt.revision}, read ${seen}`);
          }
        }),
      );
      expect(stale).toEqual([]);
      expect(ids.reduce((n, id) => n + ledger.overviews.get(id)!.claims.length, 0)).toBe(400);
    } finally {
      await ledger.close();
    }
  }, 60_000);

  it("keeps the overview cache across the worker's commits to other households and other tables' writes", async () => {
    const ledger = openEmbeddedLedger(freshFile(), defaultParameters, { keySecret: KEY, commitOn: 'worker' });
    try {
      await registered(ledger, ['keep-a', 'keep-b']);
      const a = ledger.overviews.get('keep-a');
      await ledger.commands.handle('keep-b', claimCommand('keep-b'));
      await ledger.audit.record({ at: new Date().toISOString(), householdId: 'keep-a', org: 'GEM', role: 'COUNSELLOR', sub: 's', field: 'claims', purpose: null, correlationId: 'c' });
      // The same frozen document: not read again (PRAGMA data_version moved on every one of those commits).
      expect(ledger.overviews.get('keep-a')).toBe(a);
      expect(ledger.overviews.get('keep-b')!.claims).toHaveLength(1);
    } finally {
      await ledger.close();
    }
  });

  it("drops the main thread's overview cache when another connection commits to the file", async () => {
    const file = freshFile();
    const ledger = openEmbeddedLedger(file, defaultParameters, { keySecret: KEY, commitOn: 'worker' });
    try {
      await registered(ledger, ['other']);
      const before = ledger.overviews.get('other')!;
      expect(before.claims).toHaveLength(0);
      // A second server on the same file (its own worker), then a CLI committing on its own thread.
      for (const commitOn of ['worker', 'thread'] as const) {
        const second = openEmbeddedLedger(file, defaultParameters, { keySecret: KEY, commitOn });
        try {
          await second.commands.handle('other', claimCommand('other'));
        } finally {
          await second.close();
        }
      }
      expect(ledger.overviews.get('other')!.claims).toHaveLength(2);
      // And this process's own next command folds from the document the others left.
      await ledger.commands.handle('other', claimCommand('other'));
      expect(ledger.overviews.get('other')!.claims).toHaveLength(3);
    } finally {
      await ledger.close();
    }
  });

  it('drops the cache when a bare connection moves the commit sequence (a rebuild elsewhere)', async () => {
    const file = freshFile();
    const ledger = openEmbeddedLedger(file, defaultParameters, { keySecret: KEY, commitOn: 'worker' });
    try {
      await registered(ledger, ['seq']);
      const cached = ledger.overviews.get('seq');
      const other = openSqlite(file);
      other.exec(`UPDATE household_overview SET doc = json_set(doc, '$.revision', 99) WHERE household_id = 'seq'; UPDATE commit_sequence SET seq = seq + 1`);
      other.close();
      expect(ledger.overviews.get('seq')).not.toBe(cached);
      expect(ledger.overviews.get('seq')!.revision).toBe(99);
    } finally {
      await ledger.close();
    }
  });

  it('while a group is in flight, reads past the cache only the households it appends to', async () => {
    const file = freshFile();
    const ledger = openEmbeddedLedger(file, defaultParameters, { keySecret: KEY, commitOn: 'worker' });
    try {
      await registered(ledger, ['flight-a', 'flight-b']);
      const b = ledger.overviews.get('flight-b');
      expect(ledger.overviews.get('flight-a')!.revision).toBe(2);
      // A group appending to flight-a is sent; its commit lands (a bare connection stands in for
      // the worker: the document and the commit sequence move) before its answer comes back.
      const sent = [householdStream('flight-a')];
      ledger.overviews.committing(sent);
      const other = openSqlite(file);
      const before = other.prepare('SELECT seq FROM commit_sequence WHERE id = 1').pluck().get() as number;
      other.exec(`UPDATE household_overview SET doc = json_set(doc, '$.revision', 99) WHERE household_id = 'flight-a'; UPDATE commit_sequence SET seq = seq + 1`);
      other.close();
      // The household in flight is read as committed; the other stays the cached document.
      expect(ledger.overviews.get('flight-a')!.revision).toBe(99);
      expect(ledger.overviews.get('flight-b')).toBe(b);
      ledger.overviews.committedElsewhere({ before, after: before + 1 }, sent, sent);
      expect(ledger.overviews.get('flight-a')!.revision).toBe(99);
      expect(ledger.overviews.get('flight-b')).toBe(b);
    } finally {
      await ledger.close();
    }
  });

  it("writes the read audit and the registrations through the worker, beside 50 writers, none SQLITE_BUSY", async () => {
    const ledger = openEmbeddedLedger(freshFile(), defaultParameters, { keySecret: KEY, commitOn: 'worker' });
    try {
      const ids = Array.from({ length: 10 }, (_, i) => `aud-${i}`);
      await registered(ledger, ids);
      const entry = (i: number) => ({ at: new Date().toISOString(), householdId: ids[i % ids.length]!, org: 'GEM', role: 'COUNSELLOR', sub: 's', field: 'claims', purpose: null, correlationId: `c-${i}` });
      const writers = Array.from({ length: 50 }, async (_, w) => {
        for (let k = 0; k < 4; k++) await ledger.commands.handle(ids[(w + k) % ids.length]!, claimCommand(ids[(w + k) % ids.length]!));
      });
      const audits = Array.from({ length: 200 }, (_, i) => ledger.audit.record(entry(i)));
      const claims = Array.from({ length: 20 }, (_, i) => ledger.registrations.claim('GEM', `cmd-${i % 10}`, `candidate-${i}`));
      await Promise.all([...writers, ...audits]);
      // The first claim of a command id wins; the second answers with it (ON CONFLICT DO NOTHING on the worker, read here).
      const winners = await Promise.all(claims);
      expect(winners.slice(10)).toEqual(winners.slice(0, 10));
      expect(await ledger.audit.list({ org: 'GEM', limit: 1_000 })).toHaveLength(200);
      // A malformed entry fails alone, before it reaches the worker.
      await expect(ledger.audit.record({ ...entry(0), org: undefined as unknown as string })).rejects.toBeInstanceOf(TypeError);
    } finally {
      await ledger.close();
    }
  }, 60_000);

  it('fails a write the worker cannot run alone, as the SqliteError it was, and commits the others queued with it', async () => {
    const file = freshFile();
    openSqlite(file).close();
    const worker = new WorkerCommitter({ file, overviewCache: { maxBytes: 1_000_000, ttlMs: 60_000 } });
    try {
      const sql = 'INSERT INTO household_registrations (org, command_id, household_id) VALUES (?, ?, ?)';
      const [ok, bad, ok2] = await Promise.allSettled([worker.write(sql, [['A', 'c1', 'h1']]), worker.write(sql, [['A', 'c1', 'h2']]), worker.write(sql, [['A', 'c2', 'h3'], ['A', 'c3', 'h3']])]);
      expect(ok).toEqual({ status: 'fulfilled', value: 1 });
      expect(bad.status).toBe('rejected');
      expect((bad as PromiseRejectedResult).reason).toBeInstanceOf(Database.SqliteError);
      expect((bad as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
      expect(ok2).toEqual({ status: 'fulfilled', value: 2 });
    } finally {
      await worker.close();
    }
    const db = openSqlite(file);
    expect(db.prepare('SELECT count(*) FROM household_registrations').pluck().get()).toBe(3);
    db.close();
  });

  it('keeps the in-thread commit for :memory: (one connection cannot be shared across threads)', async () => {
    const ledger = openEmbeddedLedger(':memory:', defaultParameters, { keySecret: KEY });
    try {
      await registered(ledger, ['mem']);
      await ledger.commands.handle('mem', claimCommand('mem'));
      expect(ledger.overviews.get('mem')!.claims).toHaveLength(1);
      expect(new SqliteEventStore(openSqlite(':memory:'))).toBeInstanceOf(SqliteEventStore);
    } finally {
      await ledger.close();
    }
  });
});
