import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach } from 'vitest';
import { postgresUnreachable } from './host.js';
import { openPostgres, type PgPool } from '../../infra/postgres/database.js';

/**
 * PostgreSQL for tests: the real server named by DATABASE_URL. On a machine without one the
 * tests skip with one line saying how to enable them; under CI (TOTAALBEELD_REQUIRE_POSTGRES=1)
 * an unreachable server fails the run instead.
 */
export const databaseUrl = process.env['DATABASE_URL'];
const required = process.env['TOTAALBEELD_REQUIRE_POSTGRES'] === '1';

export const postgresUnavailable: string | null = await (async () => {
  const reason =
    databaseUrl === undefined
      ? 'DATABASE_URL is not set'
      : await postgresUnreachable(databaseUrl).then((r) => (r === null ? null : `cannot reach ${databaseUrl}: ${r}`));
  if (reason !== null) {
    if (required) throw new Error(`PostgreSQL is required (TOTAALBEELD_REQUIRE_POSTGRES=1) but ${reason}`);
    console.warn(`PostgreSQL tests skipped: ${reason}. Set DATABASE_URL=postgres://user@host:5432/db to run them.`);
  }
  return reason;
})();

const schemas: string[] = [];

/** A fresh schema name, dropped after the tests. */
export function freshSchema(): string {
  const schema = `tb_test_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return schema;
}

/** A pool on a fresh, migrated schema of its own. */
export async function freshPostgres(): Promise<PgPool> {
  return openPostgres({ connectionString: databaseUrl!, schema: freshSchema(), max: 5 });
}

/**
 * For a describe block: `pool()` gives a pool on a fresh schema; each is ended after its test,
 * and the schemas dropped after the block.
 */
export function pgPoolsPerTest(): () => Promise<PgPool> {
  const pools: PgPool[] = [];
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end();
  });
  afterAll(dropTestSchemas);
  return async () => {
    const p = await freshPostgres();
    pools.push(p);
    return p;
  };
}

/** Drops every schema the tests made. */
export async function dropTestSchemas(): Promise<void> {
  if (databaseUrl === undefined || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const s of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } finally {
    await client.end();
  }
}
