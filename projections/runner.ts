import { parseHouseholdEvent } from '../domain/household/events.js';
import { followStore, type EventStore, type RecordedEvent } from '../infra/eventStore.js';
import { householdIdOfStream } from '../infra/streams.js';
import {
  foldBatch,
  folderOf,
  householdsOf,
  projectedEvents,
  type FoldedDocument,
  type Folder,
  type Projection,
  type StoredDocument,
} from './projection.js';

type RawEvent = Pick<RecordedEvent, 'streamId' | 'type' | 'v' | 'data' | 'meta'>;

/**
 * Document storage inside the caller's transaction, synchronous (SQLite: the append's
 * transaction, possibly on a worker thread): what it loads includes what this transaction wrote.
 */
export interface SyncDocumentStorage<D> {
  load(householdIds: readonly string[]): Map<string, StoredDocument<D>>;
  /** Writes the documents and moves the checkpoint, in the caller's transaction. */
  save(docs: ReadonlyArray<StoredDocument<D>>, checkpoint: number): void;
}

/** Another runner moved the checkpoint first: this batch must not be applied a second time. */
/**
 * A rebuild of this read model is already under way (in this process or another): two at once
 * would drop and fill each other's build tables, and one of them could switch a half-built
 * model live. Stores refuse the second instead.
 */
export class RebuildRunningError extends Error {
  override readonly name = 'RebuildRunningError';

  constructor(
    readonly projection: string,
    holder: string,
  ) {
    super(`A rebuild of ${projection} is already running (${holder}); wait for it to finish and run it again if it is still needed.`);
  }
}

export class CheckpointMovedError extends Error {
  override readonly name = 'CheckpointMovedError';
}

/**
 * Document storage for a runner that follows a log kept elsewhere (EventStoreDB): one active
 * runner at a time (a lease), and every batch in one transaction fenced on the checkpoint.
 */
export interface CheckpointedStorage<D> {
  readonly name: string;
  /**
   * Runs `work` while this instance holds the lease of the active runner, with a signal that
   * aborts when the lease is lost; answers false at once when another instance holds it.
   */
  withLease(work: (lost: AbortSignal) => Promise<void>): Promise<boolean>;
  checkpoint(): Promise<number>;
  /**
   * In one transaction: moves the checkpoint from `from` to `to` (CheckpointMovedError when it
   * is no longer at `from`), loads the documents of `householdIds` and saves what `fold` makes
   * of them.
   */
  transact(from: number, to: number, householdIds: readonly string[], fold: (loaded: Map<string, StoredDocument<D>>) => Array<StoredDocument<D>>): Promise<void>;
}

/** Where a stream-by-stream read of the log has got to: after this event of this stream. */
export interface StreamCursor {
  streamId: string;
  revision: number;
}

/**
 * An event as a rebuild reads it stream by stream: `data` and `meta` parsed, or still the JSON
 * text the store keeps them as (parsed, both are objects, so a string is always text); the fold
 * parses them.
 */
export interface RebuildEvent {
  streamId: string;
  revision: number;
  globalPosition: number;
  type: string;
  v: number;
  data: unknown;
  meta: unknown;
}

/** The log as a rebuild reads it: the event-store port, and stream by stream where the store can. */
export interface RebuildSource {
  readAll(options: { after: number; limit: number }): Promise<RecordedEvent[]>;
  readStream(streamId: string): Promise<RecordedEvent[]>;
  /**
   * The log stream by stream: up to `limit` events after `after` (null: from the start) in
   * (stream id, revision) order, only those at or below global position `upTo`.
   */
  readStreamsInOrder?(after: StreamCursor | null, upTo: number, limit: number): Promise<RebuildEvent[]>;
  /** The global position of the last event stored now. */
  lastPosition?(): Promise<number>;
}

/** Folds the events a rebuild takes in at its switch-over, on the documents of the build. */
export type TakeIn<D> = (events: readonly RecordedEvent[], loaded: Map<string, StoredDocument<D>>) => Array<StoredDocument<D>>;

/**
 * A read model's storage as a rebuild writes it: a new build beside the live documents, which
 * readers and writers keep using until the switch-over.
 */
