import type { ClaimFacts } from './claims.js';
import { addDays, addYearsAndMonths, daysBetween, type BusinessDate } from './dates.js';
import type { Cents } from './money.js';
import type { InterestRateRow, ParameterTable } from './parameters.js';

/**
 * Statutory interest (wettelijke rente, art. 6:119 BW) on a claim's principal, as of a date.
 *
 * - Interest runs from `interestFrom` (the start of default, verzuim) for every day up to and
 *   including the date asked, on the principal still outstanding that day.
 * - Day count: actual days / 365 (a leap year's 366 days give 366/365 of the yearly rate).
 * - A period is a run of days with one rate and one principal: it ends at a rate change, a
 *   payment, the end of an interest year, the start or end of a pause, and the date asked. Each
 *   period's interest is `principal × rate × days / 365`, rounded half up to whole cents.
 * - At the end of each year counted from `interestFrom` the unpaid interest is added to the
 *   principal (art. 6:119 lid 2) and bears interest from then on.
 * - A payment goes to costs, then interest, then principal (art. 6:44 BW); a payment on day P
 *   settles the interest of the days before P, and from P interest runs on what remains.
 * - No interest runs while the claim is paused (under an accepted debt arrangement).
 */

export interface DatedAmount {
  on: BusinessDate;
  amount: Cents;
}

/** Days without interest: from `from` up to (not including) `until`; open-ended when `until` is null. */
export interface InterestPause {
  from: BusinessDate;
  until: BusinessDate | null;
}

export interface InterestFacts {
  principal: Cents;
  interestFrom: BusinessDate | null;
  costCharges: readonly DatedAmount[];
  payments: readonly DatedAmount[];
  pauses: readonly InterestPause[];
}

export const interestFlags = ['INTEREST_RATE_UNCONFIRMED', 'INTEREST_RATE_UNAVAILABLE'] as const;
export type InterestFlag = (typeof interestFlags)[number];

export interface InterestResult {
  /** All interest accrued up to and including the date, the part added to the principal included. */
  interest: Cents;
  /** INTEREST_RATE_UNCONFIRMED: a period used a row with `confirmed: false`; INTEREST_RATE_UNAVAILABLE: no row covered some days (no interest counted for them). */
  flags: InterestFlag[];
}

/** `principal × basisPoints × days / (365 × 10 000)`, half up to whole cents. */
function periodInterest(principal: Cents, basisPoints: number, days: number): Cents {
  const numerator = BigInt(principal) * BigInt(basisPoints) * BigInt(days);
  const denominator = 365n * 10_000n;
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

function rowOn(rates: readonly InterestRateRow[], date: BusinessDate): InterestRateRow | undefined {
  let found: InterestRateRow | undefined;
  for (const row of rates) if (row.validFrom <= date) found = row;
  return found;
}

function paused(pauses: readonly InterestPause[], date: BusinessDate): boolean {
  return pauses.some((p) => p.from <= date && (p.until === null || date < p.until));
}

export function statutoryInterest(facts: InterestFacts, rates: readonly InterestRateRow[], on: BusinessDate): InterestResult {
  const start = facts.interestFrom;
  if (start === null || on < start) return { interest: 0, flags: [] };
  const end = addDays(on, 1);
  const flags = new Set<InterestFlag>();
  const payments = facts.payments.filter((p) => p.on < end).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  let principal = facts.principal;
  let interestDue = 0;
  let total = 0;
  let costsPaid = 0;
  let next = 0;

  const pay = (date: BusinessDate): void => {
    while (next < payments.length && payments[next]!.on <= date) {
      let amount = payments[next]!.amount;
      next += 1;
      const costsCharged = facts.costCharges.filter((c) => c.on <= date).reduce((sum, c) => sum + c.amount, 0);
      const toCosts = Math.min(amount, Math.max(0, costsCharged - costsPaid));
      costsPaid += toCosts;
      amount -= toCosts;
      const toInterest = Math.min(amount, interestDue);
      interestDue -= toInterest;
      amount -= toInterest;
      principal -= Math.min(amount, principal);
    }
  };

  const breaks = new Set<BusinessDate>([end]);
  for (const row of rates) if (row.validFrom > start && row.validFrom < end) breaks.add(row.validFrom);
  for (const p of payments) if (p.on > start) breaks.add(p.on);
  for (const p of facts.pauses) for (const d of [p.from, p.until]) if (d !== null && d > start && d < end) breaks.add(d);
  const anniversaries = new Set<BusinessDate>();
  for (let year = 1; ; year++) {
    const anniversary = addYearsAndMonths(start, year, 0);
    if (anniversary >= end) break;
    anniversaries.add(anniversary);
    breaks.add(anniversary);
  }

  pay(start);
  let cursor = start;
  for (const until of [...breaks].sort()) {
    const days = daysBetween(cursor, until);
    if (!paused(facts.pauses, cursor) && principal > 0 && days > 0) {
      const row = rowOn(rates, cursor);
      if (row === undefined) flags.add('INTEREST_RATE_UNAVAILABLE');
      else {
        if (!row.confirmed) flags.add('INTEREST_RATE_UNCONFIRMED');
        const amount = periodInterest(principal, Math.round(row.rate * 100), days);
        interestDue += amount;
        total += amount;
      }
    }
    cursor = until;
    if (anniversaries.has(until)) {
      principal += interestDue;
      interestDue = 0;
    }
    if (until < end) pay(until);
  }
  return { interest: total, flags: interestFlags.filter((f) => flags.has(f)) };
}

/** A claim with its statutory interest up to and including `on` (its `interest` field set). */
export function claimWithInterest(claim: ClaimFacts, rates: readonly InterestRateRow[], on: BusinessDate): { claim: ClaimFacts; flags: InterestFlag[] } {
  const { interest, flags } = statutoryInterest(
    { principal: claim.principal, interestFrom: claim.interestFrom, costCharges: claim.costCharges, payments: claim.payments, pauses: claim.interestPauses },
    rates,
    on,
  );
  return { claim: { ...claim, interest }, flags };
}

/**
 * What a payment on `paidOn` may settle: the balance with the interest of the days before it
 * (a payment on day P settles the interest up to P − 1).
 */
export function outstandingBefore(claim: ClaimFacts, parameters: ParameterTable, paidOn: BusinessDate): ClaimFacts {
  return claimWithInterest(claim, parameters.statutoryInterestRates ?? [], addDays(paidOn, -1)).claim;
}
