import type { HouseholdOverview } from '../projections/householdOverview.js';

/** Where a BSN is already on record for another household, and since when. */
export interface BsnHeld {
  heldBy: string;
  /** ISO instant the other household's entry was made. */
  since: string;
}

/** Lookups across households, answered from the overview read model and the BSN index. */
export interface HouseholdDirectory {
  /** Household ids after `after` (exclusive), in id order. */
  page(after: string | null, limit: number): Promise<string[]>;
  /** Households a counsellor organisation has (or had) a mandate for: check the dates. */
  withCounsellor(org: string): Promise<HouseholdOverview[]>;
  /** Households a partner organisation has sent signals about. */
  withSignalsFrom(org: string): Promise<HouseholdOverview[]>;
  /** Households where a claim statement was requested from this creditor organisation. */
  withClaimStatementRequestsFor(org: string): Promise<HouseholdOverview[]>;
  /**
   * The BSN index lives outside the event log (the log holds no BSN hash): one row per BSN's
   * keyed hash, unique, so one person is in one household. Records the hashes for this
   * household in one transaction; when one of them is another household's, records none and
   * answers which. `added`: the hashes this call recorded (not those it already had).
   */
  indexBsns(householdId: string, hashes: readonly string[], at: string): Promise<{ added: string[] } | BsnHeld>;
  /** Deletes the household's entries (erasure), or only `hashes` of them (an undone registration). */
  unindexBsns(householdId: string, hashes?: readonly string[]): Promise<void>;
  /** The household ids with a member whose BSN has this keyed hash. */
  householdsWithBsn(hash: string): Promise<string[]>;
}
