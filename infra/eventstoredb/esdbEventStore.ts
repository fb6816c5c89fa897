import { createHash } from 'node:crypto';
import {
  EventStoreDBClient,
  jsonEvent,
  NO_STREAM,
  ANY,
  FORWARDS,
  START,
  streamNameFilter,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type JSONType,
  type ResolvedEvent,
  type AllStreamResolvedEvent,
} from '@eventstore/db-client';
import { LedgerError } from '../../domain/errors.js';
import type {
  AppendResult,
  FollowOptions,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '../eventStore.js';

/**
 * The production event log: one EventStoreDB stream per household. Revisions are normalised
 * (EventStoreDB counts from 0, the port from 1), event ids are derived from the command id (so
 * EventStoreDB itself recognises a retried append), and the command's correlation travels as
 * `$correlationId` / `$causationId` metadata.
 *
 * The global position of an event is its prepare position in the transaction log: unique,
 * increasing in log order, and a safe integer for the first 9 PB of log.
 */
const CALL_TIMEOUT_MS = 10_000;
const RESUBSCRIBE_MS = 1_000;
const HOUSEHOLD_STREAM_PREFIX = 'household-';

/** The client ignores its deadline against a port that accepts but never answers: our own limit. */
export async function withTimeout<T>(what: string, work: Promise<T>, ms = CALL_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`EventStoreDB did not answer ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Command ids are unique per organisation: the event id names both, so EventStoreDB dedupes only true retries. */
function eventId(streamId: string, org: string, commandId: string, index: number): string {
  const h = createHash('sha1').update(`${streamId}\u0000${org}\u0000${commandId}\u0000${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function expectedFor(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 0) return NO_STREAM;
  return BigInt(expected - 1);
}

interface StoredMetadata {
  v: number;
  meta: Record<string, unknown>;
  $correlationId?: string;
  $causationId?: string;
}

function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null {
  const e = resolved.event;
  if (!e || e.streamId.startsWith('$') || e.type.startsWith('$') || !e.isJson) return null;
  const metadata = e.metadata as unknown as StoredMetadata;
  return {
    streamId: e.streamId,
    revision: Number(e.revision) + 1,
    globalPosition: Number(e.position?.prepare ?? 0n),
    type: e.type,
    v: metadata.v,
    data: e.data,
    meta: metadata.meta,
    recordedAt: String(metadata.meta['recordedAt']),
  };
}

function isStreamNotFound(error: unknown): boolean {
  return error instanceof StreamNotFoundError;
}

export class EsdbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;

  constructor(private readonly client: EventStoreDBClient) {}

  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const data = events.map((event, i) => {
      if (Number.isNaN(Date.parse(event.meta.recordedAt))) throw new RangeError(`meta.recordedAt is not an instant: ${event.meta.recordedAt}`);
      const correlationId = typeof event.meta['correlationId'] === 'string' ? event.meta['correlationId'] : undefined;
      const metadata: StoredMetadata = {
        v: event.v,
        meta: event.meta,
        ...(correlationId ? { $correlationId: correlationId } : {}),
        $causationId: event.meta.commandId,
      };
      return jsonEvent({
        id: eventId(streamId, String(event.meta['org'] ?? ''), event.meta.commandId, i),
        type: event.type,
        data: event.data as JSONType,
        metadata: metadata as unknown as JSONType,
      });
    });
    try {
      const result = await withTimeout(
        'an append',
        this.client.appendToStream(streamId, data, { expectedRevision: expectedFor(expected) }),
      );
      const revision = Number(result.nextExpectedRevision) + 1;
      const first = revision - events.length + 1;
      const recorded = events.map((event, i) => ({
        streamId,
        revision: first + i,
        globalPosition: Number(result.position?.prepare ?? 0n),
        type: event.type,
        v: event.v,
        data: event.data,
        meta: event.meta,
        recordedAt: event.meta.recordedAt,
      }));
      return { revision, globalPosition: Number(result.position?.prepare ?? 0n), events: recorded };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new LedgerError('CONFLICT', `Stream ${streamId} is not at revision ${String(expected)}; retry`, { expected });
      }
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const after = options.afterRevision ?? 0;
    const events: RecordedEvent[] = [];
    try {
      await withTimeout(
        'a stream read',
        (async () => {
          for await (const resolved of this.client.readStream(streamId, { direction: FORWARDS, fromRevision: after === 0 ? START : BigInt(after) })) {
            const e = toRecorded(resolved);
            if (e) events.push(e);
          }
        })(),
      );
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    if (options.recordedUpTo === undefined) return events;
    const upTo = Date.parse(options.recordedUpTo);
    if (Number.isNaN(upTo)) throw new RangeError(`recordedUpTo is not an instant: ${options.recordedUpTo}`);
    const firstLater = events.findIndex((e) => Date.parse(e.recordedAt) > upTo);
    return firstLater < 0 ? events : events.slice(0, firstLater);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    let from: { commit: bigint; prepare: bigint } | typeof START =
      options.after === 0 ? START : { commit: BigInt(options.after), prepare: BigInt(options.after) };
    const page = Math.max(options.limit, 64);
    // System events are skipped, so keep reading pages until enough events or the end of $all.
    for (;;) {
      let seen = 0;
      let last: { commit: bigint; prepare: bigint } | undefined;
      await withTimeout(
        'a read of $all',
        (async () => {
          for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: page })) {
            seen += 1;
            if (resolved.event?.position) last = resolved.event.position;
            const e = toRecorded(resolved);
            if (e && e.globalPosition > options.after && events.length < options.limit) events.push(e);
          }
        })(),
      );
      if (events.length >= options.limit || seen < page || last === undefined) return events;
      from = last;
    }
  }

  /**
   * Catch-up with reads of $all, then live with a server-side filtered subscribeToAll from the
   * stored position; a dropped subscription reconnects after a pause and resumes from the last
   * event handed over, so nothing is skipped or handed over twice.
   */
  async follow(after: number, onEvents: (events: RecordedEvent[]) => Promise<void>, options: FollowOptions): Promise<void> {
    let position = after;
    const batchSize = options.batchSize ?? 500;
    while (!options.signal.aborted) {
      const page = await this.readAll({ after: position, limit: batchSize });
      if (page.length > 0) {
        await onEvents(page);
        position = page[page.length - 1]!.globalPosition;
        continue;
      }
      const subscription = this.client.subscribeToAll({
        fromPosition: position === 0 ? START : { commit: BigInt(position), prepare: BigInt(position) },
        filter: streamNameFilter({ prefixes: [HOUSEHOLD_STREAM_PREFIX] }),
      });
      const stop = () => void subscription.unsubscribe();
      options.signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const resolved of subscription) {
          if (options.signal.aborted) break;
          const e = toRecorded(resolved);
          if (!e || e.globalPosition <= position) continue;
          await onEvents([e]);
          position = e.globalPosition;
        }
      } catch (error) {
        if (options.signal.aborted) break;
        // Dropped (server restart, network): pause, then catch up and subscribe again.
        await new Promise((resolve) => setTimeout(resolve, RESUBSCRIBE_MS));
      } finally {
        options.signal.removeEventListener('abort', stop);
        await subscription.unsubscribe().catch(() => undefined);
      }
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
