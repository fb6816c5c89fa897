import { addYearsAndMonths, isBusinessDate, type BusinessDate } from './dates.js';
import { LedgerError } from './errors.js';
import { applyRate, type Cents } from './money.js';
import { normRowOn, type NormColumn, type ParameterTable } from './parameters.js';

/**
 * Protected income (beslagvrije voet, BVV) and attachable room (beslagruimte), policy §3.
 * Pure functions over the household's facts and the dated parameter table.
 */

export const compositions = ['SINGLE', 'SINGLE_PARENT', 'COUPLE', 'COUPLE_WITH_CHILDREN'] as const;
export type Composition = (typeof compositions)[number];

export const incomeKinds = ['WAGES', 'BENEFIT_PARTICIPATIEWET', 'BENEFIT_OTHER', 'PENSION', 'ALIMONY', 'OTHER'] as const;
export type IncomeKind = (typeof incomeKinds)[number];

export const protectedIncomeSources = ['INLICHTINGENBUREAU', 'BAILIFF', 'COURT', 'OTHER_OFFICIAL'] as const;
export type ProtectedIncomeSource = (typeof protectedIncomeSources)[number];

export type ProtectedIncomeBasis = 'OFFICIAL' | 'ESTIMATE';

/** The flags the protected income itself raises (the capacity check adds more: domain/capacity.ts). */
export const protectedIncomeFlags = ['PROTECTED_INCOME_ESTIMATED', 'PROTECTED_INCOME_STALE', 'PARAMETERS_OUTDATED'] as const;
export type ProtectedIncomeFlag = (typeof protectedIncomeFlags)[number];

/** A member's place in the household: only the debtor's and the partner's income counts (policy §10). */
export const memberRoles = ['DEBTOR', 'PARTNER', 'CHILD', 'OTHER'] as const;
export type MemberRole = (typeof memberRoles)[number];

export function isCouple(composition: Composition): boolean {
  return composition === 'COUPLE' || composition === 'COUPLE_WITH_CHILDREN';
}

/** Roles when none are given (and of events written before roles): debtor, partner of a couple, children. */
export function defaultRole(composition: Composition, index: number): MemberRole {
  if (index === 0) return 'DEBTOR';
  return index === 1 && isCouple(composition) ? 'PARTNER' : 'CHILD';
}

export interface MemberFacts {
  memberId: string;
  birthDate: BusinessDate;
  role: MemberRole;
}

/** Who lives in the household from a date on (registration, then each composition change). */
export interface CompositionPeriod {
  effectiveOn: BusinessDate;
  composition: Composition;
  members: ReadonlyArray<{ memberId: string; role: MemberRole }>;
  /** Stream order, to break ties between changes with the same effective date. */
  seq: number;
}

/**
 * One income source of one member (member + kind + payer). A later declaration for the same
 * source replaces the earlier one from its effective date; 0 ends the source.
 */
export interface IncomeDeclaration {
  memberId: string;
  kind: IncomeKind;
  payer: string;
  netMonthly: Cents;
  effectiveOn: BusinessDate;
  /** Stream order, to break ties between declarations with the same effective date. */
  seq: number;
}

export interface ProtectedIncomeRecord {
  amount: Cents;
  source: ProtectedIncomeSource;
  reference: string;
  validFrom: BusinessDate;
  seq: number;
  /** Who recorded it (absent in documents written before 4 December 2026). */
  recordedBy?: { org: string; role: string };
  /** A counsellor's dispute of it, open until resolved (policy §10). */
  dispute?: ProtectedIncomeDispute | null;
}

export interface ProtectedIncomeDispute {
  reason: string;
  disputedBy: string;
  disputedOn: BusinessDate;
  resolution: string | null;
  resolvedOn: BusinessDate | null;
}

export interface IncomeFacts {
  composition: Composition;
  /** Every member the household has had; who counts on a date follows `compositionPeriods`. */
  members: readonly MemberFacts[];
  /** Dated compositions; without them `composition` and `members` hold on every date. */
  compositionPeriods?: readonly CompositionPeriod[];
  incomes: readonly IncomeDeclaration[];
  protectedIncomes: readonly ProtectedIncomeRecord[];
}

