import { createHash } from 'node:crypto';

/**
 * Ids derived from the caller's command id, so that a retried command lands on the same
 * household or claim and is recognised as a repeat instead of creating a second one.
 */
function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** A UUID-shaped id (version nibble 8: custom, name-based) for a household. */
export function householdIdFor(org: string, commandId: string): string {
  const h = digest('household', org, commandId);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const CLAIM_SEPARATOR = '.claim-';

/** A claim id names its household, so a claim command finds its stream without a lookup. */
export function claimIdFor(householdId: string, org: string, commandId: string): string {
  return `${householdId}${CLAIM_SEPARATOR}${digest('claim', householdId, org, commandId).slice(0, 16)}`;
}

export function householdIdOfClaim(claimId: string): string | null {
  const at = claimId.indexOf(CLAIM_SEPARATOR);
  return at > 0 ? claimId.slice(0, at) : null;
}
