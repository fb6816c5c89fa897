import { foldOverviews, type HouseholdOverview } from '../../projections/householdOverview.js';
import type { EventStore, RecordedEvent } from '../eventStore.js';
import { householdEvents, OVERVIEW_PROJECTION, type OverviewReader } from '../readModels.js';
import { inTransaction, type PgClient, type PgPool } from './database.js';
import { APPEND_LOCK, type PgInlineProjection } from './pgEventStore.js';

const REBUILD_BATCH = 5_000;

type OverviewTable = 'household_overview' | 'household_overview_next';

/** Another runner moved the checkpoint first: this batch must not be applied a second time. */
export class CheckpointFenceError extends Error {
  override readonly name = 'CheckpointFenceError';
}

/**
 * The household overview read model in PostgreSQL. Documents and their checkpoint are written
 * in one transaction: inline with the append (events in the same database), or by the
 * projection runner, fenced on the checkpoint it started from, so each event takes effect once.
 */
export class PgHouseholdOverviews implements PgInlineProjection, OverviewReader {
  readonly name = OVERVIEW_PROJECTION;

  constructor(private readonly pool: PgPool) {}

  private async fold(client: PgClient, events: readonly RecordedEvent[], table: OverviewTable = 'household_overview'): Promise<number> {
    const batch = householdEvents(events);
    const ids = [...new Set(batch.map((b) => b.householdId))];
    const { rows } = await client.query<{ household_id: string; doc: HouseholdOverview }>(
      `SELECT household_id, doc FROM ${table} WHERE household_id = ANY($1) FOR UPDATE`,
      [ids],
    );
    const docs = new Map<string, HouseholdOverview | null>(ids.map((id) => [id, null]));
    for (const row of rows) docs.set(row.household_id, row.doc);
    const touched = foldOverviews(docs, batch);
    for (const [id, doc] of touched) {
      await client.query(
        `INSERT INTO ${table} (household_id, revision, doc) VALUES ($1, $2, $3)
         ON CONFLICT (household_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc`,
        [id, doc.revision, JSON.stringify(doc)],
      );
    }
    return touched.size;
  }

  /** Inline, inside the append's transaction. */
  async apply(client: PgClient, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.fold(client, events);
    await client.query(
      `INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      [this.name, events[events.length - 1]!.globalPosition],
    );
  }

  /**
   * For a projection runner: applies a batch read after `from`, in one transaction that moves
   * the checkpoint from `from` to the batch's last position, or fails if it is no longer `from`.
   */
  async applyBatch(events: readonly RecordedEvent[], from: number): Promise<number> {
    if (events.length === 0) return from;
    const to = events[events.length - 1]!.globalPosition;
    await inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [this.name]);
      const moved = await client.query('UPDATE projection_checkpoints SET position = $3 WHERE name = $1 AND position = $2', [this.name, from, to]);
      if (moved.rowCount !== 1) throw new CheckpointFenceError(`checkpoint of ${this.name} is no longer ${from}`);
      await this.fold(client, events);
    });
    return to;
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
   * Builds a new version of the read model beside the live one, batch by batch, and switches
   * to it when it has caught up: readers and writers keep using the old version until a short
   * final transaction, which holds the append lock and the checkpoint (so neither an inline
   * append nor the runner is in flight), takes in the last events and swaps the tables.
   */
  async rebuild(store: EventStore): Promise<{ events: number; households: number }> {
    await this.pool.query('DROP TABLE IF EXISTS household_overview_next');
    await this.pool.query('CREATE TABLE household_overview_next (LIKE household_overview INCLUDING ALL)');
    let after = 0;
    let count = 0;
    const catchUp = async (client: PgClient) => {
      for (;;) {
        const events = await store.readAll({ after, limit: REBUILD_BATCH });
        if (events.length === 0) return;
        await this.fold(client, events, 'household_overview_next');
        after = events[events.length - 1]!.globalPosition;
        count += events.length;
      }
    };
    // Beside the live model, in batches of their own: no long lock on anything.
    for (;;) {
      const before = after;
      await inTransaction(this.pool, async (client) => {
        const events = await store.readAll({ after, limit: REBUILD_BATCH });
        if (events.length === 0) return;
        await this.fold(client, events, 'household_overview_next');
        after = events[events.length - 1]!.globalPosition;
        count += events.length;
      });
      if (after === before) break;
    }
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      await client.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [this.name]);
      await client.query('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [this.name]);
      await catchUp(client);
      await client.query('LOCK TABLE household_overview IN ACCESS EXCLUSIVE MODE');
      await client.query('DROP TABLE household_overview');
      await client.query('ALTER TABLE household_overview_next RENAME TO household_overview');
      await client.query('ALTER TABLE household_overview RENAME CONSTRAINT household_overview_next_pkey TO household_overview_pkey');
      await client.query('UPDATE projection_checkpoints SET position = $2 WHERE name = $1', [this.name, after]);
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM household_overview');
      return { events: count, households: rows[0]!.n };
    });
  }
}
