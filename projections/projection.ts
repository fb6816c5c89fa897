import { parseHouseholdEvent, type HouseholdEvent } from '../domain/household/events.js';
import type { RecordedEvent } from '../infra/eventStore.js';
import { householdIdOfStream } from '../infra/streams.js';

/**
 * Folds one household's events into its document without building the document after every
 * event (a rebuild, an `asOf` read, a batch of many events of one household).
 */
export interface Folder<D> {
  add(event: HouseholdEvent): void;
  document(): D;
}

/**
 * A read model defined once, for every store: its name, the version of its fold, and the fold.
 * Documents are keyed by household (one document per household, `name` + household id), so a
 * household's document depends on its own stream only: that is what lets a rebuild read the log
 * stream by stream, holding one household in memory.
 *
 * `version` is the version of the fold, not of the data: raise it whenever `evolve` would give a
 * different document for the same events. A store whose documents were built by another version
 * is refused at start (see checkVersion), until `npm run rebuild-projections` folds it again.
 */
export interface Projection<D> {
  readonly name: string;
  readonly version: number;
  /** `(document, event) → document`; null before the household's first event. Never changes `doc`. */
  evolve(doc: D | null, event: HouseholdEvent): D;
  /** A faster fold of many events (optional): the runner then folds batches and rebuilds with it. */
  folder?(doc: D | null): Folder<D>;
}

/** The projection's folder, or one made of `evolve`. */
export function folderOf<D>(projection: Projection<D>, doc: D | null): Folder<D> {
  if (projection.folder) return projection.folder(doc);
  let current = doc;
  return {
    add(event) {
      current = projection.evolve(current, event);
    },
    document() {
      if (current === null) throw new Error(`${projection.name}: a document of no event`);
      return current;
    },
  };
}

/** A household's events folded from the start: null for a stream with no event. */
export function foldStream<D>(projection: Projection<D>, events: readonly HouseholdEvent[]): D | null {
  if (events.length === 0) return null;
  const folder = folderOf(projection, null);
  for (const event of events) folder.add(event);
  return folder.document();
}

/**
 * A stored document: the household it belongs to, the revision of the household's stream it
 * has folded up to (the number of events folded: a document never skips one), and the document.
 */
export interface StoredDocument<D> {
  householdId: string;
  revision: number;
  doc: D;
}

/** A document a batch changed, and the revision it was folded from (null: there was none). */
export interface FoldedDocument<D> extends StoredDocument<D> {
  foldedFrom: number | null;
}

/** An event as a projection takes it: parsed, with the household whose document it changes. */
export interface ProjectedEvent {
  householdId: string;
  event: HouseholdEvent;
}

/** Stored events (in the store's order) as the projection folds them. */
export function projectedEvents(events: ReadonlyArray<Pick<RecordedEvent, 'streamId' | 'type' | 'v' | 'data' | 'meta'>>): ProjectedEvent[] {
  return events.map((e) => ({ householdId: householdIdOfStream(e.streamId), event: parseHouseholdEvent(e) }));
}

/** The households a batch touches, each once, in the order of their first event. */
export function householdsOf(events: readonly ProjectedEvent[]): string[] {
  return [...new Set(events.map((e) => e.householdId))];
}

/**
 * The fold every way of running a projection shares (inline, in the background, the rebuild's
 * catch-up): `events` folded into the documents `loaded` holds for their households (absent:
 * none yet); answers each changed document with the revision it was folded from.
 */
export function foldBatch<D>(
  projection: Projection<D>,
  loaded: ReadonlyMap<string, StoredDocument<D>>,
  events: readonly ProjectedEvent[],
): Map<string, FoldedDocument<D>> {
  const folders = new Map<string, { folder: Folder<D>; from: number | null; revision: number }>();
  for (const { householdId, event } of events) {
    let entry = folders.get(householdId);
    if (!entry) {
      const stored = loaded.get(householdId) ?? null;
      entry = { folder: folderOf(projection, stored?.doc ?? null), from: stored?.revision ?? null, revision: stored?.revision ?? 0 };
      folders.set(householdId, entry);
    }
    entry.folder.add(event);
    entry.revision += 1;
  }
  const folded = new Map<string, FoldedDocument<D>>();
  for (const [householdId, { folder, from, revision }] of folders) {
    folded.set(householdId, { householdId, revision, doc: folder.document(), foldedFrom: from });
  }
  return folded;
}

/** A read model built by another version of its projection than the one this program has. */
export class ProjectionVersionError extends Error {
  override readonly name = 'ProjectionVersionError';

  constructor(
    readonly projection: string,
    readonly stored: number,
    readonly code: number,
  ) {
    super(
      `The read model ${projection} was built by version ${stored} of its projection; this program folds version ${code}. ` +
        `Stop every instance and run \`npm run rebuild-projections\` with this program, then start it again.`,
    );
  }
}

/**
 * Version policy: a read model whose stored version differs from the code's is refused, never
 * rebuilt on the fly. A newer program would fold new events differently from the stored
 * documents (and an older one would undo a newer rebuild), and instances started together would
 * each start a rebuild; the rebuild is one explicit command instead. A model stored before
 * versions were recorded (null) was built by version 1.
 */
export function checkVersion(projection: Pick<Projection<unknown>, 'name' | 'version'>, stored: number | null): void {
  const version = stored ?? 1;
  if (version !== projection.version) throw new ProjectionVersionError(projection.name, version, projection.version);
}
