import { householdOverviewProjection, type HouseholdOverview } from '../../projections/householdOverview.js';
import { checkVersion, type StoredDocument } from '../../projections/projection.js';
import {
  CheckpointMovedError,
  ProjectionRunner,
  type CheckpointedStorage,
  type RebuildResult,
  type RebuildSource,
  type RebuildTarget,
} from '../../projections/runner.js';
import type { RecordedEvent } from '../eventStore.js';
import type { OverviewReader } from '../readModels.js';
import { householdIdOfStream } from '../streams.js';
import { APPEND_LOCK, inTransaction, type PgClient, type PgPool } from './database.js';
import type { InlineDocument, PendingEvent, PgInlineProjection } from './pgEventStore.js';

const projection = householdOverviewProjection;
/** Events per read of the log when a rebuild switches over. */
const SWITCH_PAGE = 5_000;
/** Documents per statement when documents are written together. */
const WRITE_CHUNK = 500;

type OverviewTable = 'household_overview' | 'household_overview_next';
type Stored = StoredDocument<HouseholdOverview>;
type Queryable = Pick<PgClient, 'query'>;

/** One advisory-lock key per read model: exactly one active background runner per read model. */
function lockKey(name: string): number {
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

/**
 * Documents in multi-row statements: the rows travel as one JSON array. A document never
 * replaces a newer one (a higher revision).
 */
async function writeDocuments(db: Queryable, table: OverviewTable, docs: ReadonlyArray<Stored>): Promise<void> {
  for (let i = 0; i < docs.length; i += WRITE_CHUNK) {
    const rows = JSON.stringify(docs.slice(i, i + WRITE_CHUNK).map((d) => ({ household_id: d.householdId, revision: d.revision, doc: d.doc })));
    await db.query(
      `INSERT INTO ${table} AS t (household_id, revision, doc)
       SELECT d.household_id, d.revision, d.doc FROM jsonb_to_recordset($1::jsonb) AS d(household_id text, revision integer, doc jsonb)
       ON CONFLICT (household_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc WHERE t.revision < excluded.revision`,
      [rows],
    );
  }
}

async function readDocuments(db: Queryable, table: OverviewTable, ids: readonly string[], forUpdate = false): Promise<Map<string, Stored>> {
  const { rows } = await db.query<{ household_id: string; revision: number; doc: HouseholdOverview }>(
    `SELECT household_id, revision, doc FROM ${table} WHERE household_id = ANY($1)${forUpdate ? ' FOR UPDATE' : ''}`,
    [ids],
  );
  return new Map(rows.map((r) => [r.household_id, { householdId: r.household_id, revision: r.revision, doc: r.doc }]));
}

/**
 * The household overview read model in PostgreSQL: the storage of the projection runner
 * (projections/runner.ts), which folds. Documents and their checkpoint are written in one
 * transaction: inline with the append (events in the same database: `documentsFor`, written by
 * `tb_append_events`), or by a background runner (`CheckpointedStorage`: an advisory lock
 * makes one runner active, and every batch is fenced on the checkpoint it started from), so
 * each event takes effect once.
 */
export class PgHouseholdOverviews implements PgInlineProjection, OverviewReader, CheckpointedStorage<HouseholdOverview> {
  readonly name = projection.name;
  readonly runner = new ProjectionRunner(projection);

  constructor(private readonly pool: PgPool) {}

  /**
   * A store whose model another version of the projection built is refused (checkVersion); a
   * new store records this version.
   */
  async checkVersion(): Promise<void> {
    await this.pool.query('INSERT INTO projection_checkpoints (name, position, version) VALUES ($1, 0, $2) ON CONFLICT (name) DO NOTHING', [
      this.name,
      projection.version,
    ]);
    checkVersion(projection, await this.version());
  }

  /** The version of the projection that built the model (null: built before versions were recorded). */
  async version(): Promise<number | null> {
    const { rows } = await this.pool.query<{ version: number | null }>('SELECT version FROM projection_checkpoints WHERE name = $1', [this.name]);
    return rows[0]?.version ?? null;
  }

  /** Inline: read and folded before the append, written by it (`tb_append_events`). */
  async documentsFor(events: readonly PendingEvent[]): Promise<InlineDocument[]> {
    const folded = await this.runner.documentsFor(events, async (ids) => {
      const { rows } = await this.pool.query<{ household_id: string; revision: number; doc: HouseholdOverview }>({
        // Prepared once per connection: it runs before every append.
        name: 'tb-overviews',
        text: 'SELECT household_id, revision, doc FROM household_overview WHERE household_id = ANY($1)',
        values: [ids],
      });
      return new Map(rows.map((r) => [r.household_id, { householdId: r.household_id, revision: r.revision, doc: r.doc }]));
    });
    return folded.map((d) => ({ householdId: d.householdId, foldedFrom: d.foldedFrom, revision: d.revision, doc: d.doc }));
  }

  /**
   * The lease of the active background runner: a session-level advisory lock on a connection of
   * its own. When the process dies the lock goes with its connection; when the connection
   * breaks, `lost` aborts.
   */
  async withLease(work: (lost: AbortSignal) => Promise<void>): Promise<boolean> {
    const lock = await this.pool.connect();
    const lost = new AbortController();
    lock.on('error', () => lost.abort());
    try {
      const { rows } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [lockKey(this.name)]);
      if (!rows[0]?.ok) return false;
      await work(lost.signal);
      return true;
    } finally {
      await lock.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      lock.release(lost.signal.aborted);
    }
  }

  async transact(from: number, to: number, householdIds: readonly string[], fold: (loaded: Map<string, Stored>) => Stored[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [this.name]);
      const moved = await client.query('UPDATE projection_checkpoints SET position = $3 WHERE name = $1 AND position = $2', [this.name, from, to]);
      if (moved.rowCount !== 1) throw new CheckpointMovedError(`checkpoint of ${this.name} is no longer ${from}`);
      await writeDocuments(client, 'household_overview', fold(await readDocuments(client, 'household_overview', householdIds, true)));
    });
  }

  /**
   * For a background runner: applies a batch read after `from`, in one transaction that moves
   * the checkpoint from `from` to the batch's last position, or fails if it is no longer `from`.
   */
  applyBatch(events: readonly RecordedEvent[], from: number): Promise<number> {
    return this.runner.applyBatch(events, from, this);
  }

  async read(householdId: string): Promise<HouseholdOverview | null> {
    const { rows } = await this.pool.query<{ doc: HouseholdOverview }>('SELECT doc FROM household_overview WHERE household_id = $1', [householdId]);
    return rows[0]?.doc ?? null;
  }

  async checkpoint(): Promise<number> {
    const { rows } = await this.pool.query<{ position: number }>('SELECT position FROM projection_checkpoints WHERE name = $1', [this.name]);
    return rows[0]?.position ?? 0;
  }

  async dump(): Promise<Array<{ householdId: string; doc: HouseholdOverview }>> {
    const { rows } = await this.pool.query<{ household_id: string; doc: HouseholdOverview }>(
      'SELECT household_id, doc FROM household_overview ORDER BY household_id',
    );
    return rows.map((r) => ({ householdId: r.household_id, doc: r.doc }));
  }

  /**
   * The runner's rebuild (stream by stream where `source` can) into a table beside the live
   * one, and a short final transaction that holds the append lock and the checkpoint (so
   * neither an inline append nor a background runner is in flight), takes in the last events
   * and swaps the tables. `source` is the log as stored (sealed).
   */
  rebuild(source: RebuildSource): Promise<RebuildResult> {
    return this.runner.rebuild(source, this.rebuildTarget(source));
  }

  private rebuildTarget(source: RebuildSource): RebuildTarget<HouseholdOverview> {
    const pool = this.pool;
    const name = this.name;
    return {
      begin: async () => {
        await pool.query('DROP TABLE IF EXISTS household_overview_next');
        await pool.query('CREATE TABLE household_overview_next (LIKE household_overview INCLUDING ALL)');
      },
      load: (ids) => readDocuments(pool, 'household_overview_next', ids),
      write: (docs) => writeDocuments(pool, 'household_overview_next', docs),
      switchOver: (after, version, takeIn) =>
        inTransaction(pool, async (client) => {
          await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
          await client.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [name]);
          await client.query('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [name]);
          let position = after;
          for (;;) {
            const page = await source.readAll({ after: position, limit: SWITCH_PAGE });
            if (page.length === 0) break;
            const ids = [...new Set(page.map((e) => householdIdOfStream(e.streamId)))];
            await writeDocuments(client, 'household_overview_next', takeIn(page, await readDocuments(client, 'household_overview_next', ids)));
            position = page[page.length - 1]!.globalPosition;
          }
          await client.query('LOCK TABLE household_overview IN ACCESS EXCLUSIVE MODE');
          await client.query('DROP TABLE household_overview');
          await client.query('ALTER TABLE household_overview_next RENAME TO household_overview');
          await client.query('ALTER TABLE household_overview RENAME CONSTRAINT household_overview_next_pkey TO household_overview_pkey');
          await client.query('UPDATE projection_checkpoints SET position = $2, version = $3 WHERE name = $1', [name, position, version]);
        }),
    };
  }
}
