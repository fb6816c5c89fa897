import { DateTime, IANAZone } from 'luxon';

/** Business dates are calendar dates in the Netherlands (policy §1). */
export const ZONE = 'Europe/Amsterdam';

/** A calendar date `yyyy-mm-dd`; as strings they sort in date order. */
export type BusinessDate = string;

/*
 * Every event and command carries dates, so these functions run for each one read or decided.
 * A business date has no time of day, so its arithmetic is plain proleptic-Gregorian calendar
 * arithmetic (no zone, no DST) and is done here on year, month and day; an instant's date in
 * Amsterdam needs the zone's offset, which luxon computes once per hour of time (cached).
 * Whatever the fast paths do not cover (years outside 0000-9999, fractional amounts, instants
 * in other ISO forms or in an hour within which the offset changes) goes through luxon as
 * before, so results are luxon's (test/domain/dates-equivalence.spec.ts compares them).
 */

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const CUMULATIVE_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a valid date of years 0000-9999. */
function epochDay(year: number, month: number, day: number): number {
  const before = year - 1; // whole years before this one, counted from year 0 (a leap year)
  const leapDays = before < 0 ? 0 : Math.floor(before / 4) - Math.floor(before / 100) + Math.floor(before / 400) + 1;
  const leapThisYear = month > 2 && isLeapYear(year) ? 1 : 0;
  return year * 365 + leapDays + CUMULATIVE_DAYS[month - 1]! + leapThisYear + day - 1 - 719_528;
}

/** The date `days` after 1970-01-01, or undefined outside years 0000-9999. */
function dateOfEpochDay(days: number): BusinessDate | undefined {
  // Howard Hinnant's civil_from_days, on 400-year eras of 146,097 days.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return format(year, month, day);
}

function format(year: number, month: number, day: number): BusinessDate | undefined {
  if (!(year >= 0 && year <= 9999)) return undefined;
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** The value of the decimal digits in value[from, to), or -1 when one is not a digit. */
function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

/** Year, month and day of a valid `yyyy-mm-dd`, or undefined. */
function parseDate(value: string): YearMonthDay | undefined {
  // Untyped callers (a refinement on a field that failed its type) get false, as the regex gave.
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function parsed(date: BusinessDate): YearMonthDay {
  const ymd = parseDate(date);
  if (ymd === undefined) throw new RangeError(`not a calendar date: ${date}`);
  return ymd;
}

export function isBusinessDate(value: string): boolean {
  return parseDate(value) !== undefined;
}

/** ISO day of the week: 1 = Monday … 7 = Sunday. */
export function weekday(date: BusinessDate): number {
  const { year, month, day } = parsed(date);
  // 1970-01-01 was a Thursday.
  const fromMonday = (epochDay(year, month, day) + 3) % 7;
  return (fromMonday < 0 ? fromMonday + 7 : fromMonday) + 1;
}

function luxonDate(date: BusinessDate): DateTime {
  const dt = DateTime.fromISO(date, { zone: ZONE });
  if (!dt.isValid) throw new RangeError(`not a calendar date: ${date}`);
  return dt;
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  const { year, month, day } = parsed(date);
  const result = Number.isInteger(days) ? dateOfEpochDay(epochDay(year, month, day) + days) : undefined;
  return result ?? (luxonDate(date).plus({ days }).toISODate() as BusinessDate);
}

/** Whole days from `from` to `to` (negative when `to` is earlier): 2024-01-01 → 2025-01-01 is 366. */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  const a = parsed(from);
  const b = parsed(to);
  return epochDay(b.year, b.month, b.day) - epochDay(a.year, a.month, a.day);
}

export function addMonths(date: BusinessDate, months: number): BusinessDate {
  return addYearsAndMonths(date, 0, months);
}

/** Luxon's month arithmetic: the day is clamped to the target month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addYearsAndMonths(date: BusinessDate, years: number, months: number): BusinessDate {
  const { year, month, day } = parsed(date);
  let result: BusinessDate | undefined;
  if (Number.isInteger(years) && Number.isInteger(months)) {
    const monthIndex = (year + years) * 12 + (month - 1) + months;
    const targetYear = Math.floor(monthIndex / 12);
    const targetMonth = monthIndex - targetYear * 12 + 1;
    result = format(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
  }
  return result ?? (luxonDate(date).plus({ years, months }).toISODate() as BusinessDate);
}

// ------------------------------------------------------------------------------ instants

/** `yyyy-mm-ddThh:mm[:ss[.fff]]` with `Z` or a numeric offset: what clients and `toISOString` send. */
const PLAIN_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,30}))?)?(?:Z|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** Epoch milliseconds of a valid instant in the plain form, or undefined (not that form, or invalid). */
function plainInstantMillis(value: string): number | undefined {
  const m = PLAIN_INSTANT.exec(value);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // Milliseconds (not money), read as luxon reads the fraction (`.99999999999999999` rounds up to 1000: invalid).
  const millisecond = m[7] === undefined ? 0 : Math.floor(parseFloat(`0.${m[7]}`) * 1000);
  const offsetHours = m[9] === undefined ? 0 : Number(m[9]);
  const offsetMinutes = m[10] === undefined ? 0 : Number(m[10]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || millisecond > 999 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offset = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return epochDay(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * 60_000 + second * 1000 + millisecond - offset * 60_000;
}

export function isInstant(value: string): boolean {
  if (plainInstantMillis(value) !== undefined) return true;
  return /^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/.test(value) && DateTime.fromISO(value, { setZone: true }).isValid;
}

const amsterdam = IANAZone.create(ZONE);
/** Amsterdam's UTC offset in minutes per hour since the epoch; NaN for an hour in which it changes. */
const hourlyOffsets = new Map<number, number>();
const HOURLY_OFFSETS_LIMIT = 10_000;

function amsterdamOffsetAt(millis: number): number {
  const hour = Math.floor(millis / MS_PER_HOUR);
  let offset = hourlyOffsets.get(hour);
  if (offset === undefined) {
    // The zone changes its offset at most once an hour: equal at both ends means constant within.
    const start = amsterdam.offset(hour * MS_PER_HOUR);
    offset = start === amsterdam.offset((hour + 1) * MS_PER_HOUR - 1) ? start : Number.NaN;
    if (hourlyOffsets.size >= HOURLY_OFFSETS_LIMIT) hourlyOffsets.clear();
    hourlyOffsets.set(hour, offset);
  }
  return offset;
}

/** The calendar date in Amsterdam at an instant (ISO-8601 with offset). */
export function businessDateAt(instant: string): BusinessDate {
  const millis = plainInstantMillis(instant);
  if (millis !== undefined) {
    const offset = amsterdamOffsetAt(millis);
    if (!Number.isNaN(offset)) {
      // As luxon (and Date) do it: the local wall-clock milliseconds, truncated.
      const local = Math.trunc(millis + offset * 60 * 1000);
      const date = dateOfEpochDay(Math.floor(local / MS_PER_DAY));
      if (date !== undefined) return date;
    }
  }
  const dt = DateTime.fromISO(instant, { setZone: true });
  if (!dt.isValid) throw new RangeError(`not an instant: ${instant}`);
  return dt.setZone(ZONE).toISODate() as BusinessDate;
}
