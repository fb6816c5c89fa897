import { parseHouseholdEvent, type HouseholdEvent } from '../domain/household/events.js';
import type { HouseholdOverview } from '../projections/householdOverview.js';
import type { RecordedEvent } from './eventStore.js';
import { householdIdOfStream } from './streams.js';

/** What the API reads: one household's overview. */
export interface OverviewReader {
  read(householdId: string): Promise<HouseholdOverview | null>;
  /** The global position the read model has taken in. */
  checkpoint(): Promise<number>;
}

export const OVERVIEW_PROJECTION = 'household_overview';

/** Stored events as the household events the projection folds. */
export function householdEvents(events: readonly RecordedEvent[]): Array<{ householdId: string; event: HouseholdEvent }> {
  return events.map((e) => ({ householdId: householdIdOfStream(e.streamId), event: parseHouseholdEvent(e) }));
}
