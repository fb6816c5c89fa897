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

/** Most commands on one household decided together and stored in one append. */
export const MAX_GROUP = 64;

/** A command waiting for its household's turn. */
interface Queued {
  command: HouseholdCommand;
  resolve: (handled: HandledCommand) => void;
  reject: (error: unknown) => void;
}

/** A command of a group as decided: its events (none for a repeat), or the rule it broke. */
type Decided =
  | { ok: true; events: HouseholdEvent[]; state: HouseholdState; key: string }
  | { ok: false; error: unknown };

/** The commands of one household in this process waiting their turn; a lane exists while a group is under way. */
interface Lane {
  waiting: Queued[];
}

/**
 * Runs a command: decide on the household's state, append with the expected revision, and on
 * CONFLICT catch up with the stream and decide again (a bounded number of times). Writers in
 * other processes are serialised by the stream's expected revision.
 *
 * Commands on one household in this process run in order, in groups (issue 15): a command that
 * finds the household idle is decided and handed to the store at once; the commands that arrive
 * while that append is being committed wait, and are then decided one after another, each on the
 * state after the events of the ones before it, and stored in ONE append (one expected
 * revision, all or nothing) in the next group commit. So a hot household gets a commit cycle's
 * worth of commands into each commit, not one. The group is one append and not an append per
 * command expecting the revision the one before it would leave, because an expected revision
 * cannot tell the events it expected from another writer's: if command 1 failed on CONFLICT
 * because another process had appended as many events as command 1 would have, command 2's
 * append would land, decided on command 1's events that were never stored.
 *
 * Every answer of a group is given after the group's commit (acknowledged = durable), in the
 * order the commands came; a rejection or a repeat decided after another command's events is
 * answered only when those events are stored. A group that fails on CONFLICT is decided again on
 * the caught-up state; one that fails otherwise (a read model refusing an event, a failed
 * commit) runs again command by command, so that the failing command fails alone. The warm
 * state is only ever a state whose events were stored.
 *
 * A household state kept warm from an earlier command is decided on without reading the stream
 * first: if another process wrote in the meantime, the append fails with CONFLICT and the
 * command is decided again on the caught-up state; a rejection decided on the warm state is
 * checked against the caught-up state before it is answered (or confirmed by the group's
 * append, whose expected revision is the warm state's). So what is stored and answered is what
 * reading the stream first would give, without a read on the common path.
 */
export class CommandHandler {
  private readonly maxAttempts: number;
  /** Warm states by stream; null when the cache is off. */
  private readonly states: LRUCache<string, HouseholdState> | null;
  private readonly lanes = new Map<string, Lane>();

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
    return new Promise<HandledCommand>((resolve, reject) => {
      const lane = this.lanes.get(stream);
      if (lane) {
        lane.waiting.push({ command, resolve, reject });
        return;
      }
      // A household with no command under way starts at once: decided and handed to the store
      // in this turn (the drain runs synchronously up to its first await).
      const started: Lane = { waiting: [{ command, resolve, reject }] };
      this.lanes.set(stream, started);
      void this.drain(stream, started);
    });
  }

  /** Runs the lane's commands group after group until none wait; then the household is idle. */
  private async drain(stream: string, lane: Lane): Promise<void> {
    while (lane.waiting.length > 0) {
      const group = lane.waiting.splice(0, MAX_GROUP);
      try {
        await this.runGroup(stream, group);
      } catch (error) {
        // runGroup settles its commands; this is a failure outside them (a catch-up that threw).
        for (const item of group) item.reject(error);
      }
    }
    this.lanes.delete(stream);
  }

  /** Decides and stores a group of commands in one append; settles each, in order. */
  private async runGroup(stream: string, group: readonly Queued[]): Promise<void> {
    const warm = this.warmState(stream);
    // Caught up: the state includes every event the store had when it was last read.
    let caughtUp = warm === undefined;
    let state = warm ?? (await this.catchUp(stream));
    for (let attempt = 1; ; ) {
      const decided = this.decideGroup(group, state);
      const events = decided.flatMap((d) => (d.ok ? d.events : []));
      if (events.length === 0) {
        // Nothing to store: a rejection decided on the warm state is checked on the caught-up one.
        if (!caughtUp && decided.some((d) => !d.ok)) {
          state = await this.catchUp(stream);
          caughtUp = true;
          continue;
        }
        // Receipts only ever grow: a receipt in a warm state is the answer the stream gives too.
        settle(group, decided, false);
        return;
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
        if (group.length > 1) {
          // Which command's events failed is not known: each runs again alone, in order, so
          // that it fails alone and the others land, each decided on what is really stored.
          for (const item of group) await this.runGroup(stream, [item]);
          return;
        }
        group[0]!.reject(error);
        return;
      }
      // Stored: every state of the group is now a stream's state; the last one is kept warm.
      const last = decided.findLast((d) => d.ok && d.events.length > 0) as Extract<Decided, { ok: true }>;
      this.remember(stream, last.state);
      settle(group, decided, true);
      return;
    }
  }

  /**
   * Decides the commands one after another, each on the state after the events of those before
   * it. Copy on write: a state answered before (held by a subscriber) never changes under it.
   */
  private decideGroup(group: readonly Queued[], base: HouseholdState): Decided[] {
    let state = base;
    return group.map((item): Decided => {
      const key = receiptKey(item.command.meta.actor, item.command.meta.commandId);
      let events: HouseholdEvent[];
      try {
        events = this.decider.decide(item.command, state);
      } catch (error) {
        return { ok: false, error };
      }
      if (events.length > 0) {
        state = copyState(state);
        for (const event of events) evolve(state, event);
      }
      return { ok: true, events, state, key };
    });
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

/** Answers each command of a stored (or nothing-to-store) group, in the order they came. */
function settle(group: readonly Queued[], decided: readonly Decided[], stored: boolean): void {
  group.forEach((item, i) => {
    const d = decided[i]!;
    if (!d.ok) return item.reject(d.error);
    const receipt = d.state.receipts.get(d.key);
    if (!receipt) {
      return item.reject(new Error(d.events.length > 0 ? 'appended events left no receipt' : 'decider produced no event for a command it had not seen'));
    }
    item.resolve({ receipt, state: d.state, appended: stored && d.events.length > 0 });
  });
}

function toAppend(event: HouseholdEvent): EventToAppend {
  return { type: event.type, v: event.v, data: event.data, meta: event.meta };
}
