import { describe, expect, it } from 'vitest';
import { distributeLargestRemainder } from '../../domain/money.js';

/** Issue 12 item 11: all-zero weights with something to share split it equally, never losing a cent. */

const zeros = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, weight: 0, order: i }));
const asObject = (m: Map<string, number>) => Object.fromEntries(m);

describe('distributeLargestRemainder with all-zero weights (issue 12 item 11)', () => {
  it('shares €5.00 over three parts as 167 + 167 + 166 cents (earliest parts take the remainder)', () => {
    expect(asObject(distributeLargestRemainder(500, zeros(3)))).toEqual({ p0: 167, p1: 167, p2: 166 });
  });

  it('shares 1 cent over four parts to the earliest one', () => {
    expect(asObject(distributeLargestRemainder(1, zeros(4)))).toEqual({ p0: 1, p1: 0, p2: 0, p3: 0 });
  });

  it('shares an even amount evenly, and 0 as 0', () => {
    expect(asObject(distributeLargestRemainder(4_000, zeros(2)))).toEqual({ p0: 2_000, p1: 2_000 });
    expect(asObject(distributeLargestRemainder(0, zeros(2)))).toEqual({ p0: 0, p1: 0 });
  });

  it('ties on order go to the smallest id, as with other weights', () => {
    const parts = [
      { id: 'b', weight: 0, order: 0 },
      { id: 'a', weight: 0, order: 0 },
    ];
    expect(asObject(distributeLargestRemainder(3, parts))).toEqual({ a: 2, b: 1 });
  });

  it('with no parts gives nothing back', () => {
    expect(distributeLargestRemainder(10, []).size).toBe(0);
  });
});
