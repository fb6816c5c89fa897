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
    const projection: InlineProjection = {
      name: 'probe',
      apply(events) {
        if (events.some((e) => e.streamId === 'x')) throw new Error('projection failed');
        seen.push([...events]);
      },
    };
    const store = new SqliteEventStore(db, [projection]);
    const meta = { commandId: 'c', recordedAt: '2025-03-20T10:00:00.000+01:00' };
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.append(`s-${i}`, [{ type: 'E', v: 1, data: {}, meta }], 0)));
    // Each event folded once, in the log's order; the group at once.
    expect(seen.flat().map((e) => e.globalPosition)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(seen.length).toBeLessThan(10);
    // A projection that refuses an append's events rolls back that append only: event and read model stay consistent.
    const results = await Promise.allSettled([
      store.append('x', [{ type: 'E', v: 1, data: {}, meta }], 0),
      store.append('y', [{ type: 'E', v: 1, data: {}, meta }], 0),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await store.readStream('x')).toEqual([]);
    expect(await store.readStream('y')).toHaveLength(1);
    expect(seen.flat().map((e) => e.streamId)).toContain('y');
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
