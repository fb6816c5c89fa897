import { afterAll, describe, expect, it } from 'vitest';
import { migratePostgres, openPostgres, type PgPool } from '../../infra/postgres/database.js';
import { PgEventStore } from '../../infra/postgres/pgEventStore.js';
import { databaseUrl, dropTestSchemas, freshSchema, postgresUnavailable } from '../support/postgres.js';

afterAll(dropTestSchemas);

async function version(pool: PgPool): Promise<number> {
  const { rows } = await pool.query<{ version: number }>('SELECT max(version) AS version FROM schema_migrations');
  return rows[0]!.version;
}

async function docCompression(pool: PgPool): Promise<string> {
  const { rows } = await pool.query<{ c: string }>(
    `SELECT attcompression AS c FROM pg_attribute WHERE attrelid = 'household_overview'::regclass AND attname = 'doc'`,
  );
  return rows[0]!.c;
}

const event = (commandId: string) => ({ type: 'Happened', v: 1, data: { commandId }, meta: { commandId, recordedAt: '2025-03-20T10:00:00.000+01:00' } });

describe.skipIf(postgresUnavailable !== null)('PostgreSQL migrations', () => {
  it('are applied once, also by instances starting together, and again by none', async () => {
    const schema = freshSchema();
    const pools = await Promise.all(Array.from({ length: 3 }, () => openPostgres({ connectionString: databaseUrl!, schema, max: 2 })));
    const current = await version(pools[0]!);
    expect(current).toBeGreaterThanOrEqual(5);
    const { rows } = await pools[0]!.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0]!.n).toBe(current);
    await migratePostgres(pools[1]!);
    expect(await version(pools[1]!)).toBe(current);
    // Documents are compressed with lz4 where the server has it (pglz, 'p' or unset, otherwise).
    const { rows: lz4 } = await pools[0]!.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_settings WHERE name = 'default_toast_compression' AND enumvals @> '{lz4}'`);
    expect(await docCompression(pools[0]!)).toBe(lz4[0]!.n === 1 ? 'l' : '');
    await Promise.all(pools.map((p) => p.end()));
  });

  it('upgrade a store written before the append function, keeping its events and revisions', async () => {
    const schema = freshSchema();
    let pool = await openPostgres({ connectionString: databaseUrl!, schema, max: 2 });
    // As a store of version 3 was: events written by its own statements, no function.
    await pool.query('DROP FUNCTION tb_append_events(jsonb, text)');
    // Nor the registrations index of random household ids (issue 11), a later migration's table.
    await pool.query('DROP TABLE household_registrations');
    // Nor the overview's item table (issue 15 item 6).
    await pool.query('DROP TABLE household_overview_items');
    await pool.query('DELETE FROM schema_migrations WHERE version > 3');
    await pool.query(`INSERT INTO events (global_position, stream_id, revision, type, v, data, meta, command_id, recorded_at)
                      VALUES (nextval('event_positions'), 'old', 1, 'Happened', 1, '{}', $1, 'c-old', now())`, [JSON.stringify(event('c-old').meta)]);
    await pool.query(`INSERT INTO streams (stream_id, revision) VALUES ('old', 1)`);
    await pool.end();

    pool = await openPostgres({ connectionString: databaseUrl!, schema, max: 2 });
    expect(await version(pool)).toBeGreaterThanOrEqual(5);
    const store = new PgEventStore(pool, [], false);
    const appended = await store.append('old', [event('c-new')], 1);
    expect(appended.revision).toBe(2);
    expect((await store.readStream('old')).map((e) => e.meta['commandId'])).toEqual(['c-old', 'c-new']);
    await pool.end();
  });
});
