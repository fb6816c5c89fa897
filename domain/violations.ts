import { LedgerError } from './errors.js';
import { isActiveOn, type MeasureFacts } from './allocation.js';
import { capacityOn, changeDates, type CollectionFacts } from './capacity.js';
import type { BusinessDate } from './dates.js';
import { collectionFacts, evolve, initialState, outstandingOfClaims } from './household/decider.js';
import type { HouseholdEvent } from './household/events.js';
import { formatEuros, type Cents } from './money.js';
import type { ParameterTable } from './parameters.js';
import { firstDayCostsMayBeCharged, presumedReceipt, sharedWikMaximum } from './wik.js';

/**
 * The rule breaches a ledger can detect in a household's history (dutch-debt-rules.md §9,
 * "Rules a ledger can enforce"), each with the events that prove it. Some cannot be recorded
 * through today's commands (the decider refuses them) but arrive with imported history, after
 * retroactive facts, or from rules that changed.
 */
export const violationRules = [
  'COLLECTION_ABOVE_ATTACHABLE_ROOM',
  'WITHHOLDING_UNDERCUTS_PROTECTED_INCOME',
  'COLLECTION_COSTS_ABOVE_WIK_MAXIMUM',
  'COLLECTION_COSTS_BEFORE_REMINDER_PERIOD',
  'MEASURE_DURING_MORATORIUM',
  'PROTECTED_INCOME_WITHOUT_OFFICIAL_RECORD',
  'NO_COORDINATOR',
] as const;
export type ViolationRule = (typeof violationRules)[number];

export interface Violation {
  rule: ViolationRule;
  /** The first date the breach applies. */
  on: BusinessDate;
  description: string;
  /** Revisions of the household stream that prove it. */
  revisions: number[];
  /** Organisations whose actions it concerns. */
  organisations: string[];
}

export interface NumberedEvent {
  revision: number;
  event: HouseholdEvent;
}

interface History {
  facts: CollectionFacts;
  outstandingOf: (claimIds: readonly string[]) => Cents;
  measureRevision: Map<string, number>;
  moratoriumRevision: Map<string, number>;
}

const uniqueSorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);

/** The income and protected-income events in force on a date: the "later facts" of a breach. */
function incomeRevisionsOn(events: readonly NumberedEvent[], on: BusinessDate): number[] {
  return events
    .filter(({ event }) => (event.type === 'IncomeDeclared' || event.type === 'ProtectedIncomeRecorded') && event.meta.effectiveOn <= on)
    .map(({ revision }) => revision);
}

function activeCollecting(facts: CollectionFacts, on: BusinessDate): MeasureFacts[] {
  return facts.measures.filter((m) => isActiveOn(m, on));
}