export interface RebuildTarget<D> {
  /** Starts an empty build (dropping one a failed rebuild left). */
  begin(): Promise<void>;
  load(householdIds: readonly string[]): Promise<Map<string, StoredDocument<D>>>;
  write(docs: ReadonlyArray<StoredDocument<D>>): Promise<void>;
  /**
   * With every writer of the live model held off (appends and runners): reads the events after
   * `after` itself, writes what `takeIn` folds of them into the build, puts the build in the
   * live model's place, and moves the checkpoint to the last event and the version to `version`.
   */
  switchOver(after: number, version: number, takeIn: TakeIn<D>): Promise<void>;
}

export interface RebuildResult {
  events: number;
  households: number;
}

export interface BackgroundOptions {
  /** Events per transaction: the bound that keeps a slow read model from being flooded. */
  batchSize?: number;
  /** How long to wait when caught up before looking again. */
  idleMs?: number;
  /** How often a standby instance tries to become the active runner. */
  standbyRetryMs?: number;
  onError?: (error: unknown) => void;
}

/** Events per read of the log during a rebuild. */
const REBUILD_PAGE = 5_000;
/**
 * A rebuild writes documents in groups, each once it holds this many events' worth of folded
 * households (or WRITE_DOCUMENTS documents): memory holds about one page of the log.
 */
const WRITE_EVENTS = 5_000;
const WRITE_DOCUMENTS = 500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one projection against any store, in one of three ways, always with the same fold
 * (foldBatch) and one rebuild:
 *
 * - inline, in the append's transaction (SQLite: `applyInline` with a synchronous storage;
 *   PostgreSQL: `documentsFor` before the append, which writes the documents it answers with
 *   its events and fences them on the revision they were folded from);
 * - in the background for a log kept elsewhere (EventStoreDB): `background`, catch-up from the
 *   checkpoint and then live, one active instance by the storage's lease;
 * - `rebuild`, the whole log folded again beside the live model.
 */
export class ProjectionRunner<D> {
  constructor(readonly projection: Projection<D>) {}

  /** Inline: folds the appended events and saves the documents with the checkpoint, in the caller's transaction. */
  applyInline(events: readonly RecordedEvent[], storage: SyncDocumentStorage<D>): Array<StoredDocument<D>> {
    const last = events[events.length - 1];
    if (!last) return [];
    const batch = projectedEvents(events);
    const docs = [...foldBatch(this.projection, storage.load(householdsOf(batch)), batch).values()];
    storage.save(docs, last.globalPosition);
    return docs;
  }

  /**
   * Inline before the append (PostgreSQL): the documents these events give, folded from what
   * `load` reads; each says which stored revision it was folded from, so that the append can
   * refuse to write it over a document that changed in between.
   */
  async documentsFor(events: readonly RawEvent[], load: (householdIds: readonly string[]) => Promise<Map<string, StoredDocument<D>>>): Promise<Array<FoldedDocument<D>>> {
    const batch = projectedEvents(events);
    return [...foldBatch(this.projection, await load(householdsOf(batch)), batch).values()];
  }

  /** Applies one batch read after `from` through a fenced storage; answers the new checkpoint. */
  async applyBatch(events: readonly RecordedEvent[], from: number, storage: CheckpointedStorage<D>): Promise<number> {
    const last = events[events.length - 1];
    if (!last) return from;
    const batch = projectedEvents(events);
    await storage.transact(from, last.globalPosition, householdsOf(batch), (loaded) => [...foldBatch(this.projection, loaded, batch).values()]);
    return last.globalPosition;
  }

  /** Applies everything up to the log's current end once (tests, and a runner's first catch-up). */
  async catchUp(source: Pick<EventStore, 'readAll'>, storage: CheckpointedStorage<D>, batchSize = 500): Promise<number> {
    let checkpoint = await storage.checkpoint();
    for (;;) {
      const events = await source.readAll({ after: checkpoint, limit: batchSize });
      if (events.length === 0) return checkpoint;
      checkpoint = await this.applyBatch(events, checkpoint, storage);
    }
  }

  /** A background runner of this projection: start it, stop it. */
  background(source: EventStore, storage: CheckpointedStorage<D>, options: BackgroundOptions = {}): BackgroundRunner<D> {
    return new BackgroundRunner(this, source, storage, options);
  }

