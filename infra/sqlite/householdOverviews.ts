import { parseHouseholdEvent } from '../../domain/household/events.js';
import { foldOverviews, type HouseholdOverview } from '../../projections/householdOverview.js';
import type { RecordedEvent } from '../eventStore.js';
import { householdEvents, OVERVIEW_PROJECTION, type OverviewReader } from '../readModels.js';
import { householdIdOfStream } from '../streams.js';
import type { SqliteDatabase } from './database.js';
import type { InlineProjection } from './sqliteEventStore.js';

const NAME = OVERVIEW_PROJECTION;
const REBUILD_BATCH = 5_000;

/**
 * The household overview read model in SQLite, updated with its checkpoint inside the append's
 * transaction, so every acknowledged command is visible to the next query.
 */
export class SqliteHouseholdOverviews implements InlineProjection, OverviewReader {
  readonly name = NAME;
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      get: db.prepare<[string], { doc: string }>('SELECT doc FROM household_overview WHERE household_id = ?'),
      put: db.prepare(
        `INSERT INTO household_overview (household_id, revision, doc) VALUES (?, ?, ?)
         ON CONFLICT (household_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc`,
      ),
      checkpoint: db.prepare(
        `INSERT INTO projection_checkpoints (name, position) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      ),
      readCheckpoint: db.prepare<[string], { position: number }>('SELECT position FROM projection_checkpoints WHERE name = ?'),
      readEvents: db.prepare<[number, number], { global_position: number; stream_id: string; type: string; v: number; data: string; meta: string }>(
        'SELECT global_position, stream_id, type, v, data, meta FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?',
      ),
      clear: db.prepare('DELETE FROM household_overview'),
      all: db.prepare<[], { household_id: string; doc: string }>('SELECT household_id, doc FROM household_overview ORDER BY household_id'),
    };
  }

  apply(events: readonly RecordedEvent[]): void {
    const batch = householdEvents(events);
    const docs = new Map(batch.map(({ householdId }) => [householdId, this.get(householdId)] as const));
    for (const [id, doc] of foldOverviews(docs, batch)) this.statements.put.run(id, doc.revision, JSON.stringify(doc));
    const last = events[events.length - 1];
    if (last) this.statements.checkpoint.run(NAME, last.globalPosition);
  }

  get(householdId: string): HouseholdOverview | null {
    const row = this.statements.get.get(householdId);
    return row ? (JSON.parse(row.doc) as HouseholdOverview) : null;
  }

  async read(householdId: string): Promise<HouseholdOverview | null> {
    return this.get(householdId);
  }

  position(): number {
    return this.statements.readCheckpoint.get(NAME)?.position ?? 0;
  }

  async checkpoint(): Promise<number> {
    return this.position();
  }

  /** Every document, for comparing a rebuild with what was built inline. */
  dump(): Array<{ householdId: string; doc: HouseholdOverview }> {
    return this.statements.all.all().map((r) => ({ householdId: r.household_id, doc: JSON.parse(r.doc) as HouseholdOverview }));
  }

  /**
   * Drops the read model and folds the whole event log again, in one transaction: readers see
   * the old model or the new one, never a half-built one.
   */
  rebuild(): { events: number; households: number } {
    let count = 0;
    const touched = new Set<string>();
    this.db
      .transaction(() => {
        this.statements.clear.run();
        const docs = new Map<string, HouseholdOverview | null>();
        let after = 0;
        for (;;) {
          const rows = this.statements.readEvents.all(after, REBUILD_BATCH);
          if (rows.length === 0) break;
          const batch = rows.map((row) => ({
            householdId: householdIdOfStream(row.stream_id),
            event: parseHouseholdEvent({ type: row.type, v: row.v, data: JSON.parse(row.data), meta: JSON.parse(row.meta) }),
          }));
          for (const id of foldOverviews(docs, batch).keys()) touched.add(id);
          after = rows[rows.length - 1]!.global_position;
          count += rows.length;
        }
        for (const [id, doc] of docs) if (doc) this.statements.put.run(id, doc.revision, JSON.stringify(doc));
        this.statements.checkpoint.run(NAME, after);
      })
      .immediate();
    return { events: count, households: touched.size };
  }
}
