import type { HouseholdOverview } from '../projections/householdOverview.js';

/** Lookups across households, answered from the overview read model. */
export interface HouseholdDirectory {
  /** Household ids after `after` (exclusive), in id order. */
  page(after: string | null, limit: number): Promise<string[]>;
  /** Households a counsellor organisation has (or had) a mandate for: check the dates. */
  withCounsellor(org: string): Promise<HouseholdOverview[]>;
  /** Households a partner organisation has sent signals about. */
  withSignalsFrom(org: string): Promise<HouseholdOverview[]>;
  /** Households where a claim statement was requested from this creditor organisation. */
  withClaimStatementRequestsFor(org: string): Promise<HouseholdOverview[]>;
  /** Households with a member whose BSN has this keyed hash. */
  withBsnHash(hash: string): Promise<HouseholdOverview[]>;
}
