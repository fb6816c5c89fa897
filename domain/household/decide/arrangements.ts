/** Debt arrangements (policy §6). */
import { DEFAULT_TERM_MONTHS, offerFor } from '../../arrangement.js';
import { outstanding } from '../../claims.js';
import { addDays, businessDateAt } from '../../dates.js';
import { LedgerError, validationFailed } from '../../errors.js';
import { outstandingBefore } from '../../interest.js';
import type { ParameterTable } from '../../parameters.js';
import type { CommandMeta, HouseholdCommand } from '../commands.js';
import type { HouseholdEvent } from '../events.js';
import { metaFor, notInFuture, requireHousehold, requireMandate } from '../guards.js';
import type { ArrangementState, ArrangementStatus, HouseholdState } from '../state.js';

export function proposeArrangement(command: Extract<HouseholdCommand, { type: 'ProposeArrangement' }>, state: HouseholdState, parameters: ParameterTable): HouseholdEvent[] {
  requireHousehold(state);
  requireMandate(state, command.meta.actor, command.meta.recordedAt);
  const { arrangementId, monthlyCapacity, startsOn } = command.data;
  const open = [...state.arrangements.values()].find((a) => a.status === 'PROPOSED' || a.status === 'ACTIVE');
  if (open) throw new LedgerError('ALREADY_EXISTS', `Arrangement ${open.arrangementId} is ${open.status}: fail it before proposing another`);
  const termMonths = command.data.termMonths ?? DEFAULT_TERM_MONTHS;
  if (termMonths !== DEFAULT_TERM_MONTHS && command.data.termReason === null) {
    throw validationFailed([{ path: 'input.termReason', reason: `a term other than ${DEFAULT_TERM_MONTHS} months needs a stated reason` }]);
  }
  const key = command.data.key ?? 'DOUBLE_FOR_PREFERENTIAL';
  // The offers are on the balances as the arrangement starts: statutory interest stops from its start.
  const claims = [...state.claims.values()]
    .map((c) => outstandingBefore(c, parameters, startsOn))
    .filter((c) => outstanding(c) > 0)
    .sort((a, b) => a.order - b.order);
  if (claims.length === 0) throw validationFailed([{ path: 'input.householdId', reason: 'the household has no outstanding claims' }]);
  const total = monthlyCapacity * termMonths;
  const offers = offerFor(
    total,
    claims.map((c) => ({ claimId: c.claimId, creditorId: c.creditorId, outstanding: outstanding(c), preferential: c.preferential, order: c.order })),
    key,
  );
  return [
    {
      type: 'ArrangementProposed',
      v: 1,
      data: { arrangementId, monthlyCapacity, termMonths, termReason: command.data.termReason, key, total, offers },
      meta: metaFor(command, startsOn),
    },
  ];
}

export function answerArrangement(command: Extract<HouseholdCommand, { type: 'AnswerArrangement' }>, state: HouseholdState): HouseholdEvent[] {
  requireHousehold(state);
  const { actor } = command.meta;
  const arrangement = state.arrangements.get(command.data.arrangementId);
  if (!arrangement) throw new LedgerError('NOT_FOUND', 'No such arrangement');
  const creditors = [...new Set(arrangement.offers.map((o) => o.creditorId))];
  if (actor.role !== 'CREDITOR' || !creditors.includes(actor.org)) {
    throw new LedgerError('FORBIDDEN', 'Only a creditor with a claim in the arrangement answers it');
  }
  if (arrangement.status !== 'PROPOSED') {
    throw validationFailed([{ path: 'input.arrangementId', reason: `the arrangement is ${arrangement.status}, not open for answers` }]);
  }
  if (arrangement.answers[actor.org]) {
    throw validationFailed([{ path: 'input.answer', reason: `${actor.org} already answered ${arrangement.answers[actor.org]}` }]);
  }
  const today = businessDateAt(command.meta.recordedAt);
  const { arrangementId, answer } = command.data;
  const events: HouseholdEvent[] = [
    { type: 'ArrangementAnswered', v: 1, data: { arrangementId, creditorId: actor.org, answer }, meta: metaFor(command, today) },
  ];
  if (answer === 'REJECT') {
    events.push({ type: 'ArrangementRejected', v: 1, data: { arrangementId, rejectedBy: actor.org }, meta: metaFor(command, today) });
    return events;
  }
  const allAccepted = creditors.every((c) => c === actor.org || arrangement.answers[c] === 'ACCEPT');
  if (!allAccepted) return events;
  events.push({ type: 'ArrangementActivated', v: 1, data: { arrangementId }, meta: metaFor(command, arrangement.startsOn) });
  // Collection by these creditors stops: payments follow the offer from now on.
  const lastDay = addDays(arrangement.startsOn, -1) > today ? addDays(arrangement.startsOn, -1) : today;
  for (const m of state.measures.values()) {
    if (m.kind === 'WITHHOLDING_AT_SOURCE' || !creditors.includes(m.creditorId)) continue;
    const endsOn = m.startsOn > lastDay ? addDays(m.startsOn, -1) : lastDay;
    if (m.endsOn !== null && m.endsOn <= endsOn) continue;
    events.push({
      type: 'MeasureEnded',
      v: 1,
      data: { measureId: m.measureId, reason: `debt arrangement ${arrangementId} activated` },
      meta: metaFor(command, endsOn),
    });
  }
  return events;
}

