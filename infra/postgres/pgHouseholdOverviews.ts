import { evolve, initialState, type HouseholdState } from '../../domain/household/decider.js';
import { parseHouseholdEvent } from '../../domain/household/events.js';
import { foldOverviews, overviewOf, type HouseholdOverview } from '../../projections/householdOverview.js';
import type { EventStore, RecordedEvent } from '../eventStore.js';
import { OVERVIEW_PROJECTION, type OverviewReader } from '../readModels.js';
import { householdIdOfStream, householdStream } from '../streams.js';
import { APPEND_LOCK, inTransaction, type PgClient, type PgPool } from './database.js';
import { PgEventStore, type InlineDocument, type PendingEvent, type PgInlineProjection } from './pgEventStore.js';

/** Events per read of the log during a rebuild (one page is folded while the next is read). */
const REBUILD_PAGE = 5_000;
/** Documents per statement when documents are written together. */
const WRITE_CHUNK = 500;
/** Statements a rebuild has in flight while it folds on (each on a connection of its own). */
const WRITES_IN_FLIGHT = 2;

type OverviewTable = 'household_overview' | 'household_overview_next';

/** Another runner moved the checkpoint first: this batch must not be applied a second time. */
export class CheckpointFenceError extends Error {
  override readonly name = 'CheckpointFenceError';
}

type Queryable = Pick<PgClient, 'query'>;

/**
 * One multi-row statement: the rows travel as one JSON array. A document never replaces a newer
 * one (a higher revision), so statements in flight at once cannot undo each other.
 */
function writeChunk(db: Queryable, table: OverviewTable, docs: ReadonlyArray<readonly [string, HouseholdOverview]>): Promise<unknown> {
  if (docs.length > WRITE_CHUNK) throw new RangeError(`at most ${WRITE_CHUNK} documents per statement, got ${docs.length}`);
  // Serialised now: the documents share objects with states that later events may change.
  const rows = JSON.stringify(docs.map(([householdId, doc]) => ({ household_id: householdId, revision: doc.revision, doc })));
  return db.query(
    `INSERT INTO ${table} AS t (household_id, revision, doc)
     SELECT d.household_id, d.revision, d.doc FROM jsonb_to_recordset($1::jsonb) AS d(household_id text, revision integer, doc jsonb)
     ON CONFLICT (household_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc WHERE t.revision < excluded.revision`,
    [rows],
  );
}

async function writeDocuments(db: Queryable, table: OverviewTable, docs: ReadonlyArray<readonly [string, HouseholdOverview]>): Promise<void> {
  for (let i = 0; i < docs.length; i += WRITE_CHUNK) await writeChunk(db, table, docs.slice(i, i + WRITE_CHUNK));
}

/**
 * Writes chunks of documents while the caller goes on folding, at most `WRITES_IN_FLIGHT`
 * statements at a time; a failed statement is thrown by the next `push` or by `drain`.
 */
class BackgroundWriter {
  private readonly inFlight: Array<Promise<{ error: unknown } | null>> = [];

  constructor(
    private readonly db: Queryable,
    private readonly table: OverviewTable,
  ) {}

  async push(docs: ReadonlyArray<readonly [string, HouseholdOverview]>): Promise<void> {
    for (let i = 0; i < docs.length; i += WRITE_CHUNK) {
      if (this.inFlight.length >= WRITES_IN_FLIGHT) await this.settleOldest();
      this.inFlight.push(writeChunk(this.db, this.table, docs.slice(i, i + WRITE_CHUNK)).then(() => null, (error: unknown) => ({ error })));
    }
  }

  async drain(): Promise<void> {
    while (this.inFlight.length > 0) await this.settleOldest();
  }

  private async settleOldest(): Promise<void> {
    const failed = await this.inFlight.shift();
    if (failed) {
      // Let the others finish (each carries its own outcome) before reporting the first failure.
      await Promise.all(this.inFlight.splice(0));
      throw failed.error;
    }
  }
}

/**
 * A rebuild's fold: each household's decided state kept in memory and folded with the decider's
 * `evolve` (the same fold as `foldOverviews`, without turning the state into a document and back
 * for every event).
 *
 * A household's document is written as soon as its stream has been folded up to the revision it
 * had when the rebuild started (`ends`, when the store can say), so PostgreSQL stores documents
 * while the log is still being folded; the rest are written at the end of each pass.
 *
 * A written household's state is dropped, so memory holds the households still being folded,
 * not the whole log. Should a dropped household get events later in the log (appended while the
 * rebuild runs), its stream is read and folded again, up to the same position.
 */
