import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite, WAL_SIZE_LIMIT } from '../../infra/sqlite/database.js';
import { freshDir, removeFreshDirs } from '../support/host.js';

afterAll(removeFreshDirs);

const MB = 1024 * 1024;

function walBytes(file: string): number {
  return existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
}

/**
 * A rebuild reads the log in one snapshot on a connection of its own (infra/sqlite/rebuildSource.ts)
 * while it writes the new read model, so no checkpoint can empty the WAL until it ends and the WAL
 * grows by the model's size (1 GB for 100,000 households, measured 6 December). SQLite reuses a WAL
 * file from its start but never shrinks it: without a limit that space stayed taken for as long as
 * the server's connection was open.
 */
describe('the embedded store keeps its WAL bounded', () => {
  it('a WAL grown past the limit while a reader held a snapshot is cut back to the limit once a checkpoint has emptied it', () => {
    const file = join(freshDir('tb-wal-'), 'ledger.sqlite');
    const server = openSqlite(file);
    server.exec('CREATE TABLE bulk (b BLOB)');
    // Another connection holds a snapshot, as a rebuild's reader does.
    const reader = new Database(file, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM bulk').get();

    const insert = server.prepare('INSERT INTO bulk VALUES (zeroblob(?))');
    const grow = server.transaction(() => {
      for (let i = 0; i < WAL_SIZE_LIMIT / MB + 16; i++) insert.run(MB);
    });
    grow();
    expect(walBytes(file)).toBeGreaterThan(WAL_SIZE_LIMIT);

    reader.exec('COMMIT');
    reader.close();
    // The next checkpoint copies the WAL into the file; the write after it starts the WAL again.
    server.pragma('wal_checkpoint(PASSIVE)');
    server.exec('DELETE FROM bulk');
    expect(walBytes(file)).toBeLessThanOrEqual(WAL_SIZE_LIMIT);
    expect(server.prepare('SELECT count(*) AS n FROM bulk').get()).toEqual({ n: 0 });
    server.close();
  });
});
