import { allocate, isActiveOn, type Allocation, type MeasureFacts } from './allocation.js';
import { addDays, addMonths, addYearsAndMonths, isBusinessDate, type BusinessDate } from './dates.js';
import type { Cents } from './money.js';
import { parametersKnownUntil, type ParameterTable } from './parameters.js';
import { officialRecordOn, protectedIncomeOn, type IncomeFacts, type ProtectedIncome } from './protectedIncome.js';

/**
 * The capacity check agencies query before they collect (policy §3-4): protected income,
 * attachable room, and how the room is divided over the measures on a date.
 */
export const capacityFlags = [
  'PROTECTED_INCOME_ESTIMATED',
  'PROTECTED_INCOME_STALE',
  'PROTECTED_INCOME_UNDERCUT',
  'OVERCOMMITTED',
  'MORATORIUM_ACTIVE',
  'PARAMETERS_OUTDATED',
  // The official protected income in force is disputed by the household's counsellor (policy §10).
  'PROTECTED_INCOME_DISPUTED',
] as const;
export type CapacityFlag = (typeof capacityFlags)[number];

export interface MoratoriumFacts {
  moratoriumId: string;
  startsOn: BusinessDate;
  /** Last day of the moratorium. */
  endsOn: BusinessDate;
  reason: string;
}

export interface CollectionFacts extends IncomeFacts {
  measures: readonly MeasureFacts[];
  moratoria: readonly MoratoriumFacts[];
}

export interface CapacityCheck extends Omit<ProtectedIncome, 'flags'> {
  committed: Cents;
  remaining: Cents;
  withheldAtSource: Cents;
  allocations: Allocation[];
  /** Set-offs and plans that exceed the room (named by OVERCOMMITTED). */
  overcommitted: string[];
  flags: CapacityFlag[];
}

/**
 * The last day a moratorium of at most six months (art. 5 Wgs) may run: the day before the same
 * day six months later, or, when that month has no such day, its last day (31 March → 30
 * September, 31 August → 28 February).
 */
export function latestMoratoriumEnd(startsOn: BusinessDate): BusinessDate {
  const sixMonthsLater = addMonths(startsOn, 6);
  // addMonths clamps to the month's last day; a changed day means the same day does not exist.
  return sixMonthsLater.slice(8) === startsOn.slice(8) ? addDays(sixMonthsLater, -1) : sixMonthsLater;
}

export function moratoriumOn(facts: Pick<CollectionFacts, 'moratoria'>, date: BusinessDate): MoratoriumFacts | undefined {
  return facts.moratoria.find((m) => m.startsOn <= date && date <= m.endsOn);
}

export function capacityOn(
  facts: CollectionFacts,
  outstandingOf: (claimIds: readonly string[]) => Cents,
  parameters: ParameterTable,
  date: BusinessDate,
): CapacityCheck {
  const protectedIncome = protectedIncomeOn(facts, parameters, date);
  const moratorium = moratoriumOn(facts, date) !== undefined;
  const active = facts.measures.filter((m) => isActiveOn(m, date));
  const result = allocate(protectedIncome.attachable, active, outstandingOf, moratorium);
  const flags = new Set<CapacityFlag>(protectedIncome.flags);
  if (result.overcommitted.length > 0) flags.add('OVERCOMMITTED');
  if (moratorium) flags.add('MORATORIUM_ACTIVE');
  const dispute = protectedIncome.basis === 'OFFICIAL' ? officialRecordOn(facts, date)?.dispute : undefined;
  if (dispute && dispute.resolvedOn === null) flags.add('PROTECTED_INCOME_DISPUTED');
  // What the household keeps after withholding and every allocation, against the protected income.
  if (protectedIncome.netIncome - result.withheldAtSource - result.committed < protectedIncome.protectedIncome) {
    flags.add('PROTECTED_INCOME_UNDERCUT');
  }
  return {
    ...protectedIncome,
    committed: result.committed,
    remaining: protectedIncome.attachable - result.committed,
    withheldAtSource: result.withheldAtSource,
    allocations: result.allocations,
    overcommitted: result.overcommitted,
    flags: capacityFlags.filter((f) => flags.has(f)),
  };
}

/**
 * The dates from `from` on where the capacity can change: a fixed amount that fits on each of
 * them fits on every date in between (room and fixed commitments are constant there).
 */
export function changeDates(facts: CollectionFacts, parameters: ParameterTable, from: BusinessDate, until: BusinessDate | null): BusinessDate[] {
  const dates = new Set<BusinessDate>([from]);
  const add = (d: BusinessDate) => {
    if (d > from && (until === null || d <= until)) dates.add(d);
  };
  for (const i of facts.incomes) add(i.effectiveOn);
  for (const p of facts.protectedIncomes) add(p.validFrom);
  for (const c of facts.compositionPeriods ?? []) add(c.effectiveOn);
  for (const m of facts.measures) {
    add(m.startsOn);
    if (m.endsOn !== null) add(addDays(m.endsOn, 1));
  }
  for (const m of facts.moratoria) {
    add(m.startsOn);
    add(addDays(m.endsOn, 1));
  }
  // Coming of age and reaching state pension age change which norm applies; beyond the
  // table's known dates the norms are not known, so the check does not speculate there.
  const horizon = parametersKnownUntil(parameters);
  const addKnown = (d: BusinessDate) => {
    if (d <= horizon) add(d);
  };
  for (const row of parameters.socialAssistanceNorms) {
    add(row.validFrom);
    for (const member of facts.members) {
      if (!isBusinessDate(member.birthDate)) continue;
      addKnown(addYearsAndMonths(member.birthDate, 18, 0));
      addKnown(addYearsAndMonths(member.birthDate, row.statePensionAge.years, row.statePensionAge.months));
    }
  }
  return [...dates].sort();
}
