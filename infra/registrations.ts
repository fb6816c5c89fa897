/**
 * Household ids are random (policy §10: they cannot be computed from who registered and how),
 * yet registering stays idempotent per command id: the first attempt of (organisation, command
 * id) claims its random id here, outside the event log, and every repeat finds the same one; the
 * household's stream then answers the repeat from its receipt. A claim whose registration stored
 * nothing is released, so the command id can be used again with corrected input.
 */
export interface RegistrationIndex {
  /** The household id of this registration command: `candidate` when it is the first attempt. */
  claim(org: string, commandId: string, candidate: string): Promise<string>;
  /** Forgets the claim (only while the household has no events). */
  release(org: string, commandId: string, householdId: string): Promise<void>;
}
