/** Collection measures and moratoria (policy §4). */
import { formatEuros } from '../../money.js';
import type { MeasureFacts } from '../../allocation.js';
import { capacityOn, changeDates, latestMoratoriumEnd, moratoriumOn } from '../../capacity.js';
import { addDays } from '../../dates.js';
import { LedgerError, validationFailed } from '../../errors.js';
import type { ParameterTable } from '../../parameters.js';
import type { HouseholdCommand } from '../commands.js';
import type { HouseholdEvent } from '../events.js';
import { metaFor, ownClaim, requireHousehold, requireMandate } from '../guards.js';
import { collectionFacts, type HouseholdState, outstandingOfClaims } from '../state.js';

export function registerMeasure(command: Extract<HouseholdCommand, { type: 'RegisterMeasure' }>, state: HouseholdState, parameters: ParameterTable): HouseholdEvent[] {
  requireHousehold(state);
  const { actor } = command.meta;
  if (actor.role !== 'CREDITOR') throw new LedgerError('FORBIDDEN', 'Only a creditor registers collection measures');
  const { measureId, kind, claimIds, monthlyAmount, startsOn, endsOn } = command.data;
  if (state.measures.has(measureId)) throw new LedgerError('ALREADY_EXISTS', 'This measure is already registered');
  const claims = claimIds.map((id) => ownClaim(state, actor, id));
  if (new Set(claims.map((c) => c.preferential)).size > 1) {
    throw validationFailed([{ path: 'input.claimIds', reason: 'a measure collects claims of one rank: preferential or not' }]);
  }
  const covered = claims.find((c) => c.arrangementId !== null);
  if (covered) {
    throw validationFailed([{ path: 'input.claimIds', reason: `claim ${covered.claimId} is covered by an active debt arrangement` }]);
  }
  const facts = collectionFacts(state);
  const moratorium = moratoriumOn(facts, startsOn);
  if (kind !== 'WITHHOLDING_AT_SOURCE' && moratorium) {
    throw new LedgerError('MORATORIUM_ACTIVE', `A moratorium runs from ${moratorium.startsOn} to ${moratorium.endsOn}: no new measure may start on ${startsOn}`, {
      moratoriumId: moratorium.moratoriumId,
      endsOn: moratorium.endsOn,
    });
  }
  const amount = kind === 'GARNISHMENT' ? 0 : (monthlyAmount ?? 0);
  if (kind === 'SET_OFF' || kind === 'PAYMENT_PLAN') {
    // The fixed amount must fit on every date it applies: check each date the room can change.
    for (const on of changeDates(facts, parameters, startsOn, endsOn)) {
      if (moratoriumOn(facts, on)) continue;
      const capacity = capacityOn(facts, outstandingOfClaims(state), parameters, on);
      const fixed = facts.measures
        .filter((m) => (m.kind === 'SET_OFF' || m.kind === 'PAYMENT_PLAN') && m.startsOn <= on && (m.endsOn === null || on <= m.endsOn))
        .reduce((sum, m) => sum + m.monthlyAmount, 0);
      const available = Math.max(0, capacity.attachable - fixed);
      if (amount > available) {
        throw new LedgerError('CAPACITY_EXCEEDED', `Only ${formatEuros(available)} of attachable room is available on ${on}; ${formatEuros(amount)} asked`, {
          available,
          on,
          attachable: capacity.attachable,
        });
      }
    }
  }
  const measure: MeasureFacts = {
    measureId,
    creditorId: actor.org,
    kind,
    claimIds,
    monthlyAmount: amount,
    preferential: claims[0]!.preferential,
    startsOn,
    endsOn,
    order: state.measures.size,
  };
  // After the decision the room still holds everything on its first day (allocate asserts it).
  capacityOn({ ...facts, measures: [...facts.measures, measure] }, outstandingOfClaims(state), parameters, startsOn);
  return [
    {
      type: 'MeasureRegistered',
      v: 1,
      data: { measureId, creditorId: actor.org, kind, claimIds, monthlyAmount: amount, preferential: measure.preferential, endsOn },
      meta: metaFor(command, startsOn),
    },
  ];
}

