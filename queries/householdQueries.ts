import { initialState, evolve, type HouseholdState } from '../domain/household/decider.js';
import { parseHouseholdEvent, type HouseholdEvent } from '../domain/household/events.js';
import type { BusinessDate } from '../domain/dates.js';
import type { ParameterTable } from '../domain/parameters.js';
import { violationsOfStream, type Violation } from '../domain/violations.js';
import type { EventStore } from '../infra/eventStore.js';
import type { OverviewReader } from '../infra/readModels.js';
import { householdStream } from '../infra/streams.js';
import { householdOverviewProjection, type HouseholdOverview } from '../projections/householdOverview.js';
import { foldStream } from '../projections/projection.js';
import { timelineProjection, type TimelineEntry } from '../projections/timeline.js';

/** A rule breach with the timeline entries of the events that prove it. */
export interface ViolationReport extends Violation {
  householdId: string;
  events: TimelineEntry[];
}

export interface HouseholdQueriesDeps {
  /** The overview read model (personal data sealed, as stored). */
  overviews: OverviewReader;
  /** The event log as the API may read it: personal data opened with the households' keys. */
  events: Pick<EventStore, 'readStream'>;
  parameters: ParameterTable;
}

/**
 * Every read of a household the API makes, in one place: the read model for "now", and the
 * projections folded from the household's stream for what the read model does not keep (an
 * instant in the past, the timeline, the violations report, which depends on the day it is
 * asked). The API reads through this facade only, never the event store.
 *
 * `overview` answers the document as the read model holds it, personal values sealed (the API
 * opens them with the vault for whoever may see them); what is folded from the stream
 * (`overviewAsOf`, `timeline`, `violations`) has them opened already, or ERASED.
 */
export class HouseholdQueries {
  constructor(private readonly deps: HouseholdQueriesDeps) {}

  /** The household's overview now; null for an unknown household. */
  overview(householdId: string): Promise<HouseholdOverview | null> {
    return this.deps.overviews.read(householdId);
  }

  /** The overview as the ledger knew it at `instant` (its stream up to the last event recorded then); null when it did not know the household yet. */
  async overviewAsOf(householdId: string, instant: string): Promise<HouseholdOverview | null> {
    return foldStream(householdOverviewProjection, await this.events(householdId, instant));
  }

  /** The household's timeline, oldest first: now, or as the ledger knew it at `asOf`. */
  async timeline(householdId: string, asOf: string | null = null): Promise<TimelineEntry[]> {
    return foldStream(timelineProjection, await this.events(householdId, asOf))?.entries ?? [];
  }

  /**
   * The rule breaches of the household's history (now, or as the ledger knew it at `asOf`) up
   * to `today`, each with the timeline entries that prove it. Computed when asked: whether a
   * deadline has passed depends on the day.
   */
  async violations(householdId: string, asOf: string | null, today: BusinessDate): Promise<ViolationReport[]> {
    const events = await this.events(householdId, asOf);
    const timeline = foldStream(timelineProjection, events)?.entries ?? [];
    const numbered = events.map((event, i) => ({ revision: i + 1, event }));
    return violationsOfStream(numbered, this.deps.parameters, today).map((v) => ({
      ...v,
      householdId,
      events: timeline.filter((e) => v.revisions.includes(e.revision)),
    }));
  }

  /** The household's decided state right after its event `revision` (a repeated command answers with it). */
  async stateAt(householdId: string, revision: number): Promise<HouseholdState> {
    let state = initialState();
    for (const event of (await this.events(householdId, null)).slice(0, revision)) state = evolve(state, event);
    return state;
  }

  private async events(householdId: string, asOf: string | null): Promise<HouseholdEvent[]> {
    const recorded = await this.deps.events.readStream(householdStream(householdId), asOf === null ? {} : { recordedUpTo: asOf });
    return recorded.map(parseHouseholdEvent);
  }
}
