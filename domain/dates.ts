import { DateTime } from 'luxon';

/** Business dates are calendar dates in the Netherlands (policy §1). */
export const ZONE = 'Europe/Amsterdam';

/** A calendar date `yyyy-mm-dd`; as strings they sort in date order. */
export type BusinessDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isBusinessDate(value: string): boolean {
  return ISO_DATE.test(value) && DateTime.fromISO(value, { zone: ZONE }).isValid;
}

function toDateTime(date: BusinessDate): DateTime {
  const dt = DateTime.fromISO(date, { zone: ZONE });
  if (!ISO_DATE.test(date) || !dt.isValid) throw new RangeError(`not a calendar date: ${date}`);
  return dt;
}

function fromDateTime(dt: DateTime): BusinessDate {
  return dt.toISODate() as BusinessDate;
}

/** The calendar date in Amsterdam at an instant (ISO-8601 with offset). */
export function businessDateAt(instant: string): BusinessDate {
  const dt = DateTime.fromISO(instant, { setZone: true });
  if (!dt.isValid) throw new RangeError(`not an instant: ${instant}`);
  return fromDateTime(dt.setZone(ZONE));
}

export function isInstant(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/.test(value) && DateTime.fromISO(value, { setZone: true }).isValid;
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  return fromDateTime(toDateTime(date).plus({ days }));
}

export function addMonths(date: BusinessDate, months: number): BusinessDate {
  return fromDateTime(toDateTime(date).plus({ months }));
}

export function addYearsAndMonths(date: BusinessDate, years: number, months: number): BusinessDate {
  return fromDateTime(toDateTime(date).plus({ years, months }));
}
