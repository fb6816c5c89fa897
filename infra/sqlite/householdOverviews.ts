import { householdOverviewProjection, type HouseholdOverview } from '../../projections/householdOverview.js';
import { deepFreeze, documentBytes, freezeDocument } from '../overviewParts.js';
import { checkVersion, type StoredDocument } from '../../projections/projection.js';
import { ProjectionRunner, RebuildRunningError, type RebuildResult, type RebuildSource, type RebuildTarget, type SyncDocumentStorage, type TakeIn } from '../../projections/runner.js';
import type { RecordedEvent } from '../eventStore.js';
import type { OverviewReader } from '../readModels.js';
import { householdIdOfStream } from '../streams.js';
import type { SqliteDatabase } from './database.js';
import { toRecorded, type CommitObserver, type EventRow, type InlineProjection } from './sqliteEventStore.js';
import { openRebuildSource } from './rebuildSource.js';
import type { LRUCache } from 'lru-cache';
import { boundedCache } from '../boundedCache.js';
import { defaultCacheBounds, type CacheBound } from '../config.js';
import { createTablesSql, LIVE_TABLES, NEXT_TABLES, OverviewLayout, type ReadDocument } from './overviewLayout.js';

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
 * The household overview read model in SQLite, updated with its checkpoint inside the append's
 * transaction, so every acknowledged command is visible to the next query. The fold and the
 * rebuild are the projection runner's (projections/runner.ts); this class is their storage, item
 * by item (overviewLayout.ts): an append writes only the items its events changed.
 *
 * Parsed documents of recently used households are kept in memory, so neither a query nor an
 * append parses the JSON document again. The cache only ever holds committed documents: what an
 * append writes is staged and enters the cache when the store reports the commit (dropped on a
 * rollback). Every transaction that writes the model moves the file's commit sequence
 * (database.ts); when another connection has committed to the file (`PRAGMA data_version`
 * moved) and the sequence is not where this cache was told it is (a second process, a rebuild
 * from the CLI), the whole cache is dropped. When the commit worker writes the model
 * (CommitObserver), it tells this cache of each group before the group's appends are
 * acknowledged: the households it appended to are evicted, the rest is kept; writes to other
 * tables of the file (the read audit, the directory) keep it too. While a group is in flight, a
 * read of a household it appends to goes past the cache; other households are read from it.
 */
