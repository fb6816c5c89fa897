import { LedgerError } from '../domain/errors.js';
import { copyState, evolve, initialState, receiptKey, type HouseholdCommand, type HouseholdDecider, type HouseholdState, type Receipt } from '../domain/household/decider.js';
import { parseHouseholdEvent, type HouseholdEvent } from '../domain/household/events.js';
import type { EventStore, EventToAppend } from './eventStore.js';
import { householdStream } from './streams.js';
import { boundedCache, stringBytes } from './boundedCache.js';
import { defaultCacheBounds, type CacheBound } from './config.js';
import type { LRUCache } from 'lru-cache';

export interface HandledCommand {
  receipt: Receipt;
  /** The household's state after the command (or after the first run of a repeated one). */
  state: HouseholdState;
  /** False when the command id was seen before and nothing new was stored. */
  appended: boolean;
}

export interface CommandHandlerOptions {
  /** How often a command is decided again after a CONFLICT from another writer. */
  maxAttempts?: number;
  /** How many household states are kept warm between commands, at most. */
  cacheSize?: number;
  /**
   * The warm states' memory (estimated from their streams' length, see STATE_BYTES_PER_EVENT)
   * and how long an idle one is kept; the least recently used go first. maxBytes 0: none kept.
   */
  cache?: CacheBound;
}

/**
 * What a household state holds in memory per event of its stream, measured: a state folded from
 * 1,000 events (claims with descriptions, payments, their receipts) took 371 bytes of heap per
 * event. Rounded up, so the bound errs on the side of memory.
 */
export const STATE_BYTES_PER_EVENT = 500;
/** A new household's state, before its first event. */
const STATE_BASE_BYTES = 4_096;

/**
 * Runs a command: decide on the household's state, append with the expected revision, and on
 * CONFLICT catch up with the stream and decide again (a bounded number of times). Commands on
 * one household in this process run one after another; writers in other processes are
 * serialised by the stream's expected revision.
 *
 * A household state kept warm from an earlier command is decided on without reading the stream
 * first: if another process wrote in the meantime, the append fails with CONFLICT and the
 * command is decided again on the caught-up state; a rejection decided on the warm state is
 * checked against the caught-up state before it is answered. So what is stored and answered is
 * what reading the stream first would give, without a read on the common path.
 */
export class CommandHandler {
  private readonly maxAttempts: number;
  /** Warm states by stream; null when the cache is off. */
  private readonly states: LRUCache<string, HouseholdState> | null;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: EventStore,
    private readonly decider: HouseholdDecider,
    options: CommandHandlerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    const bound = options.cache ?? defaultCacheBounds.commandStates;
    this.states = boundedCache<HouseholdState>(
      { maxBytes: bound.maxBytes, ttlMs: bound.ttlMs, maxEntries: options.cacheSize ?? 10_000 },
      { bytesOf: (state, stream) => STATE_BASE_BYTES + state.revision * STATE_BYTES_PER_EVENT + stringBytes(stream), renewOnRead: true },
    );
  }

  handle(householdId: string, command: HouseholdCommand): Promise<HandledCommand> {
    const stream = householdStream(householdId);
    const previous = this.queues.get(stream);
    // A household with no command under way starts at once, a turn of the microtask queue sooner.
    const run = previous
      ? previous.then(
          () => this.run(stream, command),
          () => this.run(stream, command),
        )
      : this.run(stream, command);
    const tail = run.catch(() => undefined);
    this.queues.set(stream, tail);
    void tail.then(() => {
      if (this.queues.get(stream) === tail) this.queues.delete(stream);
    });
    return run;
  }

  private async run(stream: string, command: HouseholdCommand): Promise<HandledCommand> {
    const key = receiptKey(command.meta.actor, command.meta.commandId);
    const warm = this.warmState(stream);
    // Caught up: the state includes every event the store had when it was last read.
    let caughtUp = warm === undefined;
    let state = warm ?? (await this.catchUp(stream));
    for (let attempt = 1; ; ) {
      let events: HouseholdEvent[];
      try {
        events = this.decider.decide(command, state);
      } catch (error) {
        if (caughtUp) throw error;
        state = await this.catchUp(stream);
        caughtUp = true;
        continue;
      }
      if (events.length === 0) {
        // Receipts only ever grow: a receipt in a warm state is the answer the stream gives too.
        const receipt = state.receipts.get(key);
        if (!receipt) throw new Error('decider produced no event for a command it had not seen');
        return { receipt, state, appended: false };
      }
      try {
        await this.store.append(stream, events.map(toAppend), state.revision);
      } catch (error) {
        if (error instanceof LedgerError && error.code === 'CONFLICT' && attempt < this.maxAttempts) {
          attempt += 1;
          state = await this.catchUp(stream);
          caughtUp = true;
          continue;
        }
        throw error;
      }
      // Copy on write: the state answered before (held by a subscriber) never changes under it.
      state = copyState(state);
      for (const event of events) evolve(state, event);
      this.remember(stream, state);
      const receipt = state.receipts.get(key);
      if (!receipt) throw new Error('appended events left no receipt');
      return { receipt, state, appended: true };
    }
  }

  /** The cached state of a stream, marked most recently used; undefined when it is not cached. */
  private warmState(stream: string): HouseholdState | undefined {
    return this.states?.get(stream);
  }

  /** The cached state brought up to the stream's current revision. */
  private async catchUp(stream: string): Promise<HouseholdState> {
    const cached = this.states?.get(stream);
    this.states?.delete(stream);
    const state = cached ? copyState(cached) : initialState();
    // A fold that throws leaves the cache without this stream: the next command starts afresh.
    const newer = await this.store.readStream(stream, { afterRevision: state.revision });
    for (const recorded of newer) evolve(state, parseHouseholdEvent(recorded));
    this.remember(stream, state);
    return state;
  }

  /** Puts a state in the cache as the most recently used, sized by its stream as it is now. */
  private remember(stream: string, state: HouseholdState): void {
    this.states?.set(stream, state);
  }
}

function toAppend(event: HouseholdEvent): EventToAppend {
  return { type: event.type, v: event.v, data: event.data, meta: event.meta };
}
