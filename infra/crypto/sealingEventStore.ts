import { comparedPersonalFields, ERASED, isSealed, personalFields } from '../../domain/personalData.js';
import { followStore, type AppendResult, type EventStore, type EventToAppend, type ExpectedRevision, type FollowOptions, type ReadAllOptions, type ReadStreamOptions, type RecordedEvent } from '../eventStore.js';
import { householdIdOfStream } from '../streams.js';
import type { KeyStore } from './keyStore.js';
import { open, seal, sealDeterministic } from './sealing.js';

/** Applies `change` to every value at a dotted path (`members.*.bsn`) of a JSON value. */
function mapPath(value: unknown, path: readonly string[], change: (v: string) => string): unknown {
  if (path.length === 0) return typeof value === 'string' ? change(value) : value;
  const [head, ...rest] = path;
  if (head === '*') return Array.isArray(value) ? value.map((v) => mapPath(v, rest, change)) : value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  if (!(head! in record)) return value;
  return { ...record, [head!]: mapPath(record[head!], rest, change) };
}

/**
 * Applies `change` to every personal value of an event's data; `compared` tells the values the
 * rules compare (domain/personalData.ts comparedPersonalFields).
 */
export function mapPersonalFields(type: string, data: unknown, change: (v: string, compared: boolean) => string): unknown {
  const compared = comparedPersonalFields[type] ?? [];
  let out = data;
  for (const path of personalFields[type] ?? []) {
    const isCompared = compared.includes(path);
    out = mapPath(out, path.split('.'), (v) => change(v, isCompared));
  }
  return out;
}

/**
 * Opens a sealed value with the household's key; without the key (erased) it reads as ERASED,
 * except a compared value, which keeps its sealed form (unreadable, still telling values apart).
 */
export function opener(key: Buffer | null, householdId: string): (v: string, compared?: boolean) => string {
  return (v, compared = false) => {
    if (!isSealed(v)) return v;
    if (key) return open(v, key, householdId);
    return compared ? v : ERASED;
  };
}

/** Events with their personal fields sealed with the household's key. */
function sealEvents(events: readonly EventToAppend[], key: Buffer, householdId: string): EventToAppend[] {
  // No BSN hash goes into the log: the look-up index lives outside it (infra/households.ts),
  // where an erasure deletes it; a hash kept here would let the master secret find the BSN.
  const sealing = (v: string, compared: boolean): string => {
    if (isSealed(v)) return v;
    return compared ? sealDeterministic(v, key, householdId) : seal(v, key, householdId);
  };
  return events.map((e) => ({ ...e, data: mapPersonalFields(e.type, e.data, sealing) }));
}

/**
 * The event-store port with crypto-shredding: personal fields are sealed with the household's
 * key on the way in and opened on the way out. Everything below it (the log, inline read
 * models, backups) holds only sealed values; once the key is deleted
 * they read as ERASED everywhere.
 */
export class SealingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly keys: KeyStore,
  ) {}

  get kind(): EventStore['kind'] {
    return this.inner.kind;
  }

  /** The store below, whose events stay sealed (for projections and rebuilds). */
  get sealed(): EventStore {
    return this.inner;
  }

  append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const needsKey = events.some((e) => (personalFields[e.type] ?? []).length > 0);
    if (!needsKey) return this.inner.append(streamId, events, expected);
    let householdId: string;
    try {
      householdId = householdIdOfStream(streamId);
    } catch (error) {
      return Promise.reject(error);
    }
    // Chained rather than awaited: one promise fewer per command on the path every command takes.
    return this.keys.ensureKey(householdId).then((key) => this.inner.append(streamId, sealEvents(events, key, householdId), expected));
  }

  private async opened(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const keys = new Map<string, Buffer | null>();
    const out: RecordedEvent[] = [];
    for (const e of events) {
      if ((personalFields[e.type] ?? []).length === 0) {
        out.push(e);
        continue;
      }
      const householdId = householdIdOfStream(e.streamId);
      if (!keys.has(householdId)) keys.set(householdId, await this.keys.keyFor(householdId));
      out.push({ ...e, data: mapPersonalFields(e.type, e.data, opener(keys.get(householdId) ?? null, householdId)) });
    }
    return out;
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.opened(await this.inner.readStream(streamId, options));
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.opened(await this.inner.readAll(options));
  }

  follow(after: number, onEvents: (events: RecordedEvent[]) => Promise<void>, options: FollowOptions): Promise<void> {
    return followStore(this.inner, after, async (events) => onEvents(await this.opened(events)), options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
