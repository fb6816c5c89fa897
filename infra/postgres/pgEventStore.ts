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
import { inTransaction, type PgClient, type PgPool } from './database.js';

/** A read model kept in the append's transaction (read-your-writes). */
export interface PgInlineProjection {
  readonly name: string;
  apply(client: PgClient, events: readonly RecordedEvent[]): Promise<void>;
}

/**
 * Global positions are taken under a transaction-scoped advisory lock held until commit, so
 * they become visible in order: a reader that has seen position n never later finds an
 * event below n that was still in flight (the gap problem of plain sequences).
 */
export const APPEND_LOCK = 7_311_002;

interface EventRow {
  global_position: number;
  stream_id: string;
  revision: number;
  type: string;
  v: number;
  data: unknown;
  meta: Record<string, unknown>;
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

/**
 * A retry of an append that already landed: the events after `expected` are this command's,
 * in the same number and types. It answers as the first append did.
 */
async function sameCommandAt(client: PgClient, streamId: string, expected: number, events: readonly EventToAppend[]): Promise<AppendResult | null> {
  const { rows } = await client.query<EventRow>('SELECT * FROM events WHERE stream_id = $1 AND revision > $2 ORDER BY revision LIMIT $3', [
    streamId,
    expected,
    events.length,
  ]);
  const same =
    rows.length === events.length &&
    rows.every((r, i) => r.meta['commandId'] === events[i]!.meta.commandId && r.meta['org'] === events[i]!.meta['org'] && r.type === events[i]!.type);
  if (!same) return null;
  const recorded = rows.map(toRecorded);
  return { revision: expected + events.length, globalPosition: recorded[recorded.length - 1]!.globalPosition, events: recorded };
}

export class PgEventStore implements EventStore {
  readonly kind = 'postgres' as const;

  constructor(
    private readonly pool: PgPool,
    private readonly inline: readonly PgInlineProjection[] = [],
    private readonly ownsPool = true,
  ) {}

  async append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    for (const e of events) instant(e.meta.recordedAt, 'meta.recordedAt');
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const { rows } = await client.query<{ revision: number }>('SELECT revision FROM streams WHERE stream_id = $1', [streamId]);
      const current = rows[0]?.revision ?? 0;
      if (expected !== 'any' && current > expected) {
        const retried = await sameCommandAt(client, streamId, expected, events);
        if (retried) return retried;
      }
      if (expected !== 'any' && expected !== current) {
        throw new LedgerError('CONFLICT', `Stream ${streamId} is at revision ${current}, expected ${expected}; retry`, {
          expected,
          actual: current,
        });
      }
      const recorded: RecordedEvent[] = [];
      let revision = current;
      for (const event of events) {
        revision += 1;
        const inserted = await client.query<{ global_position: number }>(
          `INSERT INTO events (global_position, stream_id, revision, type, v, data, meta, command_id, recorded_at)
           VALUES (nextval('event_positions'), $1, $2, $3, $4, $5, $6, $7, $8) RETURNING global_position`,
          [streamId, revision, event.type, event.v, JSON.stringify(event.data), JSON.stringify(event.meta), event.meta.commandId, event.meta.recordedAt],
        );
        recorded.push({
          streamId,
          revision,
          globalPosition: inserted.rows[0]!.global_position,
          type: event.type,
          v: event.v,
          data: event.data,
          meta: event.meta,
          recordedAt: event.meta.recordedAt,
        });
      }
      await client.query(
        'INSERT INTO streams (stream_id, revision) VALUES ($1, $2) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision',
        [streamId, revision],
      );
      for (const projection of this.inline) await projection.apply(client, recorded);
      return { revision, globalPosition: recorded[recorded.length - 1]!.globalPosition, events: recorded };
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const after = options.afterRevision ?? 0;
    const { rows } =
      options.recordedUpTo === undefined
        ? await this.pool.query<EventRow>('SELECT * FROM events WHERE stream_id = $1 AND revision > $2 ORDER BY revision', [streamId, after])
        : await this.pool.query<EventRow>(
            `SELECT * FROM events WHERE stream_id = $1 AND revision > $2 AND revision < coalesce(
               (SELECT min(revision) FROM events WHERE stream_id = $1 AND recorded_at > $3::timestamptz), 2147483647)
             ORDER BY revision`,
            [streamId, after, instant(options.recordedUpTo, 'recordedUpTo')],
          );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>('SELECT * FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2', [
      options.after,
      options.limit,
    ]);
    return rows.map(toRecorded);
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
