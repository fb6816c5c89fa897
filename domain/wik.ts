import { addDays, type BusinessDate } from './dates.js';
import { applyRate, type Cents } from './money.js';

/**
 * Extrajudicial collection costs on a consumer claim (WIK, Besluit vergoeding voor
 * buitengerechtelijke incassokosten, Stb. 2012, 141; policy §5). The scale is statute, not a
 * half-yearly parameter, so it lives here with its source.
 */
const brackets: ReadonlyArray<{ upTo: Cents; perMille: bigint }> = [
  { upTo: 250_000, perMille: 150n },
  { upTo: 500_000, perMille: 100n },
  { upTo: 1_000_000, perMille: 50n },
  { upTo: 20_000_000, perMille: 10n },
  { upTo: Number.MAX_SAFE_INTEGER, perMille: 5n },
];
export const WIK_MINIMUM: Cents = 4_000;
export const WIK_MAXIMUM: Cents = 677_500;

/** The statutory maximum fee on a principal, times 1.21 when VAT applies; half up to cents. */
export function wikMaximum(principal: Cents, vatApplies: boolean): Cents {
  let milliCents = 0n;
  let lower = 0;
  for (const b of brackets) {
    if (principal <= lower) break;
    const part = Math.min(principal, b.upTo) - lower;
    milliCents += BigInt(part) * b.perMille;
    lower = b.upTo;
  }
  const scale = Number((milliCents * 2n + 1000n) / 2000n);
  const fee = Math.min(WIK_MAXIMUM, Math.max(WIK_MINIMUM, scale));
  return vatApplies ? applyRate(fee, 121n, 100n) : fee;
}

/**
 * The first day costs may be charged: 14 full days must pass after the reminder, the day after
 * the reminder being day 1 (art. 6:96 lid 6 BW), so the 15th day after it.
 */
export function firstDayCostsMayBeCharged(reminderSentOn: BusinessDate): BusinessDate {
  return addDays(reminderSentOn, 15);
}