export function findViolations(
  events: readonly NumberedEvent[],
  history: History,
  parameters: ParameterTable,
  today: BusinessDate,
): Violation[] {
  const { facts, outstandingOf, measureRevision, moratoriumRevision } = history;
  const found: Violation[] = [];
  const seen = new Set<string>();
  const add = (key: string, v: Violation) => {
    if (seen.has(key)) return;
    seen.add(key);
    found.push(v);
  };

  const first = facts.measures.reduce<BusinessDate | null>((min, m) => (min === null || m.startsOn < min ? m.startsOn : min), null);
  if (first !== null && first <= today) {
    for (const on of changeDates(facts, parameters, first, today)) {
      let check;
      try {
        check = capacityOn(facts, outstandingOf, parameters, on);
      } catch (error) {
        // No parameters for that date: nothing can be said about its room. Anything else (the
        // allocation invariant above all) is a bug that must not be hidden.
        if (error instanceof LedgerError && error.code === 'PARAMETERS_UNAVAILABLE') continue;
        throw error;
      }
      const active = activeCollecting(facts, on);
      for (const id of check.overcommitted) {
        const m = facts.measures.find((x) => x.measureId === id)!;
        add(`room:${id}`, {
          rule: 'COLLECTION_ABOVE_ATTACHABLE_ROOM',
          on,
          description: `${m.kind} of ${m.creditorId} (${formatEuros(m.monthlyAmount)} a month) no longer fits the attachable room of ${formatEuros(check.attachable)} on ${on}`,
          revisions: uniqueSorted([measureRevision.get(id)!, ...incomeRevisionsOn(events, on)]),
          organisations: [m.creditorId],
        });
      }
      if (check.flags.includes('PROTECTED_INCOME_UNDERCUT') && check.withheldAtSource > 0) {
        const withholding = active.filter((m) => m.kind === 'WITHHOLDING_AT_SOURCE');
        add(`undercut:${withholding.map((m) => m.measureId).join(',')}`, {
          rule: 'WITHHOLDING_UNDERCUTS_PROTECTED_INCOME',
          on,
          description: `Withholding of ${formatEuros(check.withheldAtSource)} leaves the household below its protected income of ${formatEuros(check.protectedIncome)} on ${on}`,
          revisions: uniqueSorted([...withholding.map((m) => measureRevision.get(m.measureId)!), ...incomeRevisionsOn(events, on)]),
          organisations: [...new Set(withholding.map((m) => m.creditorId))],
        });
      }
      if (check.basis === 'ESTIMATE') {
        for (const m of active.filter((x) => x.kind === 'GARNISHMENT' || x.kind === 'SET_OFF')) {
          add(`estimate:${m.measureId}`, {
            rule: 'PROTECTED_INCOME_WITHOUT_OFFICIAL_RECORD',
            on,
            description: `${m.kind} of ${m.creditorId} collects on ${on} while the ledger holds no official protected income, only an estimate`,
            revisions: [measureRevision.get(m.measureId)!],
            organisations: [m.creditorId],
          });
        }
      }
      const enforcing = active.filter((m) => m.kind !== 'PAYMENT_PLAN');
      const organisations = [...new Set(enforcing.map((m) => m.creditorId))].sort();
      if (organisations.length >= 3 && !enforcing.some((m) => m.kind === 'GARNISHMENT') && !check.flags.includes('MORATORIUM_ACTIVE')) {
        add(`coordinator:${organisations.join(',')}`, {
          rule: 'NO_COORDINATOR',
          on,
          description: `${organisations.length} organisations collect at once on ${on} without a coordinating garnishment`,
          revisions: uniqueSorted(enforcing.map((m) => measureRevision.get(m.measureId)!)),
          organisations,
        });
      }
    }
  }

  for (const m of facts.measures) {
    if (m.kind === 'WITHHOLDING_AT_SOURCE') continue;
    // Only a measure recorded after the moratorium that covers its start is the creditor's breach.
    const recordedAt = measureRevision.get(m.measureId)!;
    const moratorium = facts.moratoria.find(
      (x) => x.startsOn <= m.startsOn && m.startsOn <= x.endsOn && moratoriumRevision.get(x.moratoriumId)! < recordedAt,
    );
    if (moratorium) {
      add(`moratorium:${m.measureId}`, {
        rule: 'MEASURE_DURING_MORATORIUM',
        on: m.startsOn,
        description: `${m.kind} of ${m.creditorId} starts on ${m.startsOn}, inside the moratorium of ${moratorium.startsOn} to ${moratorium.endsOn}`,
        revisions: uniqueSorted([measureRevision.get(m.measureId)!, moratoriumRevision.get(moratorium.moratoriumId)!]),
        organisations: [m.creditorId],
      });
    }
  }

  const charged = new Map<string, Cents>();
  const claims = new Map<
    string,
    { claimId: string; principal: Cents; consumer: boolean; creditorId: string; revision: number; order: number; reminderReference: string | null }
  >();
  for (const { revision, event } of events) {
    if (event.type === 'ClaimRegistered') {
      const { claimId, principal, consumer, creditorId } = event.data;
      claims.set(claimId, { claimId, principal, consumer, creditorId, revision, order: claims.size, reminderReference: null });
    }
    if (event.type !== 'CollectionCostsCharged') continue;
    const claim = claims.get(event.data.claimId);
    if (!claim || !claim.consumer) continue;
    claim.reminderReference ??= event.data.reminderReference;
    const total = (charged.get(event.data.claimId) ?? 0) + event.data.amount;
    charged.set(event.data.claimId, total);
    // Claims of one creditor citing one reminder share the maximum on the sum of their principals.
    const reference = claim.reminderReference;
    const reminded = [...claims.values()].filter(
      (c) => c === claim || (reference !== null && c.consumer && c.creditorId === claim.creditorId && c.reminderReference === reference),
    );
    const maximum = sharedWikMaximum(claim.claimId, reminded, event.data.vatApplies);
    if (total > maximum) {
      add(`wik:${revision}`, {
        rule: 'COLLECTION_COSTS_ABOVE_WIK_MAXIMUM',
        on: event.meta.effectiveOn,
        description: `Collection costs of ${formatEuros(total)} on a principal of ${formatEuros(claim.principal)} exceed the WIK maximum of ${formatEuros(maximum)}`,
        revisions: [claim.revision, revision],
        organisations: [claim.creditorId],
      });
    }
    const receivedOn = event.data.reminderReceivedOn ?? presumedReceipt(event.data.reminderSentOn);
    const allowedFrom = firstDayCostsMayBeCharged(receivedOn);
    if (event.meta.effectiveOn < allowedFrom) {
      add(`reminder:${revision}`, {
        rule: 'COLLECTION_COSTS_BEFORE_REMINDER_PERIOD',
        on: event.meta.effectiveOn,
        description: `Collection costs charged on ${event.meta.effectiveOn}, before ${allowedFrom} (14 days after the reminder of ${event.data.reminderSentOn} was received on ${receivedOn})`,
        revisions: [claim.revision, revision],
        organisations: [claim.creditorId],
      });
    }
  }
  return found.sort((a, b) => (a.on === b.on ? a.rule.localeCompare(b.rule) : a.on < b.on ? -1 : 1));
}

/** Folds a household's stream and reports its violations up to `today`. */
export function violationsOfStream(events: readonly NumberedEvent[], parameters: ParameterTable, today: BusinessDate): Violation[] {
  let state = initialState();
  const measureRevision = new Map<string, number>();
  const moratoriumRevision = new Map<string, number>();
  for (const { revision, event } of events) {
    state = evolve(state, event);
    if (event.type === 'MeasureRegistered') measureRevision.set(event.data.measureId, revision);
    if (event.type === 'MoratoriumStarted') moratoriumRevision.set(event.data.moratoriumId, revision);
  }
  const history: History = { facts: collectionFacts(state), outstandingOf: outstandingOfClaims(state), measureRevision, moratoriumRevision };
  return findViolations(events, history, parameters, today);
}
