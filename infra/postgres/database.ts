import pg from 'pg';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

/** int8 columns (global positions) arrive as numbers: they stay far below 2^53. */
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const MIGRATION_LOCK = 7_311_001;

/**
 * Versioned, idempotent schema migrations, applied at start-up under an advisory lock so that
 * several instances starting together migrate once.
 */
const migrations: readonly string[] = [
  `CREATE SEQUENCE event_positions;
   CREATE TABLE events (
     global_position bigint PRIMARY KEY,
     stream_id text NOT NULL,
     revision integer NOT NULL,
     type text NOT NULL,
     v integer NOT NULL,
     data jsonb NOT NULL,
     meta jsonb NOT NULL,
     command_id text NOT NULL,
     recorded_at timestamptz NOT NULL,
     UNIQUE (stream_id, revision)
   );
   CREATE TABLE streams (
     stream_id text PRIMARY KEY,
     revision integer NOT NULL
   );
   CREATE TABLE projection_checkpoints (
     name text PRIMARY KEY,
     position bigint NOT NULL
   );
   CREATE TABLE household_overview (
     household_id text PRIMARY KEY,
     revision integer NOT NULL,
     doc jsonb NOT NULL
   );`,
  `CREATE TABLE household_keys (
     household_id text PRIMARY KEY,
     wrapped text,
     erased_at timestamptz
   );`,
  `CREATE TABLE read_audit (
     id bigserial PRIMARY KEY,
     at text NOT NULL,
     household_id text NOT NULL,
     org text NOT NULL,
     role text NOT NULL,
     sub text NOT NULL,
     field text NOT NULL,
     purpose text,
     correlation_id text NOT NULL
   );
   CREATE INDEX read_audit_household ON read_audit (household_id, id);
   CREATE INDEX read_audit_org ON read_audit (org, id);`,
];

export async function migratePostgres(pool: PgPool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
    const current = rows[0]?.version ?? 0;
    if (current > migrations.length) {
      throw new Error(`The database schema is version ${current}, newer than this program knows (${migrations.length})`);
    }
    for (let version = current; version < migrations.length; version++) {
      await client.query('BEGIN');
      try {
        await client.query(migrations[version]!);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

export interface PgOptions {
  connectionString: string;
  /** A schema of its own (created if missing), e.g. for isolated tests. */
  schema?: string;
  max?: number;
}

export async function openPostgres(options: PgOptions): Promise<PgPool> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`bad schema name ${options.schema}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  if (options.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  await migratePostgres(pool);
  return pool;
}

/** Runs `work` in one transaction on one client. */
export async function inTransaction<T>(pool: PgPool, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
