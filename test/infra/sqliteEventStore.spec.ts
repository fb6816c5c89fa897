import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../infra/sqlite/database.js';
import { SqliteEventStore, type InlineProjection } from '../../infra/sqlite/sqliteEventStore.js';
import type { RecordedEvent } from '../../infra/eventStore.js';
import { eventStoreContract } from './eventStoreContract.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

eventStoreContract('SQLite (file, WAL)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-store-'));
  dirs.push(dir);
  return new SqliteEventStore(openSqlite(join(dir, 'events.sqlite')));
});

describe('SQLite store specifics', () => {
  it('runs durable: WAL with synchronous=FULL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-store-'));
    dirs.push(dir);
    const db = openSqlite(join(dir, 'x.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    db.close();
  });

  it('group-commits concurrent appends and runs inline projections in the same transaction', async () => {
    const db = openSqlite(':memory:');
    const seen: RecordedEvent[][] = [];
    let failNext = false;
    const projection: InlineProjection = {
      name: 'probe',
      apply(events) {
        if (failNext) {
          failNext = false;
          throw new Error('projection failed');
        }
        seen.push([...events]);
      },
    };
    const store = new SqliteEventStore(db, [projection]);
    const meta = { commandId: 'c', recordedAt: '2025-03-20T10:00:00.000+01:00' };
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.append(`s-${i}`, [{ type: 'E', v: 1, data: {}, meta }], 0)));
    expect(seen).toHaveLength(10);
    // A failing projection rolls back its own append only: event and read model stay consistent.
    failNext = true;
    const results = await Promise.allSettled([
      store.append('x', [{ type: 'E', v: 1, data: {}, meta }], 0),
      store.append('y', [{ type: 'E', v: 1, data: {}, meta }], 0),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await store.readStream('x')).toEqual([]);
    expect(await store.readStream('y')).toHaveLength(1);
    await store.close();
  });

  it('refuses an event whose recordedAt is not an instant, storing nothing', async () => {
    const store = new SqliteEventStore(openSqlite(':memory:'));
    await expect(store.append('s', [{ type: 'E', v: 1, data: {}, meta: { commandId: 'c', recordedAt: 'yesterday' } }], 0)).rejects.toThrow(
      /not an instant/,
    );
    expect(await store.readAll({ after: 0, limit: 10 })).toEqual([]);
    await store.close();
  });
});
