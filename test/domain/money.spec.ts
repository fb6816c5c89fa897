import { describe, expect, it } from 'vitest';
import { applyRate, distributeLargestRemainder, isCents, percentOf, type DistributionPart } from '../../domain/money.js';

/** Policy §1: integer cents, percentages half up, distributions by largest remainder. */

describe('isCents', () => {
  it('accepts safe integers only', () => {
    expect(isCents(0)).toBe(true);
    expect(isCents(123_45)).toBe(true);
    expect(isCents(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(isCents(12.5)).toBe(false);
    expect(isCents(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(isCents(Number.NaN)).toBe(false);
    expect(isCents('100')).toBe(false);
  });
});

describe('applyRate / percentOf: half up to whole cents', () => {
  it('95% of €1,200.00 is €1,140.00', () => {
    expect(applyRate(120_000, 95n, 100n)).toBe(114_000);
    expect(percentOf(120_000, 9_500)).toBe(114_000);
  });

  it('95% of 1 cent is 1 cent (0.95 rounds up)', () => {
    expect(applyRate(1, 95n, 100n)).toBe(1);
    expect(percentOf(1, 9_500)).toBe(1);
  });

  it('95% of the 2025 single norm €1,345.45 is €1,278.18 (1,278.1775 rounds up)', () => {
    expect(applyRate(134_545, 95n, 100n)).toBe(127_818);
  });

  it('95% of 127801 is 121411 (121,410.95 rounds up)', () => {
    expect(applyRate(127_801, 95n, 100n)).toBe(121_411);
  });

  it('rounds exactly half up, never to even', () => {
    expect(applyRate(1, 1n, 2n)).toBe(1); // 0.5
    expect(applyRate(5, 1n, 10n)).toBe(1); // 0.5
    expect(applyRate(15, 1n, 10n)).toBe(2); // 1.5
    expect(applyRate(25, 1n, 10n)).toBe(3); // 2.5 (banker's rounding would give 2)
    expect(applyRate(10, 95n, 100n)).toBe(10); // 9.5
    expect(applyRate(30, 95n, 100n)).toBe(29); // 28.5
  });

  it('rounds below half down', () => {
    expect(applyRate(1, 49n, 100n)).toBe(0); // 0.49
    expect(applyRate(14, 1n, 10n)).toBe(1); // 1.4
    expect(applyRate(127_820, 95n, 100n)).toBe(121_429); // 121,429.0
    expect(percentOf(999, 50)).toBe(5); // 0.5% of 999 = 4.995 → 5
    expect(percentOf(899, 50)).toBe(4); // 4.495 → 4
  });

  it('0% and 100% are exact; 0 stays 0', () => {
    expect(percentOf(123_457, 0)).toBe(0);
    expect(percentOf(123_457, 10_000)).toBe(123_457);
    expect(applyRate(0, 95n, 100n)).toBe(0);
  });

  it('stays exact beyond 2^53 / 10000, where float arithmetic loses cents', () => {
    // 900,719,925,474,099 × 0.9999 = 900,629,853,481,551.5901 → …552
    expect(percentOf(900_719_925_474_099, 9_999)).toBe(900_629_853_481_552);
    // 9,007,199,254,740,990 × 0.95 = 8,556,839,292,003,940.5 → …941 (Math.round(a * 0.95) gives …940)
    expect(applyRate(9_007_199_254_740_990, 95n, 100n)).toBe(8_556_839_292_003_941);
    expect(Math.round(9_007_199_254_740_990 * 0.95)).not.toBe(8_556_839_292_003_941);
    expect(applyRate(Number.MAX_SAFE_INTEGER, 1n, 1n)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses fractional and negative amounts', () => {
    expect(() => applyRate(10.5, 95n, 100n)).toThrow(RangeError);
    expect(() => applyRate(-1, 95n, 100n)).toThrow(RangeError);
    expect(() => applyRate(Number.MAX_SAFE_INTEGER + 1, 95n, 100n)).toThrow(RangeError);
  });
});

function parts(...weights: number[]): DistributionPart[] {
  return weights.map((weight, i) => ({ id: `p${i}`, weight, order: i }));
}

function asObject(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries(map);
}

function sum(map: Map<string, number>): number {
  return [...map.values()].reduce((a, b) => a + b, 0);
}

describe('distributeLargestRemainder', () => {
  it('divides €300 over claims of €6,000, €3,000 and €1,000 as €180 / €90 / €30 (dutch-debt-rules §2.3)', () => {
    const result = distributeLargestRemainder(30_000, parts(600_000, 300_000, 100_000));
    expect(asObject(result)).toEqual({ p0: 18_000, p1: 9_000, p2: 3_000 });
  });

  it('gives the leftover cent to the largest remainder', () => {
    // 10 over 1:2 is 3.33 / 6.67: the second part has the larger remainder.
    expect(asObject(distributeLargestRemainder(10, parts(1, 2)))).toEqual({ p0: 3, p1: 7 });
    // 100 over 1:1:1:3 is 16.67 ×3 / 50: two cents left, to the first two of the tied thirds.
    expect(asObject(distributeLargestRemainder(100, parts(1, 1, 1, 3)))).toEqual({ p0: 17, p1: 17, p2: 16, p3: 50 });
  });

  it('breaks a tie on the remainder by the earliest registration order, whatever the array order', () => {
    const result = distributeLargestRemainder(100, [
      { id: 'c', weight: 1, order: 2 },
      { id: 'a', weight: 1, order: 0 },
      { id: 'b', weight: 1, order: 1 },
    ]);
    expect(asObject(result)).toEqual({ a: 34, b: 33, c: 33 });
  });

  it('registration order beats the id', () => {
    const result = distributeLargestRemainder(1, [
      { id: 'a', weight: 5, order: 7 },
      { id: 'b', weight: 5, order: 3 },
    ]);
    expect(asObject(result)).toEqual({ a: 0, b: 1 });
  });

  it('with equal order, the smallest id wins the tie', () => {
    const result = distributeLargestRemainder(2, [
      { id: 'y', weight: 1, order: 0 },
      { id: 'z', weight: 1, order: 0 },
      { id: 'x', weight: 1, order: 0 },
    ]);
    expect(asObject(result)).toEqual({ x: 1, y: 1, z: 0 });
  });

  it('gives every part 0 when the total is 0', () => {
    expect(asObject(distributeLargestRemainder(0, parts(10, 20)))).toEqual({ p0: 0, p1: 0 });
  });

  it('never gives a zero-weight part anything', () => {
    expect(asObject(distributeLargestRemainder(1, parts(0, 2, 2)))).toEqual({ p0: 0, p1: 1, p2: 0 });
    expect(asObject(distributeLargestRemainder(7, parts(0, 1, 0)))).toEqual({ p0: 0, p1: 7, p2: 0 });
  });

  it('stays exact with amounts and weights near Number.MAX_SAFE_INTEGER', () => {
    const max = Number.MAX_SAFE_INTEGER; // 9,007,199,254,740,991 = 3 × 3,002,399,751,580,330 + 1
    const thirds = distributeLargestRemainder(max, parts(max, max, max));
    expect(asObject(thirds)).toEqual({ p0: 3_002_399_751_580_331, p1: 3_002_399_751_580_330, p2: 3_002_399_751_580_330 });
    expect(sum(thirds)).toBe(max);
    // max × max / (max + 1) = max − max/(max + 1): floor max − 1 with remainder 1; the small part's remainder is max.
    expect(asObject(distributeLargestRemainder(max, parts(max, 1)))).toEqual({ p0: max - 1, p1: 1 });
  });

  it('always adds up to the whole, each part within one cent of its exact share (200 generated cases)', () => {
    let seed = 20250320;
    const random = (bound: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % bound;
    };
    for (let n = 0; n < 200; n++) {
      const count = 1 + random(12);
      const weights = Array.from({ length: count }, () => (random(5) === 0 ? 0 : random(10_000_000)));
      const total = random(100_000_000);
      const result = distributeLargestRemainder(total, parts(...weights));
      const weightSum = weights.reduce((a, b) => a + b, 0);
      expect(result.size).toBe(count);
      expect(sum(result)).toBe(total);
      weights.forEach((w, i) => {
        const share = result.get(`p${i}`)!;
        // All-zero weights share equally (issue 12 item 11).
        const exactFloor = weightSum === 0 ? Math.floor(total / count) : Number((BigInt(total) * BigInt(w)) / BigInt(weightSum));
        expect(share - exactFloor).toBeGreaterThanOrEqual(0);
        expect(share - exactFloor).toBeLessThanOrEqual(1);
      });
    }
  });

  it('refuses a negative or fractional total', () => {
    expect(() => distributeLargestRemainder(-1, parts(1, 1))).toThrow(RangeError);
    expect(() => distributeLargestRemainder(10.5, parts(1, 1))).toThrow(RangeError);
  });

  it('refuses a negative weight', () => {
    expect(() => distributeLargestRemainder(10, parts(3, -1))).toThrow(RangeError);
  });

  it('refuses a negative weight even when the weights sum to 0', () => {
    // Weights 1 and −1 sum to 0; the early "all zero" exit must not hide the invalid part.
    expect(() => distributeLargestRemainder(10, parts(1, -1))).toThrow(RangeError);
  });
});
