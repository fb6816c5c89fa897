import { LedgerError } from '../../domain/errors.js';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '../eventStore.js';
import type { SqliteDatabase } from './database.js';

/** A read model kept in the same transaction as the append (read-your-writes). */
export interface InlineProjection {
  readonly name: string;
  apply(events: readonly RecordedEvent[]): void;
  /**
   * The transaction in which `apply` ran has committed (e.g. to publish what it wrote to a cache);
   * `sequence`: the commit sequence it left (database.ts commit_sequence).
   */
  committed?(sequence: number): void;
  /** The transaction in which `apply` ran has rolled back. */
  rolledBack?(): void;
}

/** One append as the group commit takes it (on this thread or the commit worker's). */
export interface AppendRequest {
  streamId: string;
  events: readonly EventToAppend[];
  expected: ExpectedRevision;
}

interface PendingAppend extends AppendRequest {
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** An append's answer; fresh: its events were written now (not a retry answered from the log). */
export interface Appended {
  result: AppendResult;
  fresh: boolean;
}

export type AppendOutcome = ({ ok: true } & Appended) | { ok: false; error: unknown };

/** What one group commit did: each append's outcome, in order, and the commit sequence before and after it. */
export interface GroupCommitted {
  outcomes: AppendOutcome[];
  sequence: { before: number; after: number };
}

/**
 * Where a group is committed when it is not on this thread (./commitWorker.ts): resolves after
 * the COMMIT returned there (synchronous=FULL), rejects when the commit itself failed.
 */
export interface RemoteCommitter {
  commit(batch: readonly AppendRequest[]): Promise<GroupCommitted>;
  close(): Promise<void>;
}

/**
 * A read model's cache on this thread while another connection (the commit worker's) writes
 * the model: told of each group before it is acknowledged.
 */
export interface CommitObserver {
  /**
   * A group appending to `sent` is on its way to the other connection: what it commits may show
   * before `committedElsewhere`.
   */
  committing(sent: readonly string[]): void;
  /**
   * It committed, moving the commit sequence from `before` to `after`; `streamIds`: the streams
   * it appended to; `sent`: what `committing` was told.
   */
  committedElsewhere(sequence: { before: number; after: number }, streamIds: readonly string[], sent: readonly string[]): void;
  /** It failed as a whole: nothing of it was stored. */
  failedElsewhere(sent: readonly string[]): void;
}

/** A read model refused a group's events: the group runs again, each append projected by itself. */
class GroupProjectionError extends Error {
  override readonly name = 'GroupProjectionError';

  constructor(cause: unknown) {
    super('a read model refused the events of a group commit', { cause });
  }
}

/** An events row as SQLite returns it. */
export interface EventRow {
  global_position: number;
  stream_id: string;
  revision: number;
  type: string;
  v: number;
  data: string;
  meta: string;
  recorded_at: string;
}

const MAX_BATCH = 512;
/**
 * With the commit worker, an append is sent at once when the worker is idle, and otherwise
 * once this many have gathered, without waiting for the end of the turn: the worker commits
 * them while this thread decides the rest of a burst, and commits what arrived meanwhile as its
 * next group. (Waiting for the end of the turn when idle made a single command 1.7x slower:
 * 774-803 against 1,352-1,356 commands/s, main thread 289-304 against 154-158 µs per command.)
 */
const REMOTE_SEND_AT = 8;

export function toRecorded(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: row.revision,
    globalPosition: row.global_position,
    type: row.type,
    v: row.v,
    data: JSON.parse(row.data) as unknown,
    meta: JSON.parse(row.meta) as Record<string, unknown>,
    recordedAt: row.recorded_at,
  };
}