export function openArrangement(state: HouseholdState, { actor, recordedAt }: CommandMeta, arrangementId: string, allowed: readonly ArrangementStatus[]): ArrangementState {
  requireHousehold(state);
  requireMandate(state, actor, recordedAt);
  const arrangement = state.arrangements.get(arrangementId);
  if (!arrangement) throw new LedgerError('NOT_FOUND', 'No such arrangement');
  if (!allowed.includes(arrangement.status)) {
    throw validationFailed([{ path: 'input.arrangementId', reason: `the arrangement is ${arrangement.status}` }]);
  }
  return arrangement;
}

export function recordArrangementPayment(command: Extract<HouseholdCommand, { type: 'RecordArrangementPayment' }>, state: HouseholdState, parameters: ParameterTable): HouseholdEvent[] {
  const arrangement = openArrangement(state, command.meta, command.data.arrangementId, ['ACTIVE']);
  const { claimId, amount, paidOn } = command.data;
  notInFuture(command, { paidOn });
  const offer = arrangement.offers.find((o) => o.claimId === claimId);
  const claim = state.claims.get(claimId);
  if (!offer || !claim) throw validationFailed([{ path: 'input.claimId', reason: 'is not part of this arrangement' }]);
  const balance = outstanding(outstandingBefore(claim, parameters, paidOn));
  if (amount > balance) {
    throw new LedgerError('PAYMENT_EXCEEDS_OUTSTANDING', `Payment ${amount} exceeds the outstanding balance ${balance}`, { outstanding: balance });
  }
  const owed = offer.amount - (arrangement.paid[claimId] ?? 0);
  if (amount > owed) {
    throw validationFailed([{ path: 'input.amount', reason: `exceeds what the offer still pays on this claim (${owed})` }]);
  }
  return [
    {
      type: 'ArrangementPaymentRecorded',
      v: 1,
      data: { arrangementId: arrangement.arrangementId, claimId, amount },
      meta: metaFor(command, paidOn),
    },
  ];
}

export function completeArrangement(command: Extract<HouseholdCommand, { type: 'CompleteArrangement' }>, state: HouseholdState, parameters: ParameterTable): HouseholdEvent[] {
  const arrangement = openArrangement(state, command.meta, command.data.arrangementId, ['ACTIVE']);
  const { completedOn } = command.data;
  notInFuture(command, { completedOn });
  const unpaid = arrangement.offers.filter((o) => (arrangement.paid[o.claimId] ?? 0) < o.amount);
  if (unpaid.length > 0) {
    throw validationFailed([
      { path: 'input.arrangementId', reason: `the offer is not fully paid on ${unpaid.length} claim(s); record the payments or fail the arrangement` },
    ]);
  }
  // Finale kwijting: what remains of each claim in the arrangement is written off.
  const writeOffs = arrangement.offers
    .map((o) => ({ claimId: o.claimId, amount: outstanding(outstandingBefore(state.claims.get(o.claimId)!, parameters, addDays(completedOn, 1))) }))
    .filter((w) => w.amount > 0);
  return [
    {
      type: 'ArrangementCompleted',
      v: 1,
      data: { arrangementId: arrangement.arrangementId, writeOffs },
      meta: metaFor(command, completedOn),
    },
  ];
}

export function failArrangement(command: Extract<HouseholdCommand, { type: 'FailArrangement' }>, state: HouseholdState): HouseholdEvent[] {
  const arrangement = openArrangement(state, command.meta, command.data.arrangementId, ['PROPOSED', 'ACTIVE']);
  const { reason, failedOn } = command.data;
  notInFuture(command, { failedOn });
  return [{ type: 'ArrangementFailed', v: 1, data: { arrangementId: arrangement.arrangementId, reason }, meta: metaFor(command, failedOn) }];
}

