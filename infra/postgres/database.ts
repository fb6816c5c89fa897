import pg from 'pg';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

/** int8 columns (global positions) arrive as numbers: they stay far below 2^53. */
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const MIGRATION_LOCK = 7_311_001;

/**
 * Global positions are taken under this transaction-scoped advisory lock, held until commit, so
 * they become visible in order: a reader that has seen position n never later finds an event
 * below n that was still in flight (the gap problem of plain sequences). Part of migration 4:
 * never change it.
 */
export const APPEND_LOCK = 7_311_002;

/** Migration 4's append statement (see its comment below). Part of a migration: never change it. */
const APPEND_EVENTS_V1 = `CREATE OR REPLACE FUNCTION tb_append_events(p_appends jsonb, p_projection text)
   RETURNS TABLE (idx integer, outcome text, stream_revision integer, positions bigint[], existing jsonb)
   LANGUAGE plpgsql AS $fn$
   DECLARE
     v_streams text[];
     v_append jsonb;
     v_stream text;
     v_expected integer;
     v_count integer;
     v_document record;
     v_stored integer;
     v_stale boolean;
     v_last bigint;
   BEGIN
     -- Every statement below finds its rows through an index: nothing here grows with the tables.
     v_streams := ARRAY(SELECT DISTINCT a->>'stream_id' FROM jsonb_array_elements(p_appends) AS a ORDER BY 1);
     INSERT INTO streams (stream_id, revision) SELECT unnest(v_streams), 0 ON CONFLICT (stream_id) DO NOTHING;
     PERFORM 1 FROM streams s WHERE s.stream_id = ANY (v_streams) ORDER BY s.stream_id FOR UPDATE;

     PERFORM pg_advisory_xact_lock(${APPEND_LOCK});

     FOR v_append, idx IN SELECT a.value, a.ordinality::integer - 1 FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS a LOOP
       v_stream := v_append->>'stream_id';
       v_expected := (v_append->>'expected')::integer;
       v_count := jsonb_array_length(v_append->'events');
       IF v_count < 1 THEN
         RAISE EXCEPTION 'an append needs at least one event';
       END IF;
       positions := NULL;
       existing := NULL;
       SELECT s.revision INTO stream_revision FROM streams s WHERE s.stream_id = v_stream;

       v_stale := false;
       IF v_expected IS NULL OR v_expected = stream_revision THEN
         FOR v_document IN SELECT * FROM jsonb_to_recordset(v_append->'documents') AS d(household_id text, folded_from integer) LOOP
           SELECT o.revision INTO v_stored FROM household_overview o WHERE o.household_id = v_document.household_id;
           IF v_stored IS DISTINCT FROM v_document.folded_from THEN
             v_stale := true;
           END IF;
         END LOOP;
       END IF;

       IF v_expected IS NOT NULL AND v_expected <> stream_revision THEN
         outcome := 'conflict';
         SELECT coalesce(jsonb_agg(jsonb_build_object(
                  'global_position', e.global_position, 'revision', e.revision, 'type', e.type,
                  'v', e.v, 'data', e.data, 'meta', e.meta) ORDER BY e.revision), '[]'::jsonb)
           INTO existing
           FROM events e
          WHERE e.stream_id = v_stream AND e.revision > v_expected AND e.revision <= v_expected + v_count;
       ELSIF v_stale THEN
         outcome := 'stale';
       ELSE
         INSERT INTO household_overview (household_id, revision, doc)
         SELECT d.household_id, d.revision, d.doc
           FROM jsonb_to_recordset(v_append->'documents') AS d(household_id text, revision integer, doc jsonb)
         ON CONFLICT (household_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc;
         positions := ARRAY(SELECT nextval('event_positions') FROM generate_series(1, v_count) ORDER BY 1);
         INSERT INTO events (global_position, stream_id, revision, type, v, data, meta, command_id, recorded_at)
         SELECT positions[n.i::integer], v_stream, stream_revision + n.i::integer, n.e->>'type', (n.e->>'v')::integer,
                n.e->'data', n.e->'meta', n.e->'meta'->>'commandId', (n.e->'meta'->>'recordedAt')::timestamptz
           FROM jsonb_array_elements(v_append->'events') WITH ORDINALITY AS n(e, i);
         stream_revision := stream_revision + v_count;
         UPDATE streams SET revision = stream_revision WHERE stream_id = v_stream;
         v_last := positions[v_count];
         outcome := 'appended';
       END IF;
       RETURN NEXT;
     END LOOP;

     IF p_projection IS NOT NULL AND v_last IS NOT NULL THEN
       INSERT INTO projection_checkpoints (name, position) VALUES (p_projection, v_last)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position;
     END IF;
   END
   $fn$;`;