function instantMs(instant: string, what: string): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not an instant: ${instant}`);
  return ms;
}

/**
 * The group commit of the embedded store, synchronous, on whichever thread owns the write
 * connection: the batch in one immediate transaction (one fsync, synchronous=FULL), each
 * append in its own savepoint so that one conflicting append fails alone, the inline read
 * models folded once for the group, and the commit sequence moved by one.
 */
export class GroupCommitter {
  private readonly statements;
  /** One append in a savepoint of the batch's transaction: a failed append rolls back alone. */
  private readonly appendInSavepoint: (item: AppendRequest, projectNow: boolean) => Appended;
  /** The batch in one immediate transaction (made once: better-sqlite3 builds four wrappers per `transaction()` call). */
  private readonly commitBatch: (batch: readonly AppendRequest[], outcomes: AppendOutcome[], each: boolean) => number;

  constructor(
    db: SqliteDatabase,
    private readonly inline: readonly InlineProjection[] = [],
  ) {
    this.appendInSavepoint = db.transaction((item: AppendRequest, projectNow: boolean) => this.appendNow(item, projectNow));
    this.commitBatch = db.transaction((batch: readonly AppendRequest[], outcomes: AppendOutcome[], each: boolean) => {
      const appended: RecordedEvent[] = [];
      for (const item of batch) {
        try {
          const done = this.appendInSavepoint(item, each);
          outcomes.push({ ok: true, ...done });
          if (done.fresh) appended.push(...done.result.events);
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
      if (!each && appended.length > 0) {
        try {
          for (const projection of this.inline) projection.apply(appended);
        } catch (error) {
          throw new GroupProjectionError(error);
        }
      }
      // Last, after the read models looked at where it stood (householdOverviews.ts).
      return this.statements.bumpSequence.get()!;
    }).immediate;
    this.statements = {
      streamRevision: db.prepare<[string], { revision: number }>('SELECT revision FROM streams WHERE stream_id = ?'),
      insertEvent: db.prepare(
        `INSERT INTO events (stream_id, revision, type, v, data, meta, command_id, recorded_at, recorded_ms)
         VALUES (@streamId, @revision, @type, @v, @data, @meta, @commandId, @recordedAt, @recordedMs)`,
      ),
      upsertStream: db.prepare(
        'INSERT INTO streams (stream_id, revision) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision',
      ),
      readStream: db.prepare<[string, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision > ? ORDER BY revision',
      ),
      bumpSequence: db.prepare<[], number>('UPDATE commit_sequence SET seq = seq + 1 WHERE id = 1 RETURNING seq').pluck(),
    };
  }

  /**
   * Commits the batch and answers each append's outcome; throws when the commit itself failed
   * (disk full, read-only file): then nothing of the batch is stored.
   */
  commit(batch: readonly AppendRequest[]): GroupCommitted {
    let outcomes: AppendOutcome[] = [];
    let after: number;
    try {
      try {
        // The read models fold the whole group at once (one load and save per household, one
        // checkpoint), after every append of it has its place in the log.
        after = this.commitBatch(batch, outcomes, batch.length === 1);
      } catch (error) {
        if (!(error instanceof GroupProjectionError)) throw error;
        // An append the read models refuse (an event that fails validation) must fail alone:
        // the group rolled back as a whole, and runs again with each append folded in its own savepoint.
        for (const projection of this.inline) projection.rolledBack?.();
        outcomes = [];
        after = this.commitBatch(batch, outcomes, true);
      }
    } catch (error) {
      for (const projection of this.inline) projection.rolledBack?.();
      throw error;
    }
    for (const projection of this.inline) projection.committed?.(after);
    return { outcomes, sequence: { before: after - 1, after } };
  }

  /**
   * A retry of an append that already landed: the events after the expected revision are this
   * command's, in the same number and types. It answers as the first append did.
   */
  private sameCommandAt(item: AppendRequest): AppendResult | null {
    const expected = item.expected as number;
    const rows = this.statements.readStream.all(item.streamId, expected).slice(0, item.events.length).map(toRecorded);
    const same =
      rows.length === item.events.length &&
      rows.every((r, i) => r.meta['commandId'] === item.events[i]!.meta.commandId && r.meta['org'] === item.events[i]!.meta['org'] && r.type === item.events[i]!.type);
    if (!same) return null;
    return { revision: expected + rows.length, globalPosition: rows[rows.length - 1]!.globalPosition, events: rows };
  }

  /** Appends one item's events; `projectNow`: folds them into the read models here, in the item's savepoint. */
  private appendNow(item: AppendRequest, projectNow: boolean): Appended {
    const current = this.statements.streamRevision.get(item.streamId)?.revision ?? 0;
    if (item.expected !== 'any' && current > item.expected) {
      const retried = this.sameCommandAt(item);
      if (retried) return { result: retried, fresh: false };
    }
    if (item.expected !== 'any' && item.expected !== current) {
      throw new LedgerError('CONFLICT', `Stream ${item.streamId} is at revision ${current}, expected ${item.expected}; retry`, {
        expected: item.expected,
        actual: current,
      });
    }
    const recorded: RecordedEvent[] = [];
    let revision = current;
    for (const event of item.events) {
      revision += 1;
      const recordedAt = event.meta.recordedAt;
      const info = this.statements.insertEvent.run({
        streamId: item.streamId,
        revision,
        type: event.type,
        v: event.v,
        data: JSON.stringify(event.data),
        meta: JSON.stringify(event.meta),
        commandId: event.meta.commandId,
        recordedAt,
        recordedMs: instantMs(recordedAt, 'meta.recordedAt'),
      });
      recorded.push({
        streamId: item.streamId,
        revision,
        globalPosition: Number(info.lastInsertRowid),
        type: event.type,
        v: event.v,
        data: event.data,
        meta: event.meta,
        recordedAt,
      });
    }
    this.statements.upsertStream.run(item.streamId, revision);
    if (projectNow) for (const projection of this.inline) projection.apply(recorded);
    return { result: { revision, globalPosition: recorded[recorded.length - 1]!.globalPosition, events: recorded }, fresh: true };
  }
}

export interface SqliteEventStoreOptions {
  /**
   * Commit elsewhere (the commit worker, which owns the write connection and folds the inline
   * read models there); `inline` are then only told of each commit (CommitObserver), and this
   * connection only reads. Absent: the group commit runs on this thread, on `db`.
   */
  remote?: { committer: RemoteCommitter; observers: readonly CommitObserver[] };
}

/**
 * The embedded event store on SQLite. Appends that arrive while a transaction is being
 * prepared, or while the one before is being committed, are committed together (group commit:
 * one transaction, one fsync), each in its own savepoint so that one conflicting append fails
 * alone. The commit runs on this thread, or on the commit worker's (./commitWorker.ts) while
 * this thread decides the next commands: one group in flight there, the next one gathering here.
 * Either way an append resolves only after its COMMIT returned (acknowledged = durable).
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private pending: PendingAppend[] = [];
  private scheduled = false;
  /** Groups sent to the worker and not answered yet. */
  private inFlight = 0;
  private readonly statements;
  private readonly local: GroupCommitter | null;
  private readonly remote: SqliteEventStoreOptions['remote'] | null;

  constructor(
    private readonly db: SqliteDatabase,
    inline: readonly InlineProjection[] = [],
    options: SqliteEventStoreOptions = {},
  ) {
    this.remote = options.remote ?? null;
    this.local = this.remote ? null : new GroupCommitter(db, inline);
    this.statements = {
      readStream: db.prepare<[string, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision > ? ORDER BY revision',
      ),
      readStreamUpTo: db.prepare<[string, number, string, number], EventRow>(
        `SELECT * FROM events WHERE stream_id = ? AND revision > ? AND revision < coalesce(
           (SELECT min(revision) FROM events WHERE stream_id = ? AND recorded_ms > ?), 9223372036854775807)
         ORDER BY revision`,
      ),
      readAll: db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?'),
      // By the (stream_id, revision) key: a rebuild reads the log stream by stream.
      readStreamsInOrder: db.prepare<[string, number, number, number], EventRow>(
        'SELECT * FROM events WHERE (stream_id, revision) > (?, ?) AND global_position <= ? ORDER BY stream_id, revision LIMIT ?',
      ),
      lastPosition: db.prepare<[], number>('SELECT coalesce(max(global_position), 0) FROM events').pluck(),
    };
  }

  append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new RangeError('append needs at least one event'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ streamId, events, expected, resolve, reject });
      if (this.remote && (this.inFlight === 0 || this.pending.length >= REMOTE_SEND_AT)) this.flushRemote(this.remote, this.pending.splice(0, this.pending.length));
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    if (this.remote) {
      if (this.pending.length > 0) this.flushRemote(this.remote, this.pending.splice(0, this.pending.length));
      return;
    }
    const batch = this.pending.splice(0, MAX_BATCH);
    if (this.pending.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    let committed: GroupCommitted;
    try {
      committed = this.local!.commit(batch);
    } catch (error) {
      // The commit itself failed (disk full, read-only file): nothing of the batch is stored.
      for (const item of batch) item.reject(error);
      return;
    }
    settle(batch, committed.outcomes);
  }

  /**
   * Sends the appends to the worker at once: it commits what it received while it was busy as
   * one group (workerEntry.ts), so this thread never waits for a commit to send the next.
   */
  private flushRemote(remote: NonNullable<SqliteEventStoreOptions['remote']>, batch: PendingAppend[]): void {
    this.inFlight += 1;
    const sent = batch.map((item) => item.streamId);
    for (const observer of remote.observers) observer.committing(sent);
    remote.committer.commit(batch.map(({ streamId, events, expected }) => ({ streamId, events, expected }))).then(
      (committed) => {
        this.inFlight -= 1;
        // Before any append resolves: a query after the acknowledgement sees its documents.
        const streams = committed.outcomes.flatMap((o, i) => (o.ok && o.fresh ? [batch[i]!.streamId] : []));
        for (const observer of remote.observers) observer.committedElsewhere(committed.sequence, streams, sent);
        settle(batch, committed.outcomes);
      },
      (error: unknown) => {
        this.inFlight -= 1;
        for (const observer of remote.observers) observer.failedElsewhere(sent);
        for (const item of batch) item.reject(error);
      },
    );
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const after = options.afterRevision ?? 0;
    const rows =
      options.recordedUpTo === undefined
        ? this.statements.readStream.all(streamId, after)
        : this.statements.readStreamUpTo.all(streamId, after, streamId, instantMs(options.recordedUpTo, 'recordedUpTo'));
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.statements.readAll.all(options.after, options.limit).map(toRecorded);
  }

  /** The log stream by stream, up to a position (projections/runner.ts RebuildSource). */
  async readStreamsInOrder(after: { streamId: string; revision: number } | null, upTo: number, limit: number): Promise<RecordedEvent[]> {
    return this.statements.readStreamsInOrder.all(after?.streamId ?? '', after?.revision ?? -1, upTo, limit).map(toRecorded);
  }

  async lastPosition(): Promise<number> {
    return this.statements.lastPosition.get()!;
  }

  async close(): Promise<void> {
    while (this.pending.length > 0 || this.scheduled || this.inFlight > 0) await new Promise((r) => setImmediate(r));
    await this.remote?.committer.close();
    this.db.close();
  }
}

function settle(batch: readonly PendingAppend[], outcomes: readonly AppendOutcome[]): void {
  batch.forEach((item, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) item.resolve(outcome.result);
    else item.reject(outcome.error);
  });
}