function sourceKey(d: IncomeDeclaration): string {
  return `${d.memberId}\u0000${d.kind}\u0000${d.payer}`;
}

/** Declarations in force on a date: per income source, the newest effective on or before it. */
export function incomesInForce(facts: IncomeFacts, date: BusinessDate): IncomeDeclaration[] {
  const current = new Map<string, IncomeDeclaration>();
  for (const d of facts.incomes) {
    if (d.effectiveOn > date) continue;
    const key = sourceKey(d);
    const seen = current.get(key);
    if (!seen || d.effectiveOn > seen.effectiveOn || (d.effectiveOn === seen.effectiveOn && d.seq > seen.seq)) {
      current.set(key, d);
    }
  }
  return [...current.values()].filter((d) => d.netMonthly > 0);
}

/** The composition and members valid on a date: the latest period that started on or before it. */
export function householdOn(facts: IncomeFacts, date: BusinessDate): { composition: Composition; members: MemberFacts[] } {
  let period: CompositionPeriod | undefined;
  for (const p of facts.compositionPeriods ?? []) {
    if (p.effectiveOn > date) continue;
    if (!period || p.effectiveOn > period.effectiveOn || (p.effectiveOn === period.effectiveOn && p.seq > period.seq)) period = p;
  }
  if (!period) return { composition: facts.composition, members: [...facts.members] };
  const byId = new Map(facts.members.map((m) => [m.memberId, m]));
  const members = period.members.flatMap((pm) => {
    const member = byId.get(pm.memberId);
    return member ? [{ ...member, role: pm.role }] : [];
  });
  return { composition: period.composition, members };
}

/** The members whose income counts and whose age decides the norm: the debtor and the partner. */
function earners(members: readonly MemberFacts[]): MemberFacts[] {
  return members.filter((m) => m.role === 'DEBTOR' || m.role === 'PARTNER');
}

/** Household net income on a date: the debtor's and partner's declared monthly net incomes in force. */
export function netIncomeOn(facts: IncomeFacts, date: BusinessDate): Cents {
  const counted = new Set(earners(householdOn(facts, date).members).map((m) => m.memberId));
  return incomesInForce(facts, date)
    .filter((d) => counted.has(d.memberId))
    .reduce((sum, d) => sum + d.netMonthly, 0);
}

function ageReached(birthDate: BusinessDate, years: number, months: number, date: BusinessDate): boolean {
  return addYearsAndMonths(birthDate, years, months) <= date;
}

/** Which norm column applies (policy §2, §10): pension-age columns when the debtor and partner have reached it. */
export function normColumn(facts: IncomeFacts, table: ParameterTable, date: BusinessDate): NormColumn {
  const { row } = normRowOn(table, date);
  const household = householdOn(facts, date);
  // A birth date that can no longer be read (erased) counts as below pension age.
  const known = (m: MemberFacts) => isBusinessDate(m.birthDate);
  const adults = earners(household.members);
  const pension =
    adults.length > 0 &&
    adults.every((m) => known(m) && ageReached(m.birthDate, row.statePensionAge.years, row.statePensionAge.months, date));
  const single = !isCouple(household.composition);
  if (single) return pension ? 'singlePensionAge' : 'single';
  return pension ? 'couplePensionAge' : 'couple';
}

export interface LegalBounds {
  netIncome: Cents;
  norm: Cents;
  /** min(95% of the norm, 95% of net income). */
  floor: Cents;
  /** 95% of net income. */
  cap: Cents;
  parametersOutdated: boolean;
}

export function legalBounds(facts: IncomeFacts, table: ParameterTable, date: BusinessDate): LegalBounds {
  const lookup = normRowOn(table, date);
  const norm = lookup.row[normColumn(facts, table, date)];
  const netIncome = netIncomeOn(facts, date);
  const cap = applyRate(netIncome, 95n, 100n);
  const floor = Math.min(applyRate(norm, 95n, 100n), cap);
  return { netIncome, norm, floor, cap, parametersOutdated: lookup.outdated };
}

/** The newest official record valid on a date (newest validFrom, then the latest recorded). */
export function officialRecordOn(facts: IncomeFacts, date: BusinessDate): ProtectedIncomeRecord | undefined {
  let best: ProtectedIncomeRecord | undefined;
  for (const r of facts.protectedIncomes) {
    if (r.validFrom > date) continue;
    if (!best || r.validFrom > best.validFrom || (r.validFrom === best.validFrom && r.seq > best.seq)) best = r;
  }
  return best;
}

