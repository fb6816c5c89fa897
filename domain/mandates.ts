import type { BusinessDate } from './dates.js';

/**
 * A counsellor organisation's mandate for a household (policy §8): implicit for the
 * organisation that registered the household, or granted by the household or by a counsellor
 * that holds one. A revoked mandate ends at once; an expired one at the end of its last day.
 */
export interface Mandate {
  counsellorOrg: string;
  /** First day, or null for the registering organisation's mandate (from the start). */
  startsOn: BusinessDate | null;
  /** Last day, or null while open-ended. */
  endsOn: BusinessDate | null;
  revoked: boolean;
  grantedBy: string;
}

export function holdsMandateOn(mandates: readonly Mandate[], org: string, date: BusinessDate): boolean {
  return mandates.some(
    (m) => m.counsellorOrg === org && !m.revoked && (m.startsOn === null || m.startsOn <= date) && (m.endsOn === null || date <= m.endsOn),
  );
}
