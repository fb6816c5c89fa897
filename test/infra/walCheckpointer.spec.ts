import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultParameters } from '../../domain/parameters.js';
import { openEmbeddedLedger } from '../../infra/ledger.js';
import { openSqlite } from '../../infra/sqlite/database.js';
import { WalCheckpointer } from '../../infra/sqlite/walCheckpointer.js';
import { freshDir, removeFreshDirs } from '../support/host.js';
import { HOUSEHOLD_ID, registerHousehold } from '../support/householdFixtures.js';

afterAll(removeFreshDirs);

const MB = 1024 * 1024;

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const sizeOf = (file: string): number => (existsSync(file) ? statSync(file).size : 0);

/**
 * The embedded store's WAL is checkpointed into the database file by a thread of its own, not by
 * SQLite's automatic checkpoint inside a commit on the event loop (BENCHMARKS.md, 6 December).
 */
describe('the WAL checkpointer', () => {
  it('copies what was committed into the database file, off the committing connection, whose own automatic checkpoint is off', async () => {
    const file = join(freshDir('tb-checkpointer-'), 'ledger.sqlite');
    const db = openSqlite(file);
    const checkpointer = WalCheckpointer.start(db, { intervalMs: 20 })!;
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    db.exec('CREATE TABLE bulk (b BLOB)');
    const before = sizeOf(file);
    const insert = db.prepare('INSERT INTO bulk VALUES (randomblob(?))');
    // 8 MB in eight commits: SQLite's automatic checkpoint (1,000 pages) would have run on this
    // connection. It is off there, so only the thread can bring the pages into the file.
    for (let i = 0; i < 8; i++) insert.run(MB);
    await until(() => sizeOf(file) >= before + 8 * MB, 'the checkpoint to reach the database file');
    expect(checkpointer.checkpoints).toBeGreaterThan(0);
    expect(checkpointer.lastError).toBeUndefined();
    await checkpointer.close();
    db.close();
  });

  it('if its thread ends, the connection checkpoints by itself again', async () => {
    const db = openSqlite(join(freshDir('tb-checkpointer-'), 'ledger.sqlite'));
    const checkpointer = WalCheckpointer.start(db, { intervalMs: 20 })!;
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await (checkpointer as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await until(() => db.pragma('wal_autocheckpoint', { simple: true }) === 1000, 'the automatic checkpoint to be back');
    // Closing after the thread has ended settles (it waited for an exit that had been).
    await checkpointer.close();
    db.close();
  });

  it('runs with the embedded ledger and stops with it, leaving no WAL behind', async () => {
    const file = join(freshDir('tb-checkpointer-'), 'ledger.sqlite');
    const ledger = openEmbeddedLedger(file, defaultParameters);
    await ledger.commands.handle(HOUSEHOLD_ID, registerHousehold());
    expect(existsSync(`${file}-wal`)).toBe(true);
    await ledger.close();
    // The checkpointer's connection closed first, so the main one was the last and removed the WAL.
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(WalCheckpointer.start(openSqlite(':memory:'))).toBeNull();
  });
});