/** The highest amount an official record may have: the cap, or for a court (hardship clause) net income. */
export function officialMaximum(source: ProtectedIncomeSource, bounds: LegalBounds): Cents {
  return source === 'COURT' ? bounds.netIncome : bounds.cap;
}

/** Rejects an official amount outside [floor, cap] (a COURT record: up to net income). */
export function checkOfficialAmount(facts: IncomeFacts, table: ParameterTable, amount: Cents, source: ProtectedIncomeSource, validFrom: BusinessDate): void {
  const bounds = legalBounds(facts, table, validFrom);
  if (amount < bounds.floor) {
    throw new LedgerError(
      'PROTECTED_INCOME_BELOW_LEGAL_FLOOR',
      `Protected income ${amount} is below the legal floor ${bounds.floor} on ${validFrom}`,
      { floor: bounds.floor, netIncome: bounds.netIncome },
    );
  }
  const maximum = officialMaximum(source, bounds);
  if (amount > maximum) {
    throw new LedgerError(
      'PROTECTED_INCOME_ABOVE_LEGAL_CAP',
      source === 'COURT'
        ? `Protected income ${amount} exceeds net income ${maximum} on ${validFrom}`
        : `Protected income ${amount} is above the legal cap ${maximum} (95% of net income) on ${validFrom}`,
      { cap: maximum, netIncome: bounds.netIncome },
    );
  }
}

export interface ProtectedIncome {
  on: BusinessDate;
  netIncome: Cents;
  protectedIncome: Cents;
  basis: ProtectedIncomeBasis;
  /** max(0, net income − protected income). */
  attachable: Cents;
  floor: Cents;
  cap: Cents;
  flags: ProtectedIncomeFlag[];
  official?: ProtectedIncomeRecord;
}

/**
 * An official record is stale on a date (policy §10) when the official calculation could not
 * have known a fact that applies on that date: income (of the debtor or partner) in force on it that changed after the
 * record's date, or that was recorded after the record whatever its effective date (a
 * backdated correction), or a newer row of norms that started after the record's date.
 */
function isStale(facts: IncomeFacts, table: ParameterTable, official: ProtectedIncomeRecord, date: BusinessDate): boolean {
  const counted = new Set(earners(householdOn(facts, date).members).map((m) => m.memberId));
  const unknownIncome = facts.incomes.some(
    (d) => counted.has(d.memberId) && d.effectiveOn <= date && (d.effectiveOn > official.validFrom || d.seq > official.seq),
  );
  if (unknownIncome) return true;
  return normRowOn(table, date).row.validFrom > official.validFrom;
}

/**
 * Effective protected income on a date (policy §3): the newest official record, clamped into
 * the bounds of the current income and flagged stale when it is (isStale);
 * without one, the legal floor as an estimate.
 */
export function protectedIncomeOn(facts: IncomeFacts, table: ParameterTable, date: BusinessDate): ProtectedIncome {
  const bounds = legalBounds(facts, table, date);
  const flags = new Set<ProtectedIncomeFlag>();
  if (bounds.parametersOutdated) flags.add('PARAMETERS_OUTDATED');
  const official = officialRecordOn(facts, date);
  let amount: Cents;
  let basis: ProtectedIncomeBasis;
  if (official) {
    basis = 'OFFICIAL';
    amount = official.amount;
    if (isStale(facts, table, official, date)) {
      flags.add('PROTECTED_INCOME_STALE');
      amount = Math.min(Math.max(amount, bounds.floor), officialMaximum(official.source, bounds));
    }
  } else {
    basis = 'ESTIMATE';
    amount = bounds.floor;
    flags.add('PROTECTED_INCOME_ESTIMATED');
  }
  const ordered = protectedIncomeFlags.filter((f) => flags.has(f));
  return {
    on: date,
    netIncome: bounds.netIncome,
    protectedIncome: amount,
    basis,
    attachable: Math.max(0, bounds.netIncome - amount),
    floor: bounds.floor,
    cap: bounds.cap,
    flags: ordered,
    ...(official ? { official } : {}),
  };
}
