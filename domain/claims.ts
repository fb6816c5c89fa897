import type { BusinessDate } from './dates.js';
import type { DatedAmount, InterestPause } from './interest.js';
import type { Cents } from './money.js';

export const claimStatuses = ['OPEN', 'DISPUTED', 'IN_ARRANGEMENT', 'SETTLED', 'WRITTEN_OFF'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

export interface ClaimBalance {
  principal: Cents;
  costs: Cents;
  interest: Cents;
  paid: Cents;
  writtenOff: Cents;
}

/** Outstanding = principal + costs + interest − payments − write-offs, never negative (policy §5). */
export function outstanding(claim: ClaimBalance): Cents {
  return Math.max(0, claim.principal + claim.costs + claim.interest - claim.paid - claim.writtenOff);
}

/** Status follows from the balance and whether an active debt arrangement covers the claim. */
export function balanceStatus(claim: ClaimBalance & { arrangementId?: string | null }): ClaimStatus {
  if (outstanding(claim) > 0) return claim.arrangementId ? 'IN_ARRANGEMENT' : 'OPEN';
  return claim.writtenOff > 0 && claim.paid < claim.principal + claim.costs + claim.interest ? 'WRITTEN_OFF' : 'SETTLED';
}

export interface ClaimFacts extends ClaimBalance {
  claimId: string;
  creditorId: string;
  reference: string;
  description: string;
  preferential: boolean;
  consumer: boolean;
  incurredOn: BusinessDate;
  /** Registration order in the household, for tie-breaks. */
  order: number;
  /** The active debt arrangement that covers it, if any. */
  arrangementId: string | null;
  /** Whether VAT applies to its collection costs: fixed by the first charge, null before. */
  vatApplies: boolean | null;
  /** The reminder its collection costs cite (shared by claims of one creditor), if given. */
  reminderReference: string | null;
  /** Start of default (verzuim): statutory interest runs from it; null for none (issue 12 item 9). */
  interestFrom: BusinessDate | null;
  /** Each collection-cost charge and each payment, dated: payments go to costs, interest, principal. */
  costCharges: DatedAmount[];
  payments: DatedAmount[];
  /** Days without interest: from an accepted debt arrangement's activation until it fails. */
  interestPauses: InterestPause[];
}
