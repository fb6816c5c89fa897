import { LedgerError } from '../domain/errors.js';
import { copyState, evolve, initialState, receiptKey, type HouseholdCommand, type HouseholdDecider, type HouseholdState, type Receipt } from '../domain/household/decider.js';
import { parseHouseholdEvent, type HouseholdEvent } from '../domain/household/events.js';
import type { EventStore, EventToAppend } from './eventStore.js';
import { householdStream } from './streams.js';

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
  /** How many household states are kept warm between commands. */
  cacheSize?: number;
  /**
   * How many events the warm states may hold together (a state costs memory in proportion to
   * its stream): the least recently used go first when either bound is reached.
   */
  maxCachedEvents?: number;
}

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
  private readonly cacheSize: number;
  private readonly maxCachedEvents: number;
  private readonly states = new Map<string, HouseholdState>();
  /** Each cached state's revision when it was last put in the cache, and their sum. */
  private readonly weights = new Map<string, number>();
  private cachedEvents = 0;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: EventStore,
    private readonly decider: HouseholdDecider,
    options: CommandHandlerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.cacheSize = options.cacheSize ?? 10_000;
    this.maxCachedEvents = options.maxCachedEvents ?? 50_000;
  }

  handle(householdId: string, command: HouseholdCommand): Promise<HandledCommand> {
    const stream = householdStream(householdId);
    const previous = this.queues.get(stream) ?? Promise.resolve();
    const run = previous.then(
      () => this.run(stream, command),
      () => this.run(stream, command),
    );
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
    const state = this.states.get(stream);
    if (state) this.remember(stream, state);
    return state;
  }

  /** The cached state brought up to the stream's current revision. */
  private async catchUp(stream: string): Promise<HouseholdState> {
    const cached = this.states.get(stream);
    this.forget(stream);
    const state = cached ? copyState(cached) : initialState();
    // A fold that throws leaves the cache without this stream: the next command starts afresh.
    const newer = await this.store.readStream(stream, { afterRevision: state.revision });
    for (const recorded of newer) evolve(state, parseHouseholdEvent(recorded));
    this.remember(stream, state);
    return state;
  }

  /** Puts a state in the cache as the most recently used, then evicts the least recently used beyond the bounds. */
  private remember(stream: string, state: HouseholdState): void {
    this.forget(stream);
    this.states.set(stream, state);
    this.weights.set(stream, state.revision);
    this.cachedEvents += state.revision;
    while (this.states.size > 1 && (this.states.size > this.cacheSize || this.cachedEvents > this.maxCachedEvents)) {
      const oldest = this.states.keys().next().value;
      if (oldest === undefined) break;
      this.forget(oldest);
    }
  }

  private forget(stream: string): void {
    const weight = this.weights.get(stream);
    if (weight !== undefined) this.cachedEvents -= weight;
    this.weights.delete(stream);
    this.states.delete(stream);
  }
}

function toAppend(event: HouseholdEvent): EventToAppend {
  return { type: event.type, v: event.v, data: event.data, meta: event.meta };
}