export class SqliteHouseholdOverviews implements InlineProjection, CommitObserver, OverviewReader {
  readonly name = NAME;
  private readonly runner = new ProjectionRunner(projection);
  private readonly statements;
  private readonly layout: OverviewLayout;
  /** Committed documents by household; null when the cache is off. */
  private readonly cache: LRUCache<string, ReadDocument> | null;
  /** Written by the transaction under way: they enter the cache on its commit. */
  private readonly staged = new Map<string, ReadDocument>();
  /** What the fold under way loaded: what its save writes over. */
  private loaded = new Map<string, ReadDocument>();
  private dataVersion: number;
  /** The commit sequence (database.ts commit_sequence) the cache is in step with. */
  private sequence: number;
  /**
   * The households that groups sent to the commit worker and not answered yet append to
   * (CommitObserver), with how many of those groups append to each: empty when none is in flight.
   */
  private readonly inFlight = new Map<string, number>();
  /** The storage the runner folds inline into: small and synchronous (it may run on a worker thread). */
  private readonly storage: SyncDocumentStorage<HouseholdOverview>;

  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteOverviewOptions = {},
  ) {
    const bound = options.cache ?? defaultCacheBounds.overviews;
    this.cache = boundedCache<ReadDocument>(
      { maxBytes: bound.maxBytes, ttlMs: bound.ttlMs, maxEntries: options.cacheSize ?? DEFAULT_CACHE_SIZE },
      { bytesOf: (entry) => documentBytes(entry.textLength), renewOnRead: true },
    );
    this.layout = new OverviewLayout(db, LIVE_TABLES);
    this.statements = {
      checkpoint: db.prepare(
        `INSERT INTO projection_checkpoints (name, position) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      ),
      readCheckpoint: db.prepare<[string], { position: number; version: number | null }>('SELECT position, version FROM projection_checkpoints WHERE name = ?'),
      recordVersion: db.prepare('INSERT INTO projection_checkpoints (name, position, version) VALUES (?, 0, ?) ON CONFLICT (name) DO NOTHING'),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
      sequence: db.prepare<[], number>('SELECT seq FROM commit_sequence WHERE id = 1').pluck(),
      bumpSequence: db.prepare('UPDATE commit_sequence SET seq = seq + 1 WHERE id = 1'),
    };
    this.dataVersion = this.statements.dataVersion.get()!;
    this.sequence = this.statements.sequence.get()!;
    this.storage = {
      load: (ids) => {
        this.loaded = new Map();
        const loaded = new Map<string, Stored>();
        for (const id of ids) {
          const current = this.current(id);
          if (!current) continue;
          this.loaded.set(id, current);
          loaded.set(id, current.stored);
        }
        return loaded;
      },
      save: (docs, checkpoint) => {
        const written: ReadDocument[] = [];
        for (const stored of docs) {
          const prior = this.loaded.get(stored.householdId) ?? null;
          const textLength = this.layout.write(stored, prior);
          written.push({ stored: { ...stored, doc: freezeDocument(stored.doc, prior?.stored.doc) }, textLength });
        }
        this.loaded = new Map();
        this.statements.checkpoint.run(NAME, checkpoint);
        // Staged last: a save that failed half-way leaves nothing behind for its savepoint's rollback.
        if (this.cache) for (const w of written) this.staged.set(w.stored.householdId, w);
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
    // Inside the append's transaction, before the store moves the sequence: exact.
    if (this.statements.dataVersion.get()! !== this.dataVersion) this.resync();
    this.runner.applyInline(events, this.storage);
  }

  /** The transaction that ran `apply` committed: its documents are now what every reader sees. */
  committed(sequence: number): void {
    // The transaction moved the sequence by one: from anything but where this cache stands,
    // another connection wrote in between (found by `apply` already, unless it did not run:
    // a group of conflicting appends only).
    if (sequence - 1 !== this.sequence) this.cache?.clear();
    for (const [id, entry] of this.staged) this.remember(id, entry);
    this.staged.clear();
    this.sequence = sequence;
  }

  committing(sent: readonly string[]): void {
    for (const streamId of new Set(sent)) {
      const id = householdIdOfStream(streamId);
      this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
    }
  }

  private landed(sent: readonly string[]): void {
    for (const streamId of new Set(sent)) {
      const id = householdIdOfStream(streamId);
      const left = (this.inFlight.get(id) ?? 1) - 1;
      if (left > 0) this.inFlight.set(id, left);
      else this.inFlight.delete(id);
    }
  }

  committedElsewhere(sequence: { before: number; after: number }, streamIds: readonly string[], sent: readonly string[]): void {
    this.landed(sent);
    // The worker may commit several groups in one transaction: each is told with its sequence.
    if (sequence.before !== this.sequence && sequence.after !== this.sequence) {
      // Someone else wrote between the last group this cache was told of and this one.
      this.cache?.clear();
    } else if (this.cache) {
      for (const streamId of streamIds) this.cache.delete(householdIdOfStream(streamId));
    }
    this.sequence = sequence.after;
  }

  failedElsewhere(sent: readonly string[]): void {
    this.landed(sent);
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
    if (this.statements.dataVersion.get()! !== this.dataVersion && !this.resync() && this.inFlight.has(householdId)) {
      // A group of the commit worker's that appends to this household may be committed and not
      // yet reported: read past the cache. The groups in flight append to no other household, so
      // another's cached document is still the committed one; were the sequence moved by another
      // connection as well, the groups' answers show it (committedElsewhere) and drop the cache.
      const read = this.readStored(householdId);
      return read ? read.stored.doc : null;
    }
    const cached = this.cache?.get(householdId);
    if (cached) return cached.stored.doc;
    const read = this.readStored(householdId);
    if (!read) return null;
    this.remember(householdId, read);
    return read.stored.doc;
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
    return this.layout.households().map((householdId) => ({ householdId, doc: this.layout.read(householdId)!.stored.doc }));
  }

  /**
   * Folds the whole event log again (the runner's rebuild: stream by stream, one household in
   * memory) into a table beside the live one, and switches to it in one short transaction that
   * takes in what was appended meanwhile: readers and appends keep the old model until then.
   * `source` is the log as stored (sealed); by default this database's own, read through a
   * connection of the rebuild's own (./rebuildSource.ts).
   */
  async rebuild(source?: RebuildSource): Promise<RebuildResult> {
    this.takeRebuildLock();
    try {
      if (source) return await this.runner.rebuild(source, this.rebuildTarget());
      const own = openRebuildSource(this.db);
      let result: RebuildResult;
      try {
        result = await this.runner.rebuild(own, this.rebuildTarget());
      } finally {
        own.close();
      }
      // The snapshot kept the WAL from being checkpointed, so it holds the whole new model (1 GB
      // for 100,000 households). Checkpointed here, the lock's release below starts the WAL again
      // and cuts it back to its limit (database.ts) in the rebuild's process; else the first commit
      // of a server with the file open did that, and its event loop stood still for 0.4 s.
      if (!this.db.memory) this.db.pragma('wal_checkpoint(PASSIVE)');
      return result;
    } finally {
      this.db.prepare('DELETE FROM rebuild_locks WHERE name = ? AND pid = ?').run(NAME, process.pid);
    }
  }

  /**
   * One rebuild at a time per file: a row naming the process that runs it (RebuildRunningError
   * for a second, from this process or another). A row left by a process that no longer runs
   * (it was killed mid-rebuild) is taken over.
   */
  private takeRebuildLock(): void {
    this.db
      .transaction(() => {
        this.db.exec('CREATE TABLE IF NOT EXISTS rebuild_locks (name TEXT PRIMARY KEY, pid INTEGER NOT NULL, started_at TEXT NOT NULL) WITHOUT ROWID');
        const held = this.db.prepare<[string], { pid: number; started_at: string }>('SELECT pid, started_at FROM rebuild_locks WHERE name = ?').get(NAME);
        if (held && processRuns(held.pid)) throw new RebuildRunningError(NAME, `process ${held.pid}, since ${held.started_at}`);
        this.db
          .prepare('INSERT INTO rebuild_locks (name, pid, started_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET pid = excluded.pid, started_at = excluded.started_at')
          .run(NAME, process.pid, new Date().toISOString());
      })
      .immediate();
  }

  private rebuildTarget(): RebuildTarget<HouseholdOverview> {
    const db = this.db;
    // Made by `begin`, which creates the build's tables.
    let next: OverviewLayout | null = null;
    const build = (): OverviewLayout => {
      if (!next) throw new Error('rebuild: the build was not begun');
      return next;
    };
    /** What `load` answered: `write` writes over it (documents not loaded are new to the build). */
    let loadedDocs = new Map<string, ReadDocument>();
    const load = (ids: readonly string[]): Map<string, Stored> => {
      loadedDocs = new Map();
      const loaded = new Map<string, Stored>();
      for (const id of ids) {
        const read = build().read(id);
        if (!read) continue;
        loadedDocs.set(id, read);
        loaded.set(id, read.stored);
      }
      return loaded;
    };
    const write = (docs: ReadonlyArray<Stored>): void => {
      const layout = build();
      for (const d of docs) layout.write(d, loadedDocs.get(d.householdId) ?? null);
      loadedDocs = new Map();
    };
    return {
      begin: async () => {
        db.exec(`DROP TABLE IF EXISTS ${NEXT_TABLES.head}; DROP TABLE IF EXISTS ${NEXT_TABLES.items}; ${createTablesSql(NEXT_TABLES)}`);
        next = new OverviewLayout(db, NEXT_TABLES);
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
          db.exec(`DROP TABLE ${LIVE_TABLES.head}; DROP TABLE ${LIVE_TABLES.items};
                   ALTER TABLE ${NEXT_TABLES.head} RENAME TO ${LIVE_TABLES.head}; ALTER TABLE ${NEXT_TABLES.items} RENAME TO ${LIVE_TABLES.items};`);
          // Every other cache of the model (the commit worker's, another process's) drops it.
          this.statements.bumpSequence.run();
          db.prepare('INSERT INTO projection_checkpoints (name, position, version) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position, version = excluded.version').run(
            NAME,
            position,
            version,
          );
        }).immediate();
        this.cache?.clear();
        this.staged.clear();
        this.dataVersion = this.statements.dataVersion.get()!;
        this.sequence = this.statements.sequence.get()!;
      },
    };
  }

  /** The document as this transaction sees it: staged, cached or stored. */
  private current(householdId: string): ReadDocument | null {
    return this.staged.get(householdId) ?? this.cache?.get(householdId) ?? this.readStored(householdId);
  }

  /** As stored, frozen: the fold shares its items with the next document (see overviewOf). */
  private readStored(householdId: string): ReadDocument | null {
    const read = this.layout.read(householdId);
    if (read) deepFreeze(read.stored.doc);
    return read;
  }

  /** Most recently used; a document larger than the whole bound is not kept (and drops an older copy). */
  private remember(householdId: string, entry: ReadDocument): void {
    this.cache?.set(householdId, entry, { size: Math.max(1, documentBytes(entry.textLength)) });
  }

  /**
   * Another connection committed to the file: the cache is kept when the commit sequence is
   * where this cache was told it is (they wrote other tables), and dropped when it is not.
   * Answers false, leaving everything as it was, while a group of the commit worker's is
   * unanswered and the sequence moved: that may be the group (its answer says), or not.
   */
  private resync(): boolean {
    const version = this.statements.dataVersion.get()!;
    const sequence = this.statements.sequence.get()!;
    if (sequence !== this.sequence) {
      if (this.inFlight.size > 0) return false;
      this.cache?.clear();
      this.sequence = sequence;
    }
    this.dataVersion = version;
    return true;
  }
}

/** Whether a process with this id runs on this machine (the embedded store's file is local to it). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
