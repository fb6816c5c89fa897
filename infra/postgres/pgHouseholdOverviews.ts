import { foldOverviews, type HouseholdOverview } from '../../projections/householdOverview.js';
import type { EventStore, RecordedEvent } from '../eventStore.js';
import { householdEvents, OVERVIEW_PROJECTION, type OverviewReader } from '../readModels.js';
import { inTransaction, type PgClient, type PgPool } from './database.js';
import type { PgInlineProjection } from './pgEventStore.js';

const REBUILD_BATCH = 5_000;

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

  private async fold(client: PgClient, events: readonly RecordedEvent[]): Promise<void> {
    const batch = householdEvents(events);
    const ids = [...new Set(batch.map((b) => b.householdId))];
    const { rows } = await client.query<{ household_id: string; doc: HouseholdOverview }>(
      'SELECT household_id, doc FROM household_overview WHERE household_id = ANY($1) FOR UPDATE',
      [ids],
    );
    const docs = new Map<string, HouseholdOverview | null>(ids.map((id) => [id, null]));
    for (const row of rows) docs.set(row.household_id, row.doc);
    for (const [id, doc] of foldOverviews(docs, batch)) {
      await client.query(
        `INSERT INTO household_overview (household_id, revision, doc) VALUES ($1, $2, $3)
         ON CONFLICT (household_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc`,
        [id, doc.revision, JSON.stringify(doc)],
      );
    }
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

  /** Drops the read model and folds the whole log again, in one transaction. */
  async rebuild(store: EventStore): Promise<{ events: number; households: number }> {
    return inTransaction(this.pool, async (client) => {
      await client.query('LOCK TABLE household_overview IN EXCLUSIVE MODE');
      await client.query('DELETE FROM household_overview');
      const docs = new Map<string, HouseholdOverview | null>();
      let after = 0;
      let count = 0;
      for (;;) {
        const events = await store.readAll({ after, limit: REBUILD_BATCH });
        if (events.length === 0) break;
        foldOverviews(docs, householdEvents(events));
        after = events[events.length - 1]!.globalPosition;
        count += events.length;
      }
      for (const [id, doc] of docs) {
        if (doc) await client.query('INSERT INTO household_overview (household_id, revision, doc) VALUES ($1, $2, $3)', [id, doc.revision, JSON.stringify(doc)]);
      }
      await client.query(
        `INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
        [this.name, after],
      );
      return { events: count, households: docs.size };
    });
  }
}
