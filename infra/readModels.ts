import type { HouseholdOverview } from '../projections/householdOverview.js';

/** What the queries read: one household's overview, as the read model holds it (personal data sealed). */
export interface OverviewReader {
  read(householdId: string): Promise<HouseholdOverview | null>;
  /** The global position the read model has taken in. */
  checkpoint(): Promise<number>;
}
