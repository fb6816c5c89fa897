import { setTimeout as sleep } from 'node:timers/promises';
/**
 * The event-store port: one small interface with explicit expected-revision semantics
 * (Emmett's eventStore.ts), implemented by every adapter and proved by one contract suite.
 *
 * Revisions count events: a stream's revision is the number of events in it, so a stream that
 * does not exist has revision 0 and its first event gets revision 1.
 */
export interface EventToAppend {
  type: string;
  v: number;
  data: unknown;
  meta: { commandId: string; recordedAt: string } & Record<string, unknown>;
}

export interface RecordedEvent {
  streamId: string;
  /** Position of the event in its stream, from 1. */
  revision: number;
  /** Position in the store's global order, from 1, increasing with every append. */
  globalPosition: number;
  type: string;
  v: number;
  data: unknown;
  meta: Record<string, unknown>;
  recordedAt: string;
}

/** A revision number (0: the stream must not exist yet), or 'any' to skip the check. */
export type ExpectedRevision = number | 'any';

export interface AppendResult {
  /** The stream's revision after the append. */
  revision: number;
  /** Global position of the last appended event. */
  globalPosition: number;
  events: RecordedEvent[];
}

export interface ReadStreamOptions {
  /** Only events after this revision. */
  afterRevision?: number;
  /** Only what the ledger knew at this instant: the stream up to the last event recorded at or before it. */
  recordedUpTo?: string;
}

export interface ReadAllOptions {
  /** Global position to read after (0: from the start). */
  after: number;
  limit: number;
}

export interface FollowOptions {
  /** Ends the subscription. */
  signal: AbortSignal;
  /** Most events handed over at once. */
  batchSize?: number;
  /** How long a polling adapter waits when caught up. */
  idleMs?: number;
}

export interface EventStore {
  readonly kind: 'sqlite' | 'postgres' | 'eventstoredb';
  append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Catch-up from a checkpoint, then live: hands every event after `after` to `onEvents`, in
   * global order, waiting for each call (back-pressure), until the signal aborts. Stores read
   * by position may leave it out: `followStore` then polls `readAll`.
   */
  follow?(after: number, onEvents: (events: RecordedEvent[]) => Promise<void>, options: FollowOptions): Promise<void>;
  close(): Promise<void>;
}

/** `follow` for stores that are read by position: read pages, wait when caught up. */
export async function followByPolling(
  store: Pick<EventStore, 'readAll'>,
  after: number,
  onEvents: (events: RecordedEvent[]) => Promise<void>,
  options: FollowOptions,
): Promise<void> {
  let position = after;
  while (!options.signal.aborted) {
    const events = await store.readAll({ after: position, limit: options.batchSize ?? 500 });
    if (events.length === 0) {
      // node's timer removes its abort listener when it fires (a listener added per idle wait piled up).
      await sleep(options.idleMs ?? 100, undefined, { signal: options.signal }).catch(() => undefined);
      continue;
    }
    await onEvents(events);
    position = events[events.length - 1]!.globalPosition;
  }
}

/** Follows a store with its own subscription where it has one, else by polling. */
export function followStore(
  store: EventStore,
  after: number,
  onEvents: (events: RecordedEvent[]) => Promise<void>,
  options: FollowOptions,
): Promise<void> {
  return store.follow ? store.follow(after, onEvents, options) : followByPolling(store, after, onEvents, options);
}