/** How migration 4's statement writes a document: whole. */
const WHOLE_DOCUMENT_WRITE = `         INSERT INTO household_overview (household_id, revision, doc)
         SELECT d.household_id, d.revision, d.doc
           FROM jsonb_to_recordset(v_append->'documents') AS d(household_id text, revision integer, doc jsonb)
         ON CONFLICT (household_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc;`;

/**
 * How migration 10's writes it: its head, the items that changed, and the cut of a list that got
 * shorter. The append says whether any of its documents has items or cuts (keys `items`, `cuts`):
 * the statements for them run only then (most appends cut nothing).
 */
const ITEM_WRITE = `         INSERT INTO household_overview (household_id, revision, doc)
         SELECT d.household_id, d.revision, d.head
           FROM jsonb_to_recordset(v_append->'documents') AS d(household_id text, revision integer, head jsonb)
         ON CONFLICT (household_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc;
         IF v_append ? 'cuts' THEN
           DELETE FROM household_overview_items t
            USING jsonb_to_recordset(v_append->'documents') AS d(household_id text, cut jsonb),
                  jsonb_to_recordset(d.cut) AS c(list text, "from" integer)
            WHERE t.household_id = d.household_id AND t.list = c.list AND t.position >= c."from";
         END IF;
         IF v_append ? 'items' THEN
           INSERT INTO household_overview_items (household_id, list, position, item)
           SELECT d.household_id, i.list, i.position, i.item
             FROM jsonb_to_recordset(v_append->'documents') AS d(household_id text, items jsonb),
                  jsonb_to_recordset(d.items) AS i(list text, position integer, item jsonb)
           ON CONFLICT (household_id, list, position) DO UPDATE SET item = excluded.item;
         END IF;`;