export function endMeasure(command: Extract<HouseholdCommand, { type: 'EndMeasure' }>, state: HouseholdState): HouseholdEvent[] {
  requireHousehold(state);
  const { actor } = command.meta;
  const measure = state.measures.get(command.data.measureId);
  if (!measure) throw new LedgerError('NOT_FOUND', 'No such measure');
  if (actor.role !== 'CREDITOR' || actor.org !== measure.creditorId) {
    throw new LedgerError('FORBIDDEN', 'Only the creditor that registered a measure ends it');
  }
  const { endsOn, reason } = command.data;
  if (endsOn < addDays(measure.startsOn, -1)) {
    throw validationFailed([{ path: 'input.endsOn', reason: `is before the measure starts (${measure.startsOn})` }]);
  }
  if (measure.endsOn !== null && measure.endsOn <= endsOn) {
    throw validationFailed([{ path: 'input.endsOn', reason: `the measure already ends on ${measure.endsOn}` }]);
  }
  return [{ type: 'MeasureEnded', v: 1, data: { measureId: measure.measureId, reason }, meta: metaFor(command, endsOn) }];
}

export function startMoratorium(command: Extract<HouseholdCommand, { type: 'StartMoratorium' }>, state: HouseholdState): HouseholdEvent[] {
  requireHousehold(state);
  requireMandate(state, command.meta.actor, command.meta.recordedAt);
  const { moratoriumId, startsOn, endsOn, reason } = command.data;
  // endsOn is the last day: six months from 1 April end on 30 September.
  const longest = latestMoratoriumEnd(startsOn);
  if (endsOn > longest) {
    throw new LedgerError('MORATORIUM_TOO_LONG', `A moratorium lasts at most 6 months: from ${startsOn} it ends on ${longest} at the latest`, {
      latestEnd: longest,
    });
  }
  const overlapping = [...state.moratoria.values()].find((m) => m.startsOn <= endsOn && startsOn <= m.endsOn);
  if (overlapping) {
    throw validationFailed([{ path: 'input.startsOn', reason: `overlaps the moratorium from ${overlapping.startsOn} to ${overlapping.endsOn}` }]);
  }
  const events: HouseholdEvent[] = [{ type: 'MoratoriumStarted', v: 1, data: { moratoriumId, endsOn, reason }, meta: metaFor(command, startsOn) }];
  // Measures recorded earlier whose start falls inside this moratorium never take effect: they end
  // the day before their start (the creditor could not have known; policy §10).
  for (const m of [...state.measures.values()].sort((a, b) => a.order - b.order)) {
    if (m.kind === 'WITHHOLDING_AT_SOURCE' || m.startsOn < startsOn || m.startsOn > endsOn) continue;
    const dayBefore = addDays(m.startsOn, -1);
    if (m.endsOn !== null && m.endsOn <= dayBefore) continue;
    events.push({ type: 'MeasureSuspendedByMoratorium', v: 1, data: { measureId: m.measureId, moratoriumId }, meta: metaFor(command, dayBefore) });
  }
  return events;
}

export function endMoratorium(command: Extract<HouseholdCommand, { type: 'EndMoratorium' }>, state: HouseholdState): HouseholdEvent[] {
  requireHousehold(state);
  requireMandate(state, command.meta.actor, command.meta.recordedAt);
  const moratorium = state.moratoria.get(command.data.moratoriumId);
  if (!moratorium) throw new LedgerError('NOT_FOUND', 'No such moratorium');
  const { endsOn, reason } = command.data;
  if (endsOn < addDays(moratorium.startsOn, -1)) {
    throw validationFailed([{ path: 'input.endsOn', reason: `is before the moratorium starts (${moratorium.startsOn})` }]);
  }
  if (endsOn >= moratorium.endsOn) {
    throw validationFailed([{ path: 'input.endsOn', reason: `must be before its current end (${moratorium.endsOn})` }]);
  }
  return [{ type: 'MoratoriumEnded', v: 1, data: { moratoriumId: moratorium.moratoriumId, reason }, meta: metaFor(command, endsOn) }];
}

