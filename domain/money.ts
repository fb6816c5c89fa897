/**
 * Money is an integer number of euro cents everywhere (policy §1). Arithmetic that multiplies
 * runs in BigInt so that no intermediate product loses precision.
 */
export type Cents = number;

export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertCents(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a whole number of cents, got ${value}`);
  }
}

/** Divides a non-negative numerator by a positive denominator, rounding half up. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * `amount × numerator / denominator`, half up to whole cents. Used for every percentage:
 * 95% is `applyRate(x, 95n, 100n)`, 0.5% is `applyRate(x, 5n, 1000n)`.
 */
export function applyRate(amount: Cents, numerator: bigint, denominator: bigint): Cents {
  assertCents(amount, 'amount');
  if (amount < 0) throw new RangeError('applyRate takes a non-negative amount');
  return Number(divideHalfUp(BigInt(amount) * numerator, denominator));
}

/** A percentage given in basis points (1% = 100), half up. */
export function percentOf(amount: Cents, basisPoints: number): Cents {
  return applyRate(amount, BigInt(basisPoints), 10_000n);
}

export interface DistributionPart {
  id: string;
  weight: Cents;
  /** Registration order: earlier parts win ties on the remainder. */
  order: number;
}

/**
 * Divides `total` over the parts in proportion to their weights with the largest-remainder
 * method, so the parts add up to `total` exactly (policy §1). Ties on the remainder go to the
 * earliest registered part, then the smallest id. When every weight is 0 (and there is
 * something to share) the parts share equally, so no cent is lost (issue 12 item 11).
 */
export function distributeLargestRemainder(total: Cents, parts: readonly DistributionPart[]): Map<string, Cents> {
  assertCents(total, 'total');
  if (total < 0) throw new RangeError('cannot distribute a negative total');
  const result = new Map<string, Cents>();
  for (const p of parts) if (p.weight < 0) throw new RangeError(`negative weight for ${p.id}`);
  if (total === 0 || parts.length === 0) {
    for (const p of parts) result.set(p.id, 0);
    return result;
  }
  if (parts.every((p) => p.weight === 0)) return distributeLargestRemainder(total, parts.map((p) => ({ ...p, weight: 1 })));
  const weightSum = parts.reduce((sum, p) => sum + BigInt(p.weight), 0n);
  const whole = BigInt(total);
  const shares = parts.map((p) => {
    const exact = whole * BigInt(p.weight);
    return { part: p, floor: exact / weightSum, remainder: exact % weightSum };
  });
  let left = whole - shares.reduce((sum, s) => sum + s.floor, 0n);
  const byRemainder = [...shares].sort((a, b) => {
    if (a.remainder !== b.remainder) return a.remainder > b.remainder ? -1 : 1;
    if (a.part.order !== b.part.order) return a.part.order - b.part.order;
    return a.part.id < b.part.id ? -1 : a.part.id > b.part.id ? 1 : 0;
  });
  for (const share of byRemainder) {
    if (left === 0n) break;
    share.floor += 1n;
    left -= 1n;
  }
  for (const s of shares) result.set(s.part.id, Number(s.floor));
  return result;
}

const EUROS = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });

/** Cents as people read them in a message: 123456 → "€ 1.234,56" (the amounts in extensions stay cents). */
export function formatEuros(cents: Cents): string {
  return EUROS.format(cents / 100).replace(/\u00a0/g, ' ');
}
