import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventToAppend } from '../../infra/eventStore.js';

/**
 * The event store acknowledges an append only once the WAL is synced, and that sync runs off
 * the event-loop thread (infra/sqlite/writerDurability.ts). fdatasync is held here, so the test
 * sees the window between COMMIT and the sync.
 */
const held: Array<(error: NodeJS.ErrnoException | null) => void> = [];
let syncs = 0;
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    fdatasync: (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
      syncs += 1;
      held.push(callback);
    },
  };
});

const { openSqlite } = await import('../../infra/sqlite/database.js');
const { SqliteEventStore } = await import('../../infra/sqlite/sqliteEventStore.js');

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function file(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tb-durable-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
}

const event = (n: number): EventToAppend => ({
  type: 'Probe',
  v: 1,
  data: { n },
  meta: { commandId: `c-${n}`, correlationId: 'test', recordedAt: '2025-06-01T10:00:00.000Z', org: 'T', role: 'COUNSELLOR', sub: 't' },
});

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

beforeEach(() => {
  held.length = 0;
  syncs = 0;
});

describe('SQLite store: acknowledged = on disk, synced off the event loop', () => {
  it('answers an append only after the WAL is synced, and the connection stays synchronous=FULL', async () => {
    const path = file();
    const db = openSqlite(path);
    const store = new SqliteEventStore(db);
    let answered = false;
    const append = store.append('s-1', [event(1)], 0).then((r) => ((answered = true), r));
    await settle();
    // Committed (another connection sees it) but not yet acknowledged: the sync is under way.
    const other = new Database(path, { readonly: true });
    expect(other.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
    other.close();
    expect(answered).toBe(false);
    expect(held).toHaveLength(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    held.shift()!(null);
    await expect(append).resolves.toMatchObject({ revision: 1 });
    await store.close();
  });

  it('shares one sync among the groups committed while one is under way', async () => {
    const store = new SqliteEventStore(openSqlite(file()));
    const first = store.append('s-1', [event(1)], 0);
    await settle();
    const more = [store.append('s-2', [event(2)], 0), store.append('s-3', [event(3)], 0)];
    await settle();
    const later = store.append('s-4', [event(4)], 0);
    await settle();
    // One sync under way (the first group); the rest wait for the next one, which starts when it returns.
    expect(syncs).toBe(1);
    held.shift()!(null);
    await first;
    await settle();
    expect(syncs).toBe(2);
    held.shift()!(null);
    await expect(Promise.all([...more, later])).resolves.toHaveLength(3);
    await store.close();
  });

  it('refuses the waiting appends and every later one when the sync fails', async () => {
    const store = new SqliteEventStore(openSqlite(file()));
    const append = store.append('s-1', [event(1)], 0);
    await settle();
    const error: NodeJS.ErrnoException = Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
    held.shift()!(error);
    await expect(append).rejects.toThrow(/did not confirm a write of the event log/);
    await expect(store.append('s-2', [event(2)], 0)).rejects.toThrow(/did not confirm/);
    await store.close();
  });

  it('syncs nothing itself for an in-memory store (COMMIT answers as configured)', async () => {
    const store = new SqliteEventStore(openSqlite(':memory:'));
    await expect(store.append('s-1', [event(1)], 0)).resolves.toMatchObject({ revision: 1 });
    expect(syncs).toBe(0);
    await store.close();
  });
});