class RebuildFold {
  private readonly states = new Map<string, HouseholdState>();
  /** Households whose document was written and whose state was dropped. */
  private readonly finished = new Set<string>();
  /** Finished households with events later in the log: folded again from their streams. */
  private readonly refold = new Set<string>();
  /** Households folded further than their last written document. */
  private readonly dirty = new Set<string>();
  /** Households folded up to their end, to be written. */
  private ready: string[] = [];
  /** Global position of the last event folded. */
  after = 0;
  events = 0;

  constructor(
    private readonly store: EventStore,
    private readonly ends: Map<string, number>,
  ) {}

  /** Folds the log from `after` to its current end and writes what it folded; returns how many events it folded. */
  async catchUp(db: Queryable, table: OverviewTable): Promise<number> {
    const writer = new BackgroundWriter(db, table);
    let folded = 0;
    let next = this.store.readAll({ after: this.after, limit: REBUILD_PAGE });
    try {
      for (;;) {
        const page = await next;
        if (page.length === 0) break;
        next = this.store.readAll({ after: page[page.length - 1]!.globalPosition, limit: REBUILD_PAGE });
        this.fold(page);
        folded += page.length;
        if (this.ready.length >= WRITE_CHUNK) await writer.push(this.finish(this.ready.splice(0)));
      }
    } catch (error) {
      // The first error is the one to report; what the read ahead and the writes give is moot.
      next.catch(() => undefined);
      await writer.drain().catch(() => undefined);
      throw error;
    }
    // What is still in flight may hold households that were folded further since: it lands
    // first (statements touching the same rows in different orders could deadlock).
    await writer.drain();
    // A household can be both: ready, and folded further by a later event of this pass.
    await writer.push(this.finish([...new Set([...this.ready.splice(0), ...this.dirty])]));
    this.dirty.clear();
    await writer.push(await this.refolded());
    await writer.drain();
    return folded;
  }

  /** Households in the log so far. */
  get households(): number {
    return this.states.size + this.finished.size;
  }

  /** The documents of these households; their states are dropped. */
  private finish(ids: readonly string[]): Array<readonly [string, HouseholdOverview]> {
    const docs = this.documents(ids);
    for (const id of ids) {
      // The document holds everything folded so far, also events past the household's end.
      this.dirty.delete(id);
      this.states.delete(id);
      this.finished.add(id);
    }
    return docs;
  }

  /** Documents of finished households that had later events, folded again from their streams up to `after`. */
  private async refolded(): Promise<Array<readonly [string, HouseholdOverview]>> {
    const docs: Array<readonly [string, HouseholdOverview]> = [];
    for (const id of this.refold) {
      const state = initialState();
      for (const recorded of await this.store.readStream(householdStream(id))) {
        if (recorded.globalPosition > this.after) break;
        evolve(state, parseHouseholdEvent(recorded));
      }
      state.receipts.clear();
      docs.push([id, overviewOf(state)] as const);
    }
    this.refold.clear();
    return docs;
  }

  private fold(page: readonly RecordedEvent[]): void {
    for (const recorded of page) {
      if (recorded.globalPosition <= this.after) throw new Error(`rebuild: position ${recorded.globalPosition} after ${this.after}`);
      const householdId = householdIdOfStream(recorded.streamId);
      if (this.finished.has(householdId)) {
        this.refold.add(householdId);
        this.after = recorded.globalPosition;
        continue;
      }
      const event = parseHouseholdEvent(recorded);
      let state = this.states.get(householdId);
      if (!state) {
        state = initialState();
        this.states.set(householdId, state);
      }
      evolve(state, event);
      // Receipts are the decider's business: the overview does not show them, so they need not pile up here.
      state.receipts.clear();
      if (this.ends.get(recorded.streamId) === recorded.revision) {
        this.ends.delete(recorded.streamId);
        this.dirty.delete(householdId);
        this.ready.push(householdId);
      } else {
        this.dirty.add(householdId);
      }
      this.after = recorded.globalPosition;
    }
    this.events += page.length;
  }

  private documents(ids: readonly string[]): Array<readonly [string, HouseholdOverview]> {
    return ids.map((id) => [id, overviewOf(this.states.get(id)!)] as const);
  }
}

