import { evolve, initialState, type HouseholdState } from '../../domain/household/decider.js';
import { parseHouseholdEvent } from '../../domain/household/events.js';
import { foldOverviews, overviewOf, type HouseholdOverview } from '../../projections/householdOverview.js';
import type { RecordedEvent } from '../eventStore.js';
import { householdEvents, OVERVIEW_PROJECTION, type OverviewReader } from '../readModels.js';
import { householdIdOfStream } from '../streams.js';
import type { SqliteDatabase } from './database.js';
import type { InlineProjection } from './sqliteEventStore.js';

const NAME = OVERVIEW_PROJECTION;
const REBUILD_BATCH = 5_000;
const DEFAULT_CACHE_SIZE = 2_000;

export interface SqliteOverviewOptions {
  /** How many parsed documents are kept in memory (least recently used go first); 0 turns the cache off. */
  cacheSize?: number;
}

/** Cached documents are shared by every reader: freezing them makes a mutation fail loudly instead of leaking. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The household overview read model in SQLite, updated with its checkpoint inside the append's
 * transaction, so every acknowledged command is visible to the next query.
 *
 * Parsed documents of recently used households are kept in memory, so neither a query nor an
 * append parses the JSON document again. The cache only ever holds committed documents: what an
 * append writes is staged and enters the cache when the store reports the commit (dropped on a
 * rollback), and when another connection has committed to the file (`PRAGMA data_version`
 * moved: a second process, a rebuild from the CLI) the whole cache is dropped.
 */
export class SqliteHouseholdOverviews implements InlineProjection, OverviewReader {
  readonly name = NAME;
  private readonly statements;
  private readonly cacheSize: number;
  private readonly cache = new Map<string, HouseholdOverview>();
  private readonly staged = new Map<string, HouseholdOverview>();
  private dataVersion: number;

  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteOverviewOptions = {},
  ) {
    this.cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
    this.statements = {
      get: db.prepare<[string], { doc: string }>('SELECT doc FROM household_overview WHERE household_id = ?'),
      put: db.prepare(
        `INSERT INTO household_overview (household_id, revision, doc) VALUES (?, ?, ?)
         ON CONFLICT (household_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc`,
      ),
      insert: db.prepare('INSERT INTO household_overview (household_id, revision, doc) VALUES (?, ?, ?)'),
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
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    this.dataVersion = this.statements.dataVersion.get()!;
  }

  apply(events: readonly RecordedEvent[]): void {
    this.dropCacheIfChangedElsewhere();
    const batch = householdEvents(events);
    const docs = new Map(batch.map(({ householdId }) => [householdId, this.current(householdId)] as const));
    const written: Array<[string, HouseholdOverview]> = [];
    for (const [id, doc] of foldOverviews(docs, batch)) {
      this.statements.put.run(id, doc.revision, JSON.stringify(doc));
      written.push([id, doc]);
    }
    const last = events[events.length - 1];
    if (last) this.statements.checkpoint.run(NAME, last.globalPosition);
    // Staged last: an apply that failed half-way leaves nothing behind for its savepoint's rollback.
    if (this.cacheSize > 0) for (const [id, doc] of written) this.staged.set(id, deepFreeze(doc));
  }

  /** The transaction that ran `apply` committed: its documents are now what every reader sees. */
  committed(): void {
    for (const [id, doc] of this.staged) this.remember(id, doc);
    this.staged.clear();
  }

  /** The transaction that ran `apply` rolled back: forget what it wrote. */
  rolledBack(): void {
    // The cache never saw them: it still holds what was committed before.
    this.staged.clear();
  }

  /**
   * The household's overview. The document may be shared with other readers: it is frozen, and
   * a caller that needs to change it must copy it.
   */
  get(householdId: string): HouseholdOverview | null {
    this.dropCacheIfChangedElsewhere();
    const cached = this.cache.get(householdId);
    if (cached) {
      // Least recently used goes first: move it to the back.
      this.cache.delete(householdId);
      this.cache.set(householdId, cached);
      return cached;
    }
    const doc = this.load(householdId);
    if (doc) this.remember(householdId, deepFreeze(doc));
    return doc;
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
   *
   * Each household's state is folded with the decider's `evolve` in memory and its document
   * written once at the end (the same fold as `foldOverviews`, without turning the state into
   * a document and back for every event).
   */
  rebuild(): { events: number; households: number } {
    let count = 0;
    this.cache.clear();
    this.staged.clear();
    const states = new Map<string, HouseholdState>();
    this.db
      .transaction(() => {
        this.statements.clear.run();
        let after = 0;
        for (;;) {
          const rows = this.statements.readEvents.all(after, REBUILD_BATCH);
          if (rows.length === 0) break;
          for (const row of rows) {
            const householdId = householdIdOfStream(row.stream_id);
            const event = parseHouseholdEvent({ type: row.type, v: row.v, data: JSON.parse(row.data), meta: JSON.parse(row.meta) });
            let state = states.get(householdId);
            if (!state) {
              state = initialState();
              states.set(householdId, state);
            }
            evolve(state, event);
            // Receipts are the decider's business: the overview does not show them, so they need not pile up here.
            state.receipts.clear();
          }
          after = rows[rows.length - 1]!.global_position;
          count += rows.length;
        }
        for (const [id, state] of states) {
          const doc = overviewOf(state);
          this.statements.insert.run(id, doc.revision, JSON.stringify(doc));
        }
        this.statements.checkpoint.run(NAME, after);
      })
      .immediate();
    this.dataVersion = this.statements.dataVersion.get()!;
    return { events: count, households: states.size };
  }

  /** The document as this transaction sees it: staged, cached or stored. */
  private current(householdId: string): HouseholdOverview | null {
    return this.staged.get(householdId) ?? this.cache.get(householdId) ?? this.load(householdId);
  }

  private load(householdId: string): HouseholdOverview | null {
    const row = this.statements.get.get(householdId);
    return row ? (JSON.parse(row.doc) as HouseholdOverview) : null;
  }

  private remember(householdId: string, doc: HouseholdOverview): void {
    if (this.cacheSize <= 0) return;
    this.cache.delete(householdId);
    this.cache.set(householdId, doc);
    if (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  private dropCacheIfChangedElsewhere(): void {
    const version = this.statements.dataVersion.get()!;
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.cache.clear();
    }
  }
}
