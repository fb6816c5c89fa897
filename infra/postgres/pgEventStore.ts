import pg from 'pg';
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
import { APPEND_LOCK, type PgPool } from './database.js';

export { APPEND_LOCK };

/** An event about to be appended to a stream: what an inline read model folds before the append. */
export interface PendingEvent extends EventToAppend {
  streamId: string;
}

/**
 * A household overview document that an append writes in its own transaction, folded from the
 * stored document at some revision (none: null). `json` is what the append statement takes
 * (`tb_append_events`, migration 10: household_id, folded_from, revision, and the head and the
 * items that changed, infra/overviewParts.ts); the statement writes it only if the stored
 * document is still at `folded_from`.
 */
export interface InlineDocument {
  householdId: string;
  json: string;
  /** Whether `json` has items to write, and lists to cut. */
  writesItems: boolean;
  cutsItems: boolean;
}

/**
 * A read model kept in the append's transaction (read-your-writes). It folds the events into its
 * documents before the append (reading what it needs outside any transaction); the append's
 * statement (`tb_append_events`, migration 4) writes them with the events and moves the
 * checkpoint named `name`. The documents live in `household_overview`: one inline read model.
 */
export interface PgInlineProjection {
  readonly name: string;
  /** `fresh`: the documents read as stored (an earlier try found one stale). */
  documentsFor(events: readonly PendingEvent[], fresh?: boolean): Promise<InlineDocument[]>;
  /** The append committed these documents. */
  appended?(documents: readonly InlineDocument[]): void;
  /** The append refused these households' documents as stale, or its outcome is not known. */
  stale?(householdIds: readonly string[]): void;
}

/**
 * How often an append is tried again because an inline document changed between its read and
 * the append (a rebuild switched tables, or an append with 'any' raced another). Each try reads
 * the documents again; with a numeric expected revision a concurrent writer shows as CONFLICT.
 */
const MAX_STALE_RETRIES = 10;

/** Appends committed together at most (one statement, one transaction). */
const MAX_GROUP = 100;

interface EventRow {
  global_position: number;
  stream_id: string;
  revision: number;
  type: string;
  v: number;
  data: unknown;
  meta: Record<string, unknown>;
}

/** The columns a recorded event is made of (not the indexed copies `command_id` and `recorded_at`). */
const EVENT_COLUMNS = 'global_position, stream_id, revision, type, v, data, meta';

interface AppendRow {
  /** The append's index in its group. */
  idx: number;
  outcome: 'appended' | 'conflict' | 'stale';
  stream_revision: number;
  /** int8[] arrives as strings. */
  positions: string[] | null;
  /** On conflict: the stream's events after the expected revision, as many as were offered. */
  existing: Array<Omit<EventRow, 'stream_id'>> | null;
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: row.revision,
    globalPosition: row.global_position,
    type: row.type,
    v: row.v,
    data: row.data,
    meta: row.meta,
    recordedAt: String(row.meta['recordedAt']),
  };
}

function instant(value: string, what: string): string {
  if (Number.isNaN(Date.parse(value))) throw new RangeError(`${what} is not an instant: ${value}`);
  return value;
}

/** An append waiting for its group: its entry of the statement's JSON array, and who waits for the answer. */
interface Queued {
  json: string;
  resolve: (row: AppendRow) => void;
  reject: (error: unknown) => void;
}

function position(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`global position out of range: ${value}`);
  return n;
}

/**
 * A retry of an append that already landed: the events after `expected` are this command's,
 * in the same number and types. It answers as the first append did.
 */
function sameCommand(rows: readonly RecordedEvent[], expected: number, events: readonly EventToAppend[]): AppendResult | null {
  const same =
    rows.length === events.length &&
    rows.every((r, i) => r.meta['commandId'] === events[i]!.meta.commandId && r.meta['org'] === events[i]!.meta['org'] && r.type === events[i]!.type);
  if (!same) return null;
  return { revision: expected + events.length, globalPosition: rows[rows.length - 1]!.globalPosition, events: [...rows] };
}

/**
 * The event store on PostgreSQL. An append is one call of `tb_append_events` (one round trip,
 * its own transaction), after the inline read model has read and folded its documents (one
 * more). Appends take the global append lock for their checks, writes and commit only. The hot
 * statements are prepared once per connection (by name).
 *
 * Group commit: while a group is being committed, the appends that arrive wait and then go
 * together, in one statement and one transaction (one WAL flush while the lock is held), each
 * with its own outcome; an append that arrives when none is under way goes at once. If a
 * group's statement fails as a whole, its appends are committed again one by one, so that only
 * the faulty one fails.
 */
