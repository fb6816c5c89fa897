import { capacityOn, type CapacityCheck } from '../../domain/capacity.js';
import type { BusinessDate } from '../../domain/dates.js';
import type { InterestRateRow, ParameterTable } from '../../domain/parameters.js';
import { claimOn, type ClaimView, type HouseholdOverview } from '../../projections/householdOverview.js';

/**
 * What the API computes from one household overview for a date (each claim's interest, the
 * capacity check), computed once per document and date. The documents the API reads are the
 * vault's shared, frozen ones while the household does not change (infra/crypto/vault.ts), so a
 * household read again and again (the totals and the claims of one query, every request for a
 * busy household) reuses them. Kept beside the document (weakly): gone when it is, so nothing
 * personal outlives the vault's cache of opened documents.
 */

/** Dates kept per document: the day of the request, and a few asked for explicitly. */
const DATES_PER_DOCUMENT = 4;

interface Memo<P, T> {
  /** By date, oldest first; each with the parameters it was computed with. */
  byDate: Map<BusinessDate, { parameters: P; value: T }>;
}

function memoised<P extends object, T>(compute: (doc: HouseholdOverview, parameters: P, on: BusinessDate) => T) {
  const memos = new WeakMap<HouseholdOverview, Memo<P, T>>();
  return (doc: HouseholdOverview, parameters: P, on: BusinessDate): T => {
    let memo = memos.get(doc);
    if (!memo) {
      memo = { byDate: new Map() };
      memos.set(doc, memo);
    }
    const known = memo.byDate.get(on);
    if (known && known.parameters === parameters) return known.value;
    const value = compute(doc, parameters, on);
    memo.byDate.delete(on);
    memo.byDate.set(on, { parameters, value });
    if (memo.byDate.size > DATES_PER_DOCUMENT) memo.byDate.delete(memo.byDate.keys().next().value!);
    return value;
  };
}

/** Every claim of the household with its interest up to and including `on`, in document order. */
export const claimsOn: (doc: HouseholdOverview, rates: readonly InterestRateRow[], on: BusinessDate) => readonly ClaimView[] = memoised(
  (doc: HouseholdOverview, rates: readonly InterestRateRow[], on: BusinessDate) => Object.freeze(doc.claims.map((c) => Object.freeze(claimOn(c, rates, on)))),
);

/** The household's capacity on `on`, as every viewer's view of it starts (api/schema/capacity.ts). */
export const capacityFactsOn: (doc: HouseholdOverview, parameters: ParameterTable, on: BusinessDate) => CapacityCheck = memoised(
  (doc: HouseholdOverview, parameters: ParameterTable, on: BusinessDate) => {
    // By id: a household may hold hundreds of claims and every measure asks.
    const outstanding = new Map(doc.claims.map((c) => [c.claimId, c.outstanding]));
    const outstandingOf = (ids: readonly string[]) => [...new Set(ids)].reduce((sum, id) => sum + (outstanding.get(id) ?? 0), 0);
    return Object.freeze(capacityOn(doc, outstandingOf, parameters, on));
  },
);

/** No rates configured: one empty list, so the memo above sees the same parameters each time. */
export const NO_RATES: readonly InterestRateRow[] = Object.freeze([]);