interface StoredDocument {
  household_id: string;
  revision: number;
  doc: HouseholdOverview;
}

/**
 * The household overview read model in PostgreSQL. Documents and their checkpoint are written
 * in one transaction: inline with the append (events in the same database), or by the
 * projection runner, fenced on the checkpoint it started from, so each event takes effect once.
 */
export class PgHouseholdOverviews implements PgInlineProjection, OverviewReader {
  readonly name = OVERVIEW_PROJECTION;

  constructor(private readonly pool: PgPool) {}

  /** Folds `events` into the documents they change, as `read` gives them, and says which revision each was folded from. */
  private async foldStored(
    events: ReadonlyArray<Pick<RecordedEvent, 'streamId' | 'type' | 'v' | 'data' | 'meta'>>,
    read: (ids: readonly string[]) => Promise<readonly StoredDocument[]>,
  ): Promise<Map<string, { from: number | null; doc: HouseholdOverview }>> {
    const batch = events.map((e) => ({ householdId: householdIdOfStream(e.streamId), event: parseHouseholdEvent(e) }));
    const ids = [...new Set(batch.map((b) => b.householdId))];
    const rows = await read(ids);
    const stored = new Map<string, number>(rows.map((r) => [r.household_id, r.revision]));
    const docs = new Map<string, HouseholdOverview | null>(ids.map((id) => [id, null]));
    for (const row of rows) docs.set(row.household_id, row.doc);
    const folded = new Map<string, { from: number | null; doc: HouseholdOverview }>();
    for (const [id, doc] of foldOverviews(docs, batch)) folded.set(id, { from: stored.get(id) ?? null, doc });
    return folded;
  }

  /** Inline: read and folded before the append, written by it (`tb_append_events`). */
  async documentsFor(events: readonly PendingEvent[]): Promise<InlineDocument[]> {
    const folded = await this.foldStored(events, async (ids) => {
      const { rows } = await this.pool.query<StoredDocument>({
        // Prepared once per connection: it runs before every append.
        name: 'tb-overviews',
        text: 'SELECT household_id, revision, doc FROM household_overview WHERE household_id = ANY($1)',
        values: [ids],
      });
      return rows;
    });
    return [...folded].map(([householdId, { from, doc }]) => ({ householdId, foldedFrom: from, revision: doc.revision, doc }));
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
      const folded = await this.foldStored(events, async (ids) => {
        const { rows } = await client.query<StoredDocument>(
          'SELECT household_id, revision, doc FROM household_overview WHERE household_id = ANY($1) FOR UPDATE',
          [ids],
        );
        return rows;
      });
      await writeDocuments(client, 'household_overview', [...folded].map(([id, { doc }]) => [id, doc] as const));
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
   * Builds a new version of the read model beside the live one and switches to it when it has
   * caught up: readers and writers keep using the old version until a short final transaction,
   * which holds the append lock and the checkpoint (so neither an inline append nor the runner
   * is in flight), takes in the last events and swaps the tables.
   *
   * The log is read in large pages and each household's state is folded once in memory (held
   * until its document is written, see RebuildFold); documents are written in multi-row
   * statements, each once its household is folded to the end it had when the rebuild started,
   * and again if it changed meanwhile.
   */
  async rebuild(store: EventStore): Promise<{ events: number; households: number }> {
    await this.pool.query('DROP TABLE IF EXISTS household_overview_next');
    await this.pool.query('CREATE TABLE household_overview_next (LIKE household_overview INCLUDING ALL)');
    const fold = new RebuildFold(store, store instanceof PgEventStore ? await store.streamRevisions() : new Map());
    // Beside the live model, without locks, until what is left is short.
    while ((await fold.catchUp(this.pool, 'household_overview_next')) > REBUILD_PAGE);
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      await client.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [this.name]);
      await client.query('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [this.name]);
      await fold.catchUp(client, 'household_overview_next');
      await client.query('LOCK TABLE household_overview IN ACCESS EXCLUSIVE MODE');
      await client.query('DROP TABLE household_overview');
      await client.query('ALTER TABLE household_overview_next RENAME TO household_overview');
      await client.query('ALTER TABLE household_overview RENAME CONSTRAINT household_overview_next_pkey TO household_overview_pkey');
      await client.query('UPDATE projection_checkpoints SET position = $2 WHERE name = $1', [this.name, fold.after]);
      return { events: fold.events, households: fold.households };
    });
  }
}
