import { createHash } from 'node:crypto';

/**
 * Ids derived from the caller's command id, so that a retried command lands on the same
 * household, claim or measure and is recognised as a repeat instead of creating a second one.
 */
function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/**
 * A UUID-shaped id (version nibble 8: custom, name-based) for a household of the demo set only,
 * so a seed loads the same households again. The API gives every household a random id.
 */
export function householdIdFor(org: string, commandId: string): string {
  const h = digest('household', org, commandId);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export type ChildKind = 'claim' | 'measure' | 'moratorium' | 'arrangement' | 'signal' | 'complaint' | 'claimStatement' | 'protectedIncome';

/**
 * The id of something inside a household names the household (`<household>.<kind>-<hash>`),
 * so a command about it finds its stream without a lookup.
 */
export function childIdFor(kind: ChildKind, householdId: string, org: string, commandId: string): string {
  return `${householdId}.${kind}-${digest(kind, householdId, org, commandId).slice(0, 16)}`;
}

/** The household an id of that kind belongs to, or null for an id that is not one. */
export function householdIdOfChild(kind: ChildKind, id: string): string | null {
  const at = id.lastIndexOf(`.${kind}-`);
  return at > 0 ? id.slice(0, at) : null;
}

export function claimIdFor(householdId: string, org: string, commandId: string): string {
  return childIdFor('claim', householdId, org, commandId);
}