export class PgEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private queue: Queued[] = [];
  private committing = false;

  constructor(
    private readonly pool: PgPool,
    private readonly inline: readonly PgInlineProjection[] = [],
    private readonly ownsPool = true,
  ) {
    // The append statement writes one read model's documents and checkpoint.
    if (inline.length > 1) throw new RangeError('PgEventStore keeps at most one inline read model');
  }

  async append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    for (const e of events) instant(e.meta.recordedAt, 'meta.recordedAt');
    if (expected !== 'any' && (!Number.isSafeInteger(expected) || expected < 0)) throw new RangeError(`bad expected revision ${expected}`);
    const projection = this.inline[0];
    const pending: PendingEvent[] = events.map((e) => ({ ...e, streamId }));
    const wire = events.map((e) => ({ type: e.type, v: e.v, data: e.data, meta: e.meta }));
    const head = `{"stream_id":${JSON.stringify(streamId)},"expected":${expected === 'any' ? 'null' : expected},"events":${JSON.stringify(wire)}`;
    for (let attempt = 1; ; attempt++) {
      const documents = projection ? await projection.documentsFor(pending, attempt > 1) : [];
      const flags = `${documents.some((d) => d.writesItems) ? ',"items":true' : ''}${documents.some((d) => d.cutsItems) ? ',"cuts":true' : ''}`;
      let row: AppendRow;
      try {
        row = await this.enqueue(`${head}${flags},"documents":[${documents.map((d) => d.json).join(',')}]}`);
      } catch (error) {
        projection?.stale?.(documents.map((d) => d.householdId));
        throw error;
      }
      if (row.outcome === 'appended') {
        projection?.appended?.(documents);
        return this.appended(streamId, events, row);
      }
      if (row.outcome === 'stale') projection?.stale?.(documents.map((d) => d.householdId));
      if (row.outcome === 'conflict') {
        const actual = row.stream_revision;
        const after = (row.existing ?? []).map((r) => toRecorded({ ...r, stream_id: streamId }));
        const retried = expected !== 'any' && actual > expected ? sameCommand(after, expected, events) : null;
        if (retried) return retried;
        throw new LedgerError('CONFLICT', `Stream ${streamId} is at revision ${actual}, expected ${expected}; retry`, { expected, actual });
      }
      // 'stale': a document changed after it was read; nothing was written.
      if (attempt >= MAX_STALE_RETRIES) throw new Error(`append to ${streamId}: the inline documents kept changing (${attempt} tries)`);
    }
  }

  private enqueue(json: string): Promise<AppendRow> {
    return new Promise<AppendRow>((resolve, reject) => {
      this.queue.push({ json, resolve, reject });
      this.sendGroups();
    });
  }

  /**
   * Sends what is queued as one group, unless a group is under way: then it goes when that one
   * has been answered. (Two groups under way at once measured no faster: the append lock
   * serialises them.)
   */
  private sendGroups(): void {
    if (this.committing || this.queue.length === 0) return;
    this.committing = true;
    // commitGroup never rejects: every outcome goes to the append it belongs to.
    void this.commitGroup(this.queue.splice(0, MAX_GROUP)).then(() => {
      this.committing = false;
      this.sendGroups();
    });
  }

  private async commitGroup(group: readonly Queued[]): Promise<void> {
    let rows: AppendRow[];
    try {
      ({ rows } = await this.pool.query<AppendRow>({
        name: 'tb-append-events',
        text: 'SELECT * FROM tb_append_events($1::jsonb, $2)',
        values: [`[${group.map((q) => q.json).join(',')}]`, this.inline[0]?.name ?? null],
      }));
    } catch (error) {
      // The server refused the statement, so its transaction wrote nothing: find the faulty append.
      if (group.length > 1 && error instanceof pg.DatabaseError) {
        for (const queued of group) await this.commitGroup([queued]);
      } else {
        for (const queued of group) queued.reject(error);
      }
      return;
    }
    if (rows.length !== group.length) {
      const error = new Error(`tb_append_events answered ${rows.length} outcomes for ${group.length} appends`);
      for (const queued of group) queued.reject(error);
      return;
    }
    for (const row of rows) group[row.idx]!.resolve(row);
  }

  private appended(streamId: string, events: readonly EventToAppend[], row: AppendRow): AppendResult {
    const positions = (row.positions ?? []).map(position);
    if (positions.length !== events.length) throw new Error(`append to ${streamId}: ${positions.length} positions for ${events.length} events`);
    const first = row.stream_revision - events.length;
    const recorded = events.map((event, i): RecordedEvent => {
      if (i > 0 && positions[i]! <= positions[i - 1]!) throw new Error(`append to ${streamId}: positions out of order`);
      return {
        streamId,
        revision: first + i + 1,
        globalPosition: positions[i]!,
        type: event.type,
        v: event.v,
        data: event.data,
        meta: event.meta,
        recordedAt: event.meta.recordedAt,
      };
    });
    return { revision: row.stream_revision, globalPosition: positions[positions.length - 1]!, events: recorded };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const after = options.afterRevision ?? 0;
    const { rows } =
      options.recordedUpTo === undefined
        ? await this.pool.query<EventRow>({
            name: 'tb-read-stream',
            text: `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND revision > $2 ORDER BY revision`,
            values: [streamId, after],
          })
        : await this.pool.query<EventRow>(
            `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND revision > $2 AND revision < coalesce(
               (SELECT min(revision) FROM events WHERE stream_id = $1 AND recorded_at > $3::timestamptz), 2147483647)
             ORDER BY revision`,
            [streamId, after, instant(options.recordedUpTo, 'recordedUpTo')],
          );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>({
      name: 'tb-read-all',
      text: `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      values: [options.after, options.limit],
    });
    return rows.map(toRecorded);
  }

  /**
   * The log stream by stream, up to a position (projections/runner.ts RebuildSource): by the
   * (stream_id, revision) key. Positions are taken under the append lock, so every event at or
   * below a position once seen is committed.
   */
  async readStreamsInOrder(after: { streamId: string; revision: number } | null, upTo: number, limit: number): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>({
      name: 'tb-read-streams-in-order',
      text: `SELECT ${EVENT_COLUMNS} FROM events WHERE (stream_id, revision) > ($1, $2) AND global_position <= $3 ORDER BY stream_id, revision LIMIT $4`,
      values: [after?.streamId ?? '', after?.revision ?? -1, upTo, limit],
    });
    return rows.map(toRecorded);
  }

  async lastPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ position: number }>('SELECT coalesce(max(global_position), 0)::bigint AS position FROM events');
    return rows[0]!.position;
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