// Migration 10 is migration 4 with its document write replaced: it must find it.
if (!APPEND_EVENTS_V1.includes(WHOLE_DOCUMENT_WRITE)) throw new Error('migration 10 cannot find the document write of migration 4');

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
  // Appends in one statement (one round trip, one transaction, one commit): a group of appends
  // to any streams, each with its own outcome, in order:
  // 1. every stream of the group is locked, in the order of their ids (so groups committed by
  //    several processes at once cannot deadlock), and created at revision 0 if new;
  // 2. the append lock is taken: it is held only for the checks and writes below and the commit,
  //    and it is taken before the overview table is touched (in the rebuild's order: no deadlock);
  // 3. each append, in the group's order: a stale expected revision answers 'conflict' with what
  //    the stream holds after it (up to as many events as were offered, so the caller can tell a
  //    retried command from a conflict); an inline document that is no longer at the revision it
  //    was folded from (by the caller, from what it read before) answers 'stale'; either writes
  //    nothing. Else its documents are written, its events get their positions and its stream
  //    its revision ('appended');
  // 4. the inline read model's checkpoint moves to the last position.
  APPEND_EVENTS_V1,
  // Overview documents are a few KB each and are rewritten on every append: lz4 compresses them
  // several times faster than the default pglz. A server built without lz4 keeps pglz.
  `DO $$
   BEGIN
     ALTER TABLE household_overview ALTER COLUMN doc SET COMPRESSION lz4;
   EXCEPTION WHEN feature_not_supported THEN
     RAISE NOTICE 'lz4 is not available: household_overview documents stay compressed with pglz';
   END
   $$;`,
  // The BSN look-up index, outside the event log: unique per BSN (one person, one household),
  // deleted at erasure. Households registered before it carry their hashes in the overview.
  `CREATE TABLE IF NOT EXISTS bsn_index (
     bsn_hash text PRIMARY KEY,
     household_id text NOT NULL,
     indexed_at timestamptz NOT NULL
   );
   CREATE INDEX IF NOT EXISTS bsn_index_household ON bsn_index (household_id);
   INSERT INTO bsn_index (bsn_hash, household_id, indexed_at)
   SELECT DISTINCT ON (m->>'bsnHash') m->>'bsnHash', o.household_id, now()
     FROM household_overview o, jsonb_array_elements(o.doc->'members') AS m
    WHERE m ? 'bsnHash'
      AND NOT EXISTS (SELECT 1 FROM household_keys k WHERE k.household_id = o.household_id AND k.wrapped IS NULL)
    ORDER BY m->>'bsnHash', o.household_id
   ON CONFLICT (bsn_hash) DO NOTHING;`,
  `CREATE TABLE IF NOT EXISTS household_registrations (
     org text NOT NULL,
     command_id text NOT NULL,
     household_id text NOT NULL,
     PRIMARY KEY (org, command_id)
   );`,
  // The version of the projection that built each read model (projections/projection.ts
  // checkVersion); null for models built before it was recorded, which version 1 built.
  `ALTER TABLE projection_checkpoints ADD COLUMN IF NOT EXISTS version integer;`,
  // Issue 15 item 6: the overview stored item by item (infra/overviewParts.ts), as SQLite's
  // migration 5 did: a head row per household (the document with each growing list left as []),
  // and a row per item of each growing list, so an append writes the head and the items its
  // events changed instead of the whole document. The lists are those of GROWING_LISTS
  // (projections/householdOverview.ts) on 6 December 2026; a list a document lacks stays absent.
  // The append statement then writes heads and items (documents: head, items, cut).
  `CREATE TABLE household_overview_items (
     household_id text NOT NULL,
     list text NOT NULL,
     position integer NOT NULL,
     item jsonb NOT NULL,
     PRIMARY KEY (household_id, list, position)
   );
   INSERT INTO household_overview_items (household_id, list, position, item)
   SELECT o.household_id, l.name, j.ordinality - 1, j.value
     FROM household_overview o
     CROSS JOIN unnest(ARRAY['claims', 'measures', 'moratoria', 'arrangements', 'signals', 'complaints', 'claimStatementRequests', 'incomes', 'protectedIncomes']) AS l(name)
     CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(o.doc -> l.name) = 'array' THEN o.doc -> l.name ELSE '[]'::jsonb END)
          WITH ORDINALITY AS j(value, ordinality);
   UPDATE household_overview o
      SET doc = o.doc || (SELECT coalesce(jsonb_object_agg(l.name, '[]'::jsonb), '{}'::jsonb)
                            FROM unnest(ARRAY['claims', 'measures', 'moratoria', 'arrangements', 'signals', 'complaints', 'claimStatementRequests', 'incomes', 'protectedIncomes']) AS l(name)
                           WHERE jsonb_typeof(o.doc -> l.name) = 'array');`,
  // Migration 4's append statement, writing each document as its head and the items that changed
  // (documents: household_id, folded_from, revision, head, items [{list, position, item}], cut
  // [{list, from}]: a list that got shorter loses its items from there on). The rest is unchanged.
  APPEND_EVENTS_V1.replace(WHOLE_DOCUMENT_WRITE, ITEM_WRITE),
];

function checkedSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  return schema;
}

/** Migrates the pool's schema; `schema` (the pool's search path) is created first if missing. */
export async function migratePostgres(pool: PgPool, schema?: string): Promise<void> {
  if (schema !== undefined) checkedSchema(schema);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // Under the lock: instances starting together would otherwise race to create it.
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
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
  if (options.schema !== undefined) checkedSchema(options.schema);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  await migratePostgres(pool, options.schema);
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