  /**
   * Folds the whole log again into a new build beside the live model, and switches to it:
   * readers and writers keep the old model until the switch-over, a short step that holds them
   * off while it takes in the last events.
   *
   * A household's document depends on its own stream only, so the log is read stream by stream
   * up to its end when the rebuild starts (where the store can; otherwise the households are
   * listed from the log first and each stream read by itself): memory holds one household's
   * fold and a group of documents to write, however long the log. What was appended meanwhile
   * is then taken in in the log's order.
   */
  async rebuild(source: RebuildSource, target: RebuildTarget<D>): Promise<RebuildResult> {
    await target.begin();
    const writer = new GroupWriter(target);
    const { head, streams } = await streamsOf(source);
    let events = 0;
    let households = 0;
    for await (const stream of streams) {
      await writer.add(foldHousehold(this.projection, stream), stream.events.length);
      events += stream.events.length;
      households += 1;
    }
    await writer.drain();
    // Appended while the streams were read: in the log's order, until little is left.
    let after = head;
    for (;;) {
      const page = await source.readAll({ after, limit: REBUILD_PAGE });
      if (page.length === 0) break;
      const batch = projectedEvents(page);
      const folded = foldBatch(this.projection, await target.load(householdsOf(batch)), batch);
      for (const doc of folded.values()) if (doc.foldedFrom === null) households += 1;
      await target.write([...folded.values()]);
      events += page.length;
      after = page[page.length - 1]!.globalPosition;
      if (page.length < REBUILD_PAGE) break;
    }
    await target.switchOver(after, this.projection.version, (page, loaded) => {
      const batch = projectedEvents(page);
      const folded = foldBatch(this.projection, loaded, batch);
      for (const doc of folded.values()) if (doc.foldedFrom === null) households += 1;
      events += page.length;
      return [...folded.values()];
    });
    return { events, households };
  }
}

/**
 * Collects documents and writes them in groups (see WRITE_EVENTS), one group in flight while
 * the next is folded (a store across the network writes while the rebuild folds on); a failed
 * write is thrown by the next `add` or by `drain`.
 */
class GroupWriter<D> {
  private docs: Array<StoredDocument<D>> = [];
  private events = 0;
  private inFlight: Promise<void> | null = null;

  constructor(private readonly target: RebuildTarget<D>) {}

  async add(doc: StoredDocument<D>, events: number): Promise<void> {
    this.docs.push(doc);
    this.events += events;
    if (this.events >= WRITE_EVENTS || this.docs.length >= WRITE_DOCUMENTS) await this.flush();
  }

  /** Writes what is collected and waits until every group is written. */
  async drain(): Promise<void> {
    await this.flush();
    const last = this.inFlight;
    this.inFlight = null;
    await last;
  }

  private async flush(): Promise<void> {
    if (this.docs.length === 0) return;
    const docs = this.docs;
    this.docs = [];
    this.events = 0;
    await this.inFlight;
    this.inFlight = this.target.write(docs);
    // Handled here so that a failure is not reported as unhandled while it waits to be awaited.
    this.inFlight.catch(() => undefined);
  }
}

interface HouseholdStream {
  householdId: string;
  events: RebuildEvent[];
}

/** A household's whole stream folded into its document. */
function foldHousehold<D>(projection: Projection<D>, stream: HouseholdStream): StoredDocument<D> {
  const folder: Folder<D> = folderOf(projection, null);
  for (const e of stream.events) {
    folder.add(parseHouseholdEvent({ type: e.type, v: e.v, data: fromJson(e.data), meta: fromJson(e.meta) }));
  }
  return { householdId: stream.householdId, revision: stream.events[stream.events.length - 1]!.revision, doc: folder.document() };
}

function fromJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** The log's end when the rebuild starts, and its households' streams up to it, one at a time. */
async function streamsOf(source: RebuildSource): Promise<{ head: number; streams: AsyncGenerator<HouseholdStream> }> {
  if (source.readStreamsInOrder) {
    const head = source.lastPosition ? await source.lastPosition() : (await listStreams(source)).head;
    return { head, streams: streamsInOrder(source, head) };
  }
  const { head, streamIds } = await listStreams(source);
  return { head, streams: streamsOneByOne(source, streamIds, head) };
}

