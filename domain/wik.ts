import { addDays, type BusinessDate } from './dates.js';
import { applyRate, distributeLargestRemainder, type Cents } from './money.js';

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

/** Without a known receipt date a reminder is presumed received on the second day after it was sent. */
export function presumedReceipt(reminderSentOn: BusinessDate): BusinessDate {
  return addDays(reminderSentOn, 2);
}

/**
 * The first day costs may be charged: the 14 days run from the day after the reminder was
 * received (art. 6:96 lid 6 BW; Hoge Raad 25 November 2016), so the 15th day after receipt.
 */
export function firstDayCostsMayBeCharged(reminderReceivedOn: BusinessDate): BusinessDate {
  return addDays(reminderReceivedOn, 15);
}

export interface RemindedClaim {
  claimId: string;
  principal: Cents;
  order: number;
}

/**
 * One claim's maximum when one reminder covered several claims of one creditor (art. 6:96 lid 7
 * BW): the scale applies to the sum of their principals and that maximum is shared pro rata to
 * the principals by largest remainder; VAT, fixed per claim, is added to the claim's share.
 */
export function sharedWikMaximum(claimId: string, reminded: readonly RemindedClaim[], vatApplies: boolean): Cents {
  const total = reminded.reduce((sum, c) => sum + c.principal, 0);
  const shares = distributeLargestRemainder(
    wikMaximum(total, false),
    reminded.map((c) => ({ id: c.claimId, weight: c.principal, order: c.order })),
  );
  const share = shares.get(claimId);
  if (share === undefined) throw new Error(`claim ${claimId} is not among the reminded claims`);
  return vatApplies ? applyRate(share, 121n, 100n) : share;
}
