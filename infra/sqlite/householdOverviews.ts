import { householdOverviewProjection, type HouseholdOverview } from '../../projections/householdOverview.js';
import { checkVersion, type StoredDocument } from '../../projections/projection.js';
import { ProjectionRunner, type RebuildResult, type RebuildSource, type RebuildTarget, type SyncDocumentStorage, type TakeIn } from '../../projections/runner.js';
import type { RecordedEvent } from '../eventStore.js';
import type { OverviewReader } from '../readModels.js';
import { householdIdOfStream } from '../streams.js';
import type { SqliteDatabase } from './database.js';
import { toRecorded, type EventRow, type InlineProjection } from './sqliteEventStore.js';
import { openRebuildSource } from './rebuildSource.js';
import type { LRUCache } from 'lru-cache';
import { boundedCache, stringBytes } from '../boundedCache.js';
import { defaultCacheBounds, type CacheBound } from '../config.js';

const projection = householdOverviewProjection;
const NAME = projection.name;
const DEFAULT_CACHE_SIZE = 2_000;
/** Events per read of the log when a rebuild switches over. */
const SWITCH_PAGE = 5_000;

type Stored = StoredDocument<HouseholdOverview>;

export interface SqliteOverviewOptions {
  /** How many parsed documents are kept in memory at most (least recently used go first); 0 turns the cache off. */
  cacheSize?: number;
  /** The parsed documents' memory (see documentBytes) and how long an unread one is kept. */
  cache?: CacheBound;
}

/**
 * What a parsed document holds in memory, estimated from its JSON text: twice its length (the
 * text's UTF-16 size). Measured on a 1,000-event household, the object JSON.parse builds took
 * 0.42 of that, so the estimate errs on the side of memory.
 */
