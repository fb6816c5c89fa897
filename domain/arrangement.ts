import { distributeLargestRemainder, type Cents } from './money.js';

/**
 * The offer of a debt arrangement (schuldregeling), policy §6: total = monthly capacity × term,
 * divided over the claims by key. DOUBLE_FOR_PREFERENTIAL (art. 349 Fw): preferential claims
 * get twice the concurrent percentage, capped at 100%; PRO_RATA: one percentage for all. The
 * amounts add up to min(total, all outstanding) by largest remainder.
 */
export const distributionKeys = ['DOUBLE_FOR_PREFERENTIAL', 'PRO_RATA'] as const;
export type DistributionKey = (typeof distributionKeys)[number];

export const DEFAULT_TERM_MONTHS = 18;

export interface OfferClaim {
  claimId: string;
  creditorId: string;
  outstanding: Cents;
  preferential: boolean;
  order: number;
}

export interface OfferLine {
  claimId: string;
  creditorId: string;
  outstanding: Cents;
  /** Percent of the outstanding balance, e.g. 22.5 (for display; amounts are exact cents). */
  percentage: number;
  amount: Cents;
}

/**
 * Each claim's weight per cent of concurrent percentage: a preferential claim counts double
 * until it reaches 100%. Solving for the concurrent percentage p with
 * Σ_concurrent o·p + Σ_preferential o·min(1, 2p) = total.
 */
function concurrentRate(total: Cents, claims: readonly OfferClaim[], key: DistributionKey): number {
  const concurrent = claims.filter((c) => key === 'PRO_RATA' || !c.preferential).reduce((s, c) => s + c.outstanding, 0);
  const preferential = claims.filter((c) => key !== 'PRO_RATA' && c.preferential).reduce((s, c) => s + c.outstanding, 0);
  if (concurrent + 2 * preferential === 0) return 1;
  const doubled = total / (concurrent + 2 * preferential);
  if (2 * doubled <= 1 || preferential === 0) return doubled;
  // Preferential claims are paid in full; the rest goes to concurrent claims.
  return concurrent === 0 ? 1 : (total - preferential) / concurrent;
}

export function offerFor(total: Cents, claims: readonly OfferClaim[], key: DistributionKey): OfferLine[] {
  const outstanding = claims.reduce((s, c) => s + c.outstanding, 0);
  if (total >= outstanding) {
    return claims.map((c) => ({ claimId: c.claimId, creditorId: c.creditorId, outstanding: c.outstanding, percentage: 100, amount: c.outstanding }));
  }
  const p = Math.min(1, concurrentRate(total, claims, key));
  const rateOf = (c: OfferClaim) => (key === 'DOUBLE_FOR_PREFERENTIAL' && c.preferential ? Math.min(1, 2 * p) : p);
  // Weights in integer micro-cents keep the largest-remainder split exact for the total.
  const weights = claims.map((c) => ({ id: c.claimId, weight: Math.round(c.outstanding * rateOf(c) * 1_000_000), order: c.order }));
  const amounts = distributeLargestRemainder(total, weights);
  return claims.map((c) => {
    const amount = Math.min(amounts.get(c.claimId) ?? 0, c.outstanding);
    return {
      claimId: c.claimId,
      creditorId: c.creditorId,
      outstanding: c.outstanding,
      percentage: c.outstanding === 0 ? 100 : Math.round((rateOf(c) * 100) * 1e6) / 1e6,
      amount,
    };
  });
}
