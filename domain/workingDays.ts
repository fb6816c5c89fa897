import { DateTime } from 'luxon';
import { addDays, weekday, ZONE, type BusinessDate } from './dates.js';

/**
 * Working days in the Netherlands: Monday to Friday except the generally recognised holidays
 * of the Algemene termijnenwet (art. 3): New Year's Day, Good Friday (Goede Vrijdag), Easter
 * Monday, Ascension Day, Whit Monday, Christmas Day and Boxing Day, King's Day (27 April, or 26
 * April when the 27th is a Sunday) and Liberation Day (5 May), plus the days designated under
 * art. 3 lid 3, which come from the dated parameter table (`designatedDays`) and are passed in.
 * Easter and Whit Sunday fall on Sundays anyway.
 */

/** Extra non-working days designated under art. 3 lid 3 (none unless the parameter table names some). */
export type DesignatedDays = ReadonlySet<BusinessDate>;
const NO_DESIGNATED_DAYS: DesignatedDays = new Set();

/** Easter Sunday of a year (Anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): BusinessDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.fromObject({ year, month, day }, { zone: ZONE }).toISODate()!;
}

function holidaysIn(year: number): ReadonlySet<BusinessDate> {
  const easter = DateTime.fromISO(easterSunday(year), { zone: ZONE });
  const on = (month: number, day: number) => DateTime.fromObject({ year, month, day }, { zone: ZONE });
  const kingsDay = on(4, 27).weekday === 7 ? on(4, 26) : on(4, 27);
  return new Set(
    [
      on(1, 1),
      easter.minus({ days: 2 }),
      easter.plus({ days: 1 }),
      easter.plus({ days: 39 }),
      easter.plus({ days: 50 }),
      kingsDay,
      on(5, 5),
      on(12, 25),
      on(12, 26),
    ].map((d) => d.toISODate()!),
  );
}

/** Each year's holidays, computed once: a deadline looks at them for every day it counts. */
const holidaysByYear = new Map<number, ReadonlySet<BusinessDate>>();
const HOLIDAY_YEARS_LIMIT = 1_000;

function cachedHolidays(year: number): ReadonlySet<BusinessDate> {
  let holidays = holidaysByYear.get(year);
  if (holidays === undefined) {
    holidays = holidaysIn(year);
    if (holidaysByYear.size >= HOLIDAY_YEARS_LIMIT) holidaysByYear.clear();
    holidaysByYear.set(year, holidays);
  }
  return holidays;
}

export function publicHolidays(year: number): Set<BusinessDate> {
  return new Set(cachedHolidays(year));
}

/** Throws a RangeError for anything but a calendar date `yyyy-mm-dd`. */
export function isWorkingDay(date: BusinessDate, designated: DesignatedDays = NO_DESIGNATED_DAYS): boolean {
  if (weekday(date) >= 6) return false;
  return !cachedHolidays(Number(date.slice(0, 4))).has(date) && !designated.has(date);
}

/** The date `days` working days after `date` (the day itself does not count). */
export function addWorkingDays(date: BusinessDate, days: number, designated: DesignatedDays = NO_DESIGNATED_DAYS): BusinessDate {
  let current = addDays(date, 0); // a RangeError for anything but a calendar date
  let left = days;
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current, designated)) left -= 1;
  }
  return current;
}