export function documentBytes(json: string): number {
  return stringBytes(json);
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
 * transaction, so every acknowledged command is visible to the next query. The fold and the
 * rebuild are the projection runner's (projections/runner.ts); this class is their storage.
 *
 * Parsed documents of recently used households are kept in memory, so neither a query nor an
 * append parses the JSON document again. The cache only ever holds committed documents: what an
 * append writes is staged and enters the cache when the store reports the commit (dropped on a
 * rollback), and when another connection has committed to the file (`PRAGMA data_version`
 * moved: a second process, a rebuild from the CLI) the whole cache is dropped.
 */
export class SqliteHouseholdOverviews implements InlineProjection, OverviewReader {
  readonly name = NAME;
  private readonly runner = new ProjectionRunner(projection);
  private readonly statements;
  /** Committed documents by household; null when the cache is off. */
  private readonly cache: LRUCache<string, Stored> | null;
  /** Written by the transaction under way, with their size: they enter the cache on its commit. */
  private readonly staged = new Map<string, { stored: Stored; bytes: number }>();
  private dataVersion: number;
  /** The storage the runner folds inline into: small and synchronous (it may run on a worker thread). */
  private readonly storage: SyncDocumentStorage<HouseholdOverview>;

  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteOverviewOptions = {},
  ) {
    const bound = options.cache ?? defaultCacheBounds.overviews;
    this.cache = boundedCache<Stored>(
      { maxBytes: bound.maxBytes, ttlMs: bound.ttlMs, maxEntries: options.cacheSize ?? DEFAULT_CACHE_SIZE },
      // Every set passes the size it already knows; this is the fallback.
      { bytesOf: (stored) => documentBytes(JSON.stringify(stored.doc)), renewOnRead: true },
    );
    this.statements = {
      get: db.prepare<[string], { revision: number; doc: string }>('SELECT revision, doc FROM household_overview WHERE household_id = ?'),
      put: db.prepare(
        `INSERT INTO household_overview (household_id, revision, doc) VALUES (?, ?, ?)
         ON CONFLICT (household_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc`,
      ),
      checkpoint: db.prepare(
        `INSERT INTO projection_checkpoints (name, position) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      ),
      readCheckpoint: db.prepare<[string], { position: number; version: number | null }>('SELECT position, version FROM projection_checkpoints WHERE name = ?'),
      recordVersion: db.prepare('INSERT INTO projection_checkpoints (name, position, version) VALUES (?, 0, ?) ON CONFLICT (name) DO NOTHING'),
      all: db.prepare<[], { household_id: string; doc: string }>('SELECT household_id, doc FROM household_overview ORDER BY household_id'),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    this.dataVersion = this.statements.dataVersion.get()!;
    this.storage = {
      load: (ids) => {
        const loaded = new Map<string, Stored>();
        for (const id of ids) {
          const stored = this.current(id);
          if (stored) loaded.set(id, stored);
        }
        return loaded;
      },
      save: (docs, checkpoint) => {
        const written: Array<{ stored: Stored; bytes: number }> = [];
        for (const stored of docs) {
          const json = JSON.stringify(stored.doc);
          this.statements.put.run(stored.householdId, stored.revision, json);
          written.push({ stored, bytes: documentBytes(json) });
        }
        this.statements.checkpoint.run(NAME, checkpoint);
        // Staged last: a save that failed half-way leaves nothing behind for its savepoint's rollback.
        if (this.cache) for (const w of written) this.staged.set(w.stored.householdId, { stored: { ...w.stored, doc: deepFreeze(w.stored.doc) }, bytes: w.bytes });
      },
    };
  }

  /**
   * A store whose model another version of the projection built is refused (checkVersion); a
   * new store records this version.
   */
  checkVersion(): void {
    const row = this.statements.readCheckpoint.get(NAME);
    if (!row) this.statements.recordVersion.run(NAME, projection.version);
    else checkVersion(projection, row.version);
  }

  apply(events: readonly RecordedEvent[]): void {
    this.dropCacheIfChangedElsewhere();
    this.runner.applyInline(events, this.storage);
  }

  /** The transaction that ran `apply` committed: its documents are now what every reader sees. */
  committed(): void {
    for (const [id, { stored, bytes }] of this.staged) this.remember(id, stored, bytes);
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
    const cached = this.cache?.get(householdId);
    if (cached) return cached.doc;
    const row = this.statements.get.get(householdId);
    if (!row) return null;
    const stored: Stored = { householdId, revision: row.revision, doc: deepFreeze(JSON.parse(row.doc) as HouseholdOverview) };
    this.remember(householdId, stored, documentBytes(row.doc));
    return stored.doc;
  }

  async read(householdId: string): Promise<HouseholdOverview | null> {
    return this.get(householdId);
  }

  position(): number {
    return this.statements.readCheckpoint.get(NAME)?.position ?? 0;
  }

  /** The version of the projection that built the model (null: built before versions were recorded). */
  version(): number | null {
    return this.statements.readCheckpoint.get(NAME)?.version ?? null;
  }

  async checkpoint(): Promise<number> {
    return this.position();
  }

  /** Every document, for comparing a rebuild with what was built inline. */
  dump(): Array<{ householdId: string; doc: HouseholdOverview }> {
    return this.statements.all.all().map((r) => ({ householdId: r.household_id, doc: JSON.parse(r.doc) as HouseholdOverview }));
  }

  /**
   * Folds the whole event log again (the runner's rebuild: stream by stream, one household in
   * memory) into a table beside the live one, and switches to it in one short transaction that
   * takes in what was appended meanwhile: readers and appends keep the old model until then.
   * `source` is the log as stored (sealed); by default this database's own, read through a
   * connection of the rebuild's own (./rebuildSource.ts).
   */
  async rebuild(source?: RebuildSource): Promise<RebuildResult> {
    if (source) return this.runner.rebuild(source, this.rebuildTarget());
    const own = openRebuildSource(this.db);
    try {
      return await this.runner.rebuild(own, this.rebuildTarget());
    } finally {
      own.close();
    }
  }

  private rebuildTarget(): RebuildTarget<HouseholdOverview> {
    const db = this.db;
    const next = {
      get: () => db.prepare<[string], { revision: number; doc: string }>('SELECT revision, doc FROM household_overview_next WHERE household_id = ?'),
      put: () =>
        db.prepare(
          `INSERT INTO household_overview_next (household_id, revision, doc) VALUES (?, ?, ?)
           ON CONFLICT (household_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc`,
        ),
    };
    const load = (ids: readonly string[]): Map<string, Stored> => {
      const get = next.get();
      const loaded = new Map<string, Stored>();
      for (const id of ids) {
        const row = get.get(id);
        if (row) loaded.set(id, { householdId: id, revision: row.revision, doc: JSON.parse(row.doc) as HouseholdOverview });
      }
      return loaded;
    };
    const write = (docs: ReadonlyArray<Stored>): void => {
      const put = next.put();
      for (const d of docs) put.run(d.householdId, d.revision, JSON.stringify(d.doc));
    };
    return {
      begin: async () => {
        db.exec(`DROP TABLE IF EXISTS household_overview_next;
                 CREATE TABLE household_overview_next (household_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID;`);
      },
      load: async (ids) => load(ids),
      write: async (docs) => {
        db.transaction(() => write(docs)).immediate();
      },
      switchOver: async (after: number, version: number, takeIn: TakeIn<HouseholdOverview>) => {
        const readAfter = db.prepare<[number, number], EventRow>(
          'SELECT global_position, stream_id, revision, type, v, data, meta, recorded_at FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?',
        );
        // Synchronous, in one immediate transaction: no append of this process or another runs in between.
        db.transaction(() => {
          let position = after;
          for (;;) {
            const rows = readAfter.all(position, SWITCH_PAGE);
            if (rows.length === 0) break;
            const page: RecordedEvent[] = rows.map(toRecorded);
            const ids = [...new Set(page.map((e) => householdIdOfStream(e.streamId)))];
            write(takeIn(page, load(ids)));
            position = rows[rows.length - 1]!.global_position;
          }
          db.exec(`DROP TABLE household_overview; ALTER TABLE household_overview_next RENAME TO household_overview;`);
          db.prepare('INSERT INTO projection_checkpoints (name, position, version) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position, version = excluded.version').run(
            NAME,
            position,
            version,
          );
        }).immediate();
        this.cache?.clear();
        this.staged.clear();
        this.dataVersion = this.statements.dataVersion.get()!;
      },
    };
  }

  /** The document as this transaction sees it: staged, cached or stored. */
  private current(householdId: string): Stored | null {
    return this.staged.get(householdId)?.stored ?? this.cache?.get(householdId) ?? this.load(householdId);
  }

  private load(householdId: string): Stored | null {
    const row = this.statements.get.get(householdId);
    return row ? { householdId, revision: row.revision, doc: JSON.parse(row.doc) as HouseholdOverview } : null;
  }

  /** Most recently used; a document larger than the whole bound is not kept (and drops an older copy). */
  private remember(householdId: string, stored: Stored, bytes: number): void {
    this.cache?.set(householdId, stored, { size: Math.max(1, bytes) });
  }

  private dropCacheIfChangedElsewhere(): void {
    const version = this.statements.dataVersion.get()!;
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.cache?.clear();
    }
  }
}
