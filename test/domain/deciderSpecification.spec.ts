import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../domain/errors.js';
import { deciderSpecification, type Decider } from '../support/deciderSpecification.js';

/** The specification helper itself must fail when the decider misbehaves, or every spec is hollow. */

type Command = { type: 'Add'; id: string; amount: number } | { type: 'Corrupt' };
type Event = { type: 'Added'; id: string; amount: number };
interface State {
  total: number;
  seen: Set<string>;
}

const counter: Decider<Command, Event, State> = {
  initialState: () => ({ total: 0, seen: new Set() }),
  evolve: (state, event) => {
    state.total += event.amount;
    state.seen.add(event.id);
    return state;
  },
  decide: (command, state) => {
    if (command.type === 'Corrupt') throw new Error('not a ledger error');
    if (state.seen.has(command.id)) return [];
    if (command.amount <= 0) throw new LedgerError('VALIDATION_FAILED', 'amount must be positive', { amount: command.amount });
    if (state.total + command.amount > 100) throw new LedgerError('CAPACITY_EXCEEDED', 'too much', { available: 100 - state.total });
    return [{ type: 'Added', id: command.id, amount: command.amount }];
  },
};

const spec = deciderSpecification(counter);
const added = (id: string, amount: number): Event => ({ type: 'Added', id, amount });

describe('deciderSpecification', () => {
  it('passes on the expected events, a rejection with its code, and a repeat', () => {
    spec.given([added('a', 40)]).when({ type: 'Add', id: 'b', amount: 60 }).then([added('b', 60)]);
    const error = spec.given([added('a', 40)]).when({ type: 'Add', id: 'b', amount: 61 }).thenThrows('CAPACITY_EXCEEDED', (e) => e.details['available'] === 60);
    expect(error.message).toBe('too much');
    spec.given([added('a', 40)]).when({ type: 'Add', id: 'a', amount: 40 }).thenNothing();
  });

  it('fails on other events', () => {
    expect(() => spec.given([]).when({ type: 'Add', id: 'a', amount: 5 }).then([added('a', 6)])).toThrow();
  });

  it('fails when a command expected to pass is rejected, naming the code', () => {
    expect(() => spec.given([]).when({ type: 'Add', id: 'a', amount: 0 }).then([])).toThrow(/rejected with VALIDATION_FAILED/);
  });

  it('fails when a rejection was expected but events were produced', () => {
    expect(() => spec.given([]).when({ type: 'Add', id: 'a', amount: 5 }).thenThrows('CAPACITY_EXCEEDED')).toThrow(/expected a rejection/);
  });

  it('fails on another code, on a failing predicate, and on an error that is not a LedgerError', () => {
    expect(() => spec.given([]).when({ type: 'Add', id: 'a', amount: 0 }).thenThrows('CAPACITY_EXCEEDED')).toThrow();
    expect(() => spec.given([]).when({ type: 'Add', id: 'a', amount: 0 }).thenThrows('VALIDATION_FAILED', () => false)).toThrow();
    expect(() => spec.given([]).when({ type: 'Corrupt' }).thenThrows('VALIDATION_FAILED')).toThrow(/expected a LedgerError/);
  });

  it('fails thenNothing when events were produced', () => {
    expect(() => spec.given([]).when({ type: 'Add', id: 'a', amount: 5 }).thenNothing()).toThrow();
  });

  it('fails when the decider modifies the given events', () => {
    const mutating: Decider<Command, Event, State> = {
      ...counter,
      evolve: (state, event) => {
        event.amount += 1;
        return counter.evolve(state, event);
      },
    };
    expect(() => deciderSpecification(mutating).given([added('a', 1)]).when({ type: 'Add', id: 'b', amount: 1 }).then([added('b', 1)])).toThrow(
      /given events were modified/,
    );
  });

  it('runs every produced event through the validator', () => {
    const strict = deciderSpecification(counter, {
      validateEvent: (event) => {
        if (event.amount > 50) throw new Error('amount above 50');
      },
    });
    expect(() => strict.given([]).when({ type: 'Add', id: 'a', amount: 60 }).then([added('a', 60)])).toThrow(/amount above 50/);
  });
});
