/** Early signals (vroegsignalering, policy §7). */
import { businessDateAt } from '../../dates.js';
import { LedgerError, validationFailed } from '../../errors.js';
import { designatedDaysOf, type ParameterTable } from '../../parameters.js';
import { isRepeatSignal, outreachDeadline, type SignalFacts } from '../../signals.js';
import type { CommandMeta, HouseholdCommand } from '../commands.js';
import type { HouseholdEvent } from '../events.js';
import { metaFor, notInFuture, requireHousehold, requireMandate } from '../guards.js';
import type { HouseholdState } from '../state.js';

export function sendSignal(command: Extract<HouseholdCommand, { type: 'SendSignal' }>, state: HouseholdState, parameters: ParameterTable): HouseholdEvent[] {
  requireHousehold(state);
  const { actor } = command.meta;
  if (actor.role !== 'CREDITOR') throw new LedgerError('FORBIDDEN', 'Only a partner (creditor) sends an arrears signal');
  const { signalId, partnerType, amount, arrearsSince, threatening } = command.data;
  notInFuture(command, { arrearsSince });
  const today = businessDateAt(command.meta.recordedAt);
  const repeat = isRepeatSignal([...state.signals.values()], actor.org, arrearsSince, amount);
  const events: HouseholdEvent[] = [
    {
      type: 'SignalReceived',
      v: 1,
      data: { signalId, partnerOrg: actor.org, partnerType, amount, arrearsSince, threatening, deadline: outreachDeadline(today, threatening, designatedDaysOf(parameters)) },
      meta: metaFor(command, today),
    },
  ];
  // The same arrears, not increased: closed at once as a repeat signal (DDAS "herhaalde melding").
  if (repeat) events.push({ type: 'SignalClosed', v: 1, data: { signalId, outcome: 'REPEAT_SIGNAL' }, meta: metaFor(command, today) });
  return events;
}

export function openSignal(state: HouseholdState, { actor, recordedAt }: CommandMeta, signalId: string): SignalFacts {
  requireHousehold(state);
  requireMandate(state, actor, recordedAt);
  const signal = state.signals.get(signalId);
  if (!signal) throw new LedgerError('NOT_FOUND', 'No such signal');
  if (signal.outcome !== null) {
    throw validationFailed([{ path: 'input.signalId', reason: `the signal was closed on ${signal.closedOn} as ${signal.outcome}` }]);
  }
  return signal;
}

export function recordContactAttempt(command: Extract<HouseholdCommand, { type: 'RecordContactAttempt' }>, state: HouseholdState): HouseholdEvent[] {
  const signal = openSignal(state, command.meta, command.data.signalId);
  const { method, reached, attemptedOn } = command.data;
  notInFuture(command, { attemptedOn });
  if (attemptedOn < signal.receivedOn) {
    throw validationFailed([{ path: 'input.attemptedOn', reason: `is before the signal was received (${signal.receivedOn})` }]);
  }
  return [{ type: 'ContactAttemptRecorded', v: 1, data: { signalId: signal.signalId, method, reached }, meta: metaFor(command, attemptedOn) }];
}

export function closeSignal(command: Extract<HouseholdCommand, { type: 'CloseSignal' }>, state: HouseholdState): HouseholdEvent[] {
  const signal = openSignal(state, command.meta, command.data.signalId);
  const { outcome, closedOn } = command.data;
  notInFuture(command, { closedOn });
  if (closedOn < signal.receivedOn) {
    throw validationFailed([{ path: 'input.closedOn', reason: `is before the signal was received (${signal.receivedOn})` }]);
  }
  return [{ type: 'SignalClosed', v: 1, data: { signalId: signal.signalId, outcome }, meta: metaFor(command, closedOn) }];
}

