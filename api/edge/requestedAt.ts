import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import { ZONE } from '../../domain/dates.js';

/*
 * Every request is stamped with its instant in Amsterdam (Context.requestedAt). luxon looks the
 * zone's offset up through Intl on every conversion (2-3 % of the server's CPU under small
 * queries); the offset changes at most once an hour, on the hour, so it is looked up once per
 * hour here, as domain/dates.ts does for business dates, and an hour in which it changes goes
 * through the zone as before. Either way luxon writes the instant.
 */

const amsterdam = IANAZone.create(ZONE);
const MS_PER_HOUR = 3_600_000;
/** The zone's fixed offset per hour since the epoch; null for an hour in which it changes. */
const hourly = new Map<number, FixedOffsetZone | null>();
const HOURS_KEPT = 1_000;

function offsetZoneOf(millis: number): FixedOffsetZone | null {
  const hour = Math.floor(millis / MS_PER_HOUR);
  let zone = hourly.get(hour);
  if (zone === undefined) {
    const start = amsterdam.offset(hour * MS_PER_HOUR);
    zone = start === amsterdam.offset((hour + 1) * MS_PER_HOUR - 1) ? FixedOffsetZone.instance(start) : null;
    if (hourly.size >= HOURS_KEPT) hourly.clear();
    hourly.set(hour, zone);
  }
  return zone;
}

/** The instant in Amsterdam, ISO-8601 with its offset, as `DateTime.fromJSDate(at).setZone(ZONE).toISO()` writes it. */
export function instantInAmsterdam(at: Date): string {
  const millis = at.getTime();
  const zone = offsetZoneOf(millis);
  const dt = zone === null ? DateTime.fromJSDate(at).setZone(ZONE) : DateTime.fromMillis(millis, { zone });
  return dt.toISO() ?? at.toISOString();
}
