import { describe, expect, it } from 'vitest';
import { DEFAULT_TERM_MONTHS, distributionKeys, offerFor, type OfferClaim } from '../../domain/arrangement.js';
import { seeded } from './support.js';

/** The offer of a debt arrangement (policy §6), by the pure `offerFor`. */

/** The policy's example: concurrent €6,000 and €3,000, preferential €1,500. */
const example: OfferClaim[] = [
  { claimId: 'cjib', creditorId: 'CJIB', outstanding: 600_000, preferential: false, order: 0 },
  { claimId: 'eneco', creditorId: 'ENECO', outstanding: 300_000, preferential: false, order: 1 },
  { claimId: 'belasting', creditorId: 'BELASTINGDIENST', outstanding: 150_000, preferential: true, order: 2 },
];

const amounts = (lines: Array<{ claimId: string; amount: number }>) => Object.fromEntries(lines.map((l) => [l.claimId, l.amount]));
const percentages = (lines: Array<{ claimId: string; percentage: number }>) => Object.fromEntries(lines.map((l) => [l.claimId, l.percentage]));

describe('offerFor: the policy example', () => {
  it('total = €150 × 18 months = €2,700', () => {
    expect(DEFAULT_TERM_MONTHS).toBe(18);
    expect(15_000 * DEFAULT_TERM_MONTHS).toBe(270_000);
  });

  it('DOUBLE_FOR_PREFERENTIAL: 22.5% / 22.5% / 45% → €1,350, €675 and €675', () => {
    expect(offerFor(270_000, example, 'DOUBLE_FOR_PREFERENTIAL')).toEqual([
      { claimId: 'cjib', creditorId: 'CJIB', outstanding: 600_000, percentage: 22.5, amount: 135_000 },
      { claimId: 'eneco', creditorId: 'ENECO', outstanding: 300_000, percentage: 22.5, amount: 67_500 },
      { claimId: 'belasting', creditorId: 'BELASTINGDIENST', outstanding: 150_000, percentage: 45, amount: 67_500 },
    ]);
  });

  it('PRO_RATA: one percentage (2700/10500 = 25.714286%) for all, cents by largest remainder', () => {
    const lines = offerFor(270_000, example, 'PRO_RATA');
    expect(percentages(lines)).toEqual({ cjib: 25.714286, eneco: 25.714286, belasting: 25.714286 });
    // Exact 154285.71, 77142.86, 38571.43: the two largest remainders get a cent.
    expect(amounts(lines)).toEqual({ cjib: 154_286, eneco: 77_143, belasting: 38_571 });
  });
});

describe('offerFor: preferential claims capped at 100%', () => {
  it('at exactly double: 50% / 50% / 100%', () => {
    const lines = offerFor(600_000, example, 'DOUBLE_FOR_PREFERENTIAL');
    expect(percentages(lines)).toEqual({ cjib: 50, eneco: 50, belasting: 100 });
    expect(amounts(lines)).toEqual({ cjib: 300_000, eneco: 150_000, belasting: 150_000 });
  });

  it('beyond it the preferential claim stays at 100% and the rest goes to the concurrent claims', () => {
    const lines = offerFor(630_000, example, 'DOUBLE_FOR_PREFERENTIAL');
    expect(percentages(lines)).toEqual({ cjib: 53.333333, eneco: 53.333333, belasting: 100 });
    expect(amounts(lines)).toEqual({ cjib: 320_000, eneco: 160_000, belasting: 150_000 });
  });

  it('only preferential claims: one percentage for them', () => {
    const claims: OfferClaim[] = [
      { claimId: 'a', creditorId: 'BD', outstanding: 150_000, preferential: true, order: 0 },
      { claimId: 'b', creditorId: 'CJIB', outstanding: 50_000, preferential: true, order: 1 },
    ];
    const lines = offerFor(100_000, claims, 'DOUBLE_FOR_PREFERENTIAL');
    expect(percentages(lines)).toEqual({ a: 50, b: 50 });
    expect(amounts(lines)).toEqual({ a: 75_000, b: 25_000 });
  });

  it('only concurrent claims: DOUBLE_FOR_PREFERENTIAL is the same as PRO_RATA', () => {
    const claims = example.filter((c) => !c.preferential);
    expect(offerFor(90_001, claims, 'DOUBLE_FOR_PREFERENTIAL')).toEqual(offerFor(90_001, claims, 'PRO_RATA'));
    expect(amounts(offerFor(90_001, claims, 'PRO_RATA'))).toEqual({ cjib: 60_001, eneco: 30_000 });
  });
});

