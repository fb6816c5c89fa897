import type { Actor } from '../domain/actors.js';
import type { BusinessDate } from '../domain/dates.js';
import { holdsMandateOn } from '../domain/mandates.js';
import type { ClaimView, HouseholdOverview } from '../projections/householdOverview.js';

/**
 * What a viewer may see of a household (policy §8): everything for the ombudsman, the household
 * itself and a counsellor with a mandate; a creditor with claims there sees its own claims, the
 * totals and capacity, but not the members.
 */
export type HouseholdAccess = 'FULL' | 'CREDITOR';

export function householdAccess(actor: Actor, household: HouseholdOverview, today: BusinessDate): HouseholdAccess | null {
  switch (actor.role) {
    case 'OMBUDSMAN':
      return 'FULL';
    case 'COUNSELLOR':
      return holdsMandateOn(household.mandates, actor.org, today) ? 'FULL' : null;
    case 'HOUSEHOLD':
      return actor.org === household.householdId ? 'FULL' : null;
    case 'CREDITOR':
      return household.claims.some((c) => c.creditorId === actor.org) ? 'CREDITOR' : null;
    case 'ADMIN':
      return null;
  }
}

export function visibleClaims(actor: Actor, access: HouseholdAccess, claims: readonly ClaimView[]): ClaimView[] {
  return access === 'FULL' ? [...claims] : claims.filter((c) => c.creditorId === actor.org);
}
