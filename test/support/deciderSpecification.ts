import { expect } from 'vitest';
import { LedgerError, type ErrorCode } from '../../domain/errors.js';

/**
 * Given/when/then specifications for a decider, after Emmett's `DeciderSpecification`
 * (event-driven-io/emmett, `testing/deciderSpecification.ts`):
 *
 *   spec.given(events).when(command).then(expectedEvents)
 *   spec.given(events).when(command).thenThrows('FORBIDDEN')
 *   spec.given(events).when(command).thenNothing()
 *
 * The state is folded from `initialState()` over the given events, then `decide` runs once.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export interface SpecificationOptions<Event> {
  /** Checks every event the decider produces (e.g. parses it with the stored-event schema). */
  validateEvent?: (event: Event) => void;
}

export interface Then<Event> {
  /** The decider produces exactly these events, in this order. */
  then(expected: readonly Event[]): void;
  /** The decider rejects with a LedgerError of this code (and stores nothing); returns the error. */
  thenThrows(code: ErrorCode, predicate?: (error: LedgerError) => boolean): LedgerError;
  /** The decider accepts and produces no events (a repeated command). */
  thenNothing(): void;
}

export interface When<Command, Event> {
  when(command: Command): Then<Event>;
}

export interface DeciderSpecification<Command, Event> {
  given(events: readonly Event[]): When<Command, Event>;
}

/**
 * The event without what binds it to its command (`meta.commandType`, `meta.payloadHash`, issue
 * 11): those are tested on their own, so expected events need not carry a hash each.
 */
export function withoutCommandFingerprint<Event>(event: Event): Event {
  const meta = (event as { meta?: Record<string, unknown> }).meta;
  if (meta === undefined || meta === null || typeof meta !== 'object') return event;
  const { commandType: _type, payloadHash: _hash, ...rest } = meta;
  return { ...event, meta: rest };
}

type Outcome<Event> = { kind: 'events'; events: Event[] } | { kind: 'error'; error: unknown };

export function deciderSpecification<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  options: SpecificationOptions<Event> = {},
): DeciderSpecification<Command, Event> {
  return {
    given(history) {
      return {
        when(command) {
          const run = (): Outcome<Event> => {
            // The decider must not change the facts it is given (evolve may reuse its state).
            const historyBefore = structuredClone(history);
            const commandBefore = structuredClone(command);
            let outcome: Outcome<Event>;
            try {
              let state = decider.initialState();
              for (const event of history) state = decider.evolve(state, event);
              outcome = { kind: 'events', events: decider.decide(command, state) };
            } catch (error) {
              outcome = { kind: 'error', error };
            }
            expect(history, 'the given events were modified').toEqual(historyBefore);
            expect(command, 'the command was modified').toEqual(commandBefore);
            return outcome;
          };

          const producedEvents = (): Event[] => {
            const outcome = run();
            if (outcome.kind === 'error') {
              const { error } = outcome;
              const described = error instanceof LedgerError ? `${error.code}: ${error.message}` : String(error);
              throw new Error(`expected the command to be accepted, but it was rejected with ${described}`);
            }
            for (const event of outcome.events) options.validateEvent?.(event);
            return outcome.events;
          };

          return {
            then(expected) {
              expect(producedEvents().map(withoutCommandFingerprint)).toEqual(expected.map(withoutCommandFingerprint));
            },
            thenNothing() {
              expect(producedEvents()).toEqual([]);
            },
            thenThrows(code, predicate) {
              const outcome = run();
              if (outcome.kind === 'events') {
                throw new Error(`expected a rejection with ${code}, but the command produced ${outcome.events.length} event(s): ${JSON.stringify(outcome.events)}`);
              }
              const ledgerError = outcome.error;
              if (!(ledgerError instanceof LedgerError)) {
                throw new Error(`expected a LedgerError with ${code}, got ${String(ledgerError)}`, { cause: ledgerError });
              }
              expect(ledgerError.code, ledgerError.message).toBe(code);
              if (predicate) expect(predicate(ledgerError), `predicate failed for ${ledgerError.message} ${JSON.stringify(ledgerError.details)}`).toBe(true);
              return ledgerError;
            },
          };
        },
      };
    },
  };
}