describe('offerFor: when the total covers everything', () => {
  it.each(distributionKeys)('%s: exactly all outstanding → 100% each', (key) => {
    const lines = offerFor(1_050_000, example, key);
    expect(percentages(lines)).toEqual({ cjib: 100, eneco: 100, belasting: 100 });
    expect(amounts(lines)).toEqual({ cjib: 600_000, eneco: 300_000, belasting: 150_000 });
  });

  it.each(distributionKeys)('%s: more than all outstanding → still 100%, never more than a claim owes', (key) => {
    const lines = offerFor(5_000_000, example, key);
    expect(amounts(lines)).toEqual({ cjib: 600_000, eneco: 300_000, belasting: 150_000 });
  });
});

describe('offerFor: cents by largest remainder', () => {
  it('a total of 100 cents', () => {
    expect(amounts(offerFor(100, example, 'DOUBLE_FOR_PREFERENTIAL'))).toEqual({ cjib: 50, eneco: 25, belasting: 25 });
    // 57.14, 28.57, 14.29: the largest remainder (.57) gets the last cent.
    expect(amounts(offerFor(100, example, 'PRO_RATA'))).toEqual({ cjib: 57, eneco: 29, belasting: 14 });
  });

  it('a tie goes to the earliest registered claim', () => {
    const claims: OfferClaim[] = [
      { claimId: 'x', creditorId: 'A', outstanding: 1_000, preferential: false, order: 2 },
      { claimId: 'y', creditorId: 'B', outstanding: 1_000, preferential: false, order: 0 },
      { claimId: 'z', creditorId: 'C', outstanding: 1_000, preferential: false, order: 1 },
    ];
    expect(amounts(offerFor(100, claims, 'PRO_RATA'))).toEqual({ x: 33, y: 34, z: 33 });
    expect(amounts(offerFor(101, claims, 'PRO_RATA'))).toEqual({ x: 33, y: 34, z: 34 });
  });

  it('a total of 0 offers nothing', () => {
    const lines = offerFor(0, example, 'DOUBLE_FOR_PREFERENTIAL');
    expect(amounts(lines)).toEqual({ cjib: 0, eneco: 0, belasting: 0 });
    expect(percentages(lines)).toEqual({ cjib: 0, eneco: 0, belasting: 0 });
  });
});

describe('offerFor: properties over seeded random inputs', () => {
  it('amounts add up to min(total, all outstanding), stay within each claim, and follow the key', () => {
    const random = seeded(18);
    for (let scenario = 0; scenario < 2_000; scenario++) {
      const claims: OfferClaim[] = Array.from({ length: random.int(1, 7) }, (_, order) => ({
        claimId: `c${order}`,
        creditorId: `CRED-${random.int(0, 3)}`,
        outstanding: random.int(1, random.bool(0.2) ? 100 : 2_000_000),
        preferential: random.bool(0.35),
        order,
      }));
      const all = claims.reduce((s, c) => s + c.outstanding, 0);
      const total = random.bool(0.1) ? all + random.int(0, 10_000) : random.int(0, all);
      for (const key of distributionKeys) {
        const context = `scenario ${scenario} ${key} total ${total} ${JSON.stringify(claims)}`;
        const lines = offerFor(total, claims, key);
        expect(lines.map((l) => l.claimId), context).toEqual(claims.map((c) => c.claimId));
        expect(lines.reduce((s, l) => s + l.amount, 0), context).toBe(Math.min(total, all));
        for (const l of lines) {
          expect(Number.isSafeInteger(l.amount), context).toBe(true);
          expect(l.amount, context).toBeGreaterThanOrEqual(0);
          expect(l.amount, context).toBeLessThanOrEqual(l.outstanding);
          // Each amount is its percentage of the outstanding balance, to the cent.
          expect(Math.abs(l.amount - (l.outstanding * l.percentage) / 100), context).toBeLessThanOrEqual(1.01);
        }
        if (total >= all) {
          expect(lines.every((l) => l.percentage === 100 && l.amount === l.outstanding), context).toBe(true);
          continue;
        }
        const concurrentPct = new Set(lines.filter((_, i) => key === 'PRO_RATA' || !claims[i]!.preferential).map((l) => l.percentage));
        const preferentialPct = new Set(lines.filter((_, i) => key !== 'PRO_RATA' && claims[i]!.preferential).map((l) => l.percentage));
        expect(concurrentPct.size, context).toBeLessThanOrEqual(1);
        expect(preferentialPct.size, context).toBeLessThanOrEqual(1);
        if (concurrentPct.size === 1 && preferentialPct.size === 1) {
          const [p] = [...concurrentPct];
          const [q] = [...preferentialPct];
          expect(q, context).toBeCloseTo(Math.min(100, 2 * p!), 5);
        }
      }
    }
  });
});