/** One pass over the log for its end and its streams' ids (ids only: a few bytes per household). */
async function listStreams(source: RebuildSource): Promise<{ head: number; streamIds: string[] }> {
  const streams = new Set<string>();
  let after = 0;
  for (;;) {
    const page = await source.readAll({ after, limit: REBUILD_PAGE });
    if (page.length === 0) return { head: after, streamIds: [...streams].sort() };
    for (const event of page) streams.add(event.streamId);
    after = page[page.length - 1]!.globalPosition;
  }
}

/** Whole streams, one at a time, from a store that reads stream by stream. */
async function* streamsInOrder(source: RebuildSource, upTo: number): AsyncGenerator<HouseholdStream> {
  let cursor: StreamCursor | null = null;
  let current: HouseholdStream | null = null;
  for (;;) {
    const page: RebuildEvent[] = await source.readStreamsInOrder!(cursor, upTo, REBUILD_PAGE);
    if (page.length === 0) break;
    for (const event of page) {
      if (current && current.events[0]!.streamId !== event.streamId) {
        yield current;
        current = null;
      }
      current ??= { householdId: householdOf(event), events: [] };
      current.events.push(event);
    }
    const last = page[page.length - 1]!;
    cursor = { streamId: last.streamId, revision: last.revision };
  }
  if (current) yield current;
}

/**
 * Whole streams from a store read only through the port (EventStoreDB): the households were
 * listed from the log first, and each stream is read by itself.
 */
async function* streamsOneByOne(source: RebuildSource, streamIds: readonly string[], upTo: number): AsyncGenerator<HouseholdStream> {
  for (const streamId of streamIds) {
    const events = (await source.readStream(streamId)).filter((e) => e.globalPosition <= upTo);
    if (events.length > 0) yield { householdId: householdOf(events[0]!), events };
  }
}

function householdOf(event: Pick<RecordedEvent, 'streamId'>): string {
  return householdIdOfStream(event.streamId);
}

/**
 * Keeps a read model up to date from a log kept elsewhere (EventStoreDB): catch-up from the
 * checkpoint, then live follow. Several API instances may run one each; the storage's lease
 * makes one of them active, and when it dies its lease goes with it and a standby takes over
 * within `standbyRetryMs`. Each batch moves the checkpoint in the same transaction as the
 * documents, fenced on the checkpoint it was read from, so an event takes effect exactly once
 * even across a takeover.
 */
export class BackgroundRunner<D> {
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly standbyRetryMs: number;
  private running = false;
  private loop: Promise<void> | null = null;
  private active = false;

  constructor(
    private readonly runner: ProjectionRunner<D>,
    private readonly source: EventStore,
    private readonly storage: CheckpointedStorage<D>,
    private readonly options: BackgroundOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.idleMs = options.idleMs ?? 100;
    this.standbyRetryMs = options.standbyRetryMs ?? 1_000;
  }

  get isActive(): boolean {
    return this.active;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Applies everything up to the log's current end once. */
  catchUp(): Promise<number> {
    return this.runner.catchUp(this.source, this.storage, this.batchSize);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.storage.withLease((lost) => this.lead(lost));
      } catch (error) {
        this.options.onError?.(error);
      }
      if (this.running) await sleep(this.standbyRetryMs);
    }
  }

  /** Follows the log while it holds the lease; returns when it stops, lost the lease or was fenced. */
  private async lead(lost: AbortSignal): Promise<void> {
    this.active = true;
    const stop = new AbortController();
    const watch = setInterval(() => {
      if (!this.running || lost.aborted) stop.abort();
    }, this.idleMs);
    try {
      let checkpoint = await this.storage.checkpoint();
      await followStore(
        this.source,
        checkpoint,
        async (events) => {
          try {
            checkpoint = await this.runner.applyBatch(events, checkpoint, this.storage);
          } catch (error) {
            if (!(error instanceof CheckpointMovedError)) throw error;
            // Someone else moved the checkpoint (a rebuild): stop and start again from where it is now.
            stop.abort();
          }
        },
        { signal: stop.signal, batchSize: this.batchSize, idleMs: this.idleMs },
      );
    } finally {
      clearInterval(watch);
      this.active = false;
    }
  }
}
