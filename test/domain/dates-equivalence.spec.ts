import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYearsAndMonths, businessDateAt, isBusinessDate, isInstant, weekday, ZONE } from '../../domain/dates.js';
import { addWorkingDays, isWorkingDay, publicHolidays } from '../../domain/workingDays.js';

/**
 * domain/dates.ts does calendar arithmetic on year, month and day and caches Amsterdam's
 * offset per hour; these properties hold it to the luxon implementation it replaced (kept
 * below as the reference), over random and edge-case dates, amounts and instants, valid or not.
 */

// ------------------------------------------------------------------ the luxon reference
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const reference = {
  isBusinessDate(value: string): boolean {
    return ISO_DATE.test(value) && DateTime.fromISO(value, { zone: ZONE }).isValid;
  },
  toDateTime(date: string): DateTime {
    const dt = DateTime.fromISO(date, { zone: ZONE });
    if (!ISO_DATE.test(date) || !dt.isValid) throw new RangeError(`not a calendar date: ${date}`);
    return dt;
  },
  businessDateAt(instant: string): string {
    const dt = DateTime.fromISO(instant, { setZone: true });
    if (!dt.isValid) throw new RangeError(`not an instant: ${instant}`);
    return dt.setZone(ZONE).toISODate() as string;
  },
  isInstant(value: string): boolean {
    return /^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/.test(value) && DateTime.fromISO(value, { setZone: true }).isValid;
  },
  addDays(date: string, days: number): string {
    return reference.toDateTime(date).plus({ days }).toISODate() as string;
  },
  addMonths(date: string, months: number): string {
    return reference.toDateTime(date).plus({ months }).toISODate() as string;
  },
  addYearsAndMonths(date: string, years: number, months: number): string {
    return reference.toDateTime(date).plus({ years, months }).toISODate() as string;
  },
  publicHolidays(year: number): Set<string> {
    const easter = DateTime.fromObject(easterSundayParts(year), { zone: ZONE });
    const on = (month: number, day: number) => DateTime.fromObject({ year, month, day }, { zone: ZONE });
    const kingsDay = on(4, 27).weekday === 7 ? on(4, 26) : on(4, 27);
    return new Set(
      [on(1, 1), easter.minus({ days: 2 }), easter.plus({ days: 1 }), easter.plus({ days: 39 }), easter.plus({ days: 50 }), kingsDay, on(5, 5), on(12, 25), on(12, 26)].map((d) => d.toISODate()!),
    );
  },
  isWorkingDay(date: string): boolean {
    const dt = DateTime.fromISO(date, { zone: ZONE });
    if (dt.weekday >= 6) return false;
    return !reference.publicHolidays(dt.year).has(date);
  },
  addWorkingDays(date: string, days: number): string {
    let dt = DateTime.fromISO(date, { zone: ZONE });
    let left = days;
    while (left > 0) {
      dt = dt.plus({ days: 1 });
      if (reference.isWorkingDay(dt.toISODate()!)) left -= 1;
    }
    return dt.toISODate()!;
  },
};

function easterSundayParts(year: number): { year: number; month: number; day: number } {
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
  return { year, month: Math.floor((h + l - 7 * m + 114) / 31), day: ((h + l - 7 * m + 114) % 31) + 1 };
}

/** What a call did: its value, or the class and message of what it threw. */
function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    return error instanceof Error ? { threw: error.constructor.name, message: error.message } : { threw: String(error) };
  }
}

// ------------------------------------------------------------------ generators
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Mostly well-formed `yyyy-mm-dd` strings, about one in ten an impossible day (Feb 30, Apr 31, day 0). */
const dateString = fc
  .record({
    year: fc.oneof(
      { arbitrary: fc.integer({ min: 1890, max: 2110 }), weight: 6 },
      { arbitrary: fc.integer({ min: 0, max: 9999 }), weight: 2 },
      { arbitrary: fc.constantFrom(0, 1, 4, 99, 100, 400, 1582, 1900, 1918, 1940, 1945, 1977, 2000, 2024, 2100, 9998, 9999), weight: 2 },
    ),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 28 }), weight: 3 }, { arbitrary: fc.integer({ min: 28, max: 31 }), weight: 2 }, { arbitrary: fc.constant(0), weight: 1 }),
  })
  .map(({ year, month, day }) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);

/** Strings that are almost dates, or not at all. */
const notQuiteDate = fc.oneof(
  fc.constantFrom(
    '',
    '2026-02-30',
    '2026-1-01',
    '2026-01-1',
    '26-01-01',
    '20260101',
    '2026/01/01',
    ' 2026-01-01',
    '2026-01-01 ',
    '2026-01-01\n',
    '2026-01-01T00:00',
    '2026-01-01Z',
    '+002026-01-01',
    '-0001-01-01',
    '2026-13-01',
    '2026-00-10',
    '2026-W01-1',
    '2026-001',
    '２０２６-01-01',
    '2026-O1-01',
    '1900-02-29',
    '2100-02-29',
    '2000-02-29',
    '2024-02-29',
    '2023-02-29',
  ),
  fc.string({ maxLength: 12 }),
  fc.tuple(dateString, fc.integer({ min: 0, max: 9 }), fc.constantFrom('x', '-', '0', '1', ' ', 'T')).map(([d, i, c]) => d.slice(0, i) + c + d.slice(i + 1)),
);

const anyDateString = fc.oneof({ arbitrary: dateString, weight: 4 }, { arbitrary: notQuiteDate, weight: 1 });

/** Day counts: small and large, past years 0000 and 9999, and what luxon does with fractions and non-numbers. */
const dayCount = fc.oneof(
  { arbitrary: fc.integer({ min: -800, max: 800 }), weight: 6 },
  { arbitrary: fc.integer({ min: -4_000_000, max: 4_000_000 }), weight: 2 },
  { arbitrary: fc.constantFrom(0, -0, 0.5, -0.5, 1.5, -1.25, 28.999, Number.NaN, Number.POSITIVE_INFINITY, 1e9, -1e9, 2 ** 53, 1e300), weight: 1 },
);

const monthCount = fc.oneof(
  { arbitrary: fc.integer({ min: -30, max: 30 }), weight: 6 },
  { arbitrary: fc.integer({ min: -130_000, max: 130_000 }), weight: 2 },
  { arbitrary: fc.constantFrom(0, -0, 0.5, -0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e12), weight: 1 },
);

const yearCount = fc.oneof(
  { arbitrary: fc.integer({ min: -120, max: 120 }), weight: 6 },
  { arbitrary: fc.integer({ min: -12_000, max: 12_000 }), weight: 1 },
  { arbitrary: fc.constantFrom(0, 0.5, -1.5, Number.NaN), weight: 1 },
);

const twoDigits = (max: number) => fc.integer({ min: 0, max }).map((n) => pad(n, 2));
const offsetSuffix = fc.oneof(
  { arbitrary: fc.constant('Z'), weight: 4 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('+', '-'), fc.oneof({ arbitrary: twoDigits(14), weight: 5 }, { arbitrary: twoDigits(99), weight: 1 }), fc.oneof(fc.constantFrom('00', '30', '45'), twoDigits(99)), fc.constantFrom(':', '', 'none'))
      .map(([sign, h, m, sep]) => (sep === 'none' ? `${sign}${h}` : `${sign}${h}${sep}${m}`)),
    weight: 4,
  },
  { arbitrary: fc.constantFrom('z', '', '+1', '+01:0', 'GMT', '[Europe/Amsterdam]', 'Z[Europe/Amsterdam]', '+01:00[Europe/Amsterdam]'), weight: 1 },
);
const fraction = fc.oneof(
  { arbitrary: fc.constant(''), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 999 }).map((n) => `.${pad(n, 3)}`), weight: 3 },
  { arbitrary: fc.stringMatching(/^\d{1,12}$/).map((d) => `.${d}`), weight: 2 },
  { arbitrary: fc.constantFrom('.99999999999999999', '.9999', ',5', '.', '.5'), weight: 1 },
);
const timeOfDay = fc.oneof(
  {
    arbitrary: fc
      .tuple(fc.oneof({ arbitrary: twoDigits(23), weight: 9 }, { arbitrary: fc.constantFrom('24', '25', '99'), weight: 1 }), twoDigits(60), fc.oneof(twoDigits(60), fc.constant('')), fraction)
      .map(([h, m, s, f]) => (s === '' ? `${h}:${m}` : `${h}:${m}:${s}${f}`)),
    weight: 9,
  },
  { arbitrary: fc.constantFrom('24:00', '24:00:00', '24:00:00.000', '24:00:01', '10', '1000', '100000', '10:00:00.123456789', 'garbage'), weight: 1 },
);

/** ISO-ish instant strings: plain forms as clients send them, odd-but-valid ISO, and invalid. */
const instantString = fc.oneof(
  { arbitrary: fc.tuple(anyDateString, timeOfDay, offsetSuffix).map(([d, t, o]) => `${d}T${t}${o}`), weight: 8 },
  { arbitrary: fc.tuple(dateString, timeOfDay, offsetSuffix).map(([d, t, o]) => `${d} ${t}${o}`), weight: 1 },
  { arbitrary: fc.oneof(notQuiteDate, fc.string({ maxLength: 30 })), weight: 1 },
);

/** Epoch milliseconds from 1890 to 2110, printed as toISOString() does or with an offset. */
const instantMillis = fc.integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(2110, 11, 31) });

function withOffset(millis: number, offsetMinutes: number, withMillis: boolean): string {
  const local = new Date(millis + offsetMinutes * 60_000).toISOString().slice(0, withMillis ? 23 : 19);
  if (offsetMinutes === 0) return `${local}Z`;
  const abs = Math.abs(offsetMinutes);
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/** Every UTC instant from 1890 to 2110 where Amsterdam's offset changes (found day by day, then to the millisecond). */
function amsterdamTransitions(): number[] {
  const zone = IANAZone.create(ZONE);
  const found: number[] = [];
  const day = 86_400_000;
  let previous = zone.offset(Date.UTC(1890, 0, 1));
  for (let t = Date.UTC(1890, 0, 1) + day; t <= Date.UTC(2110, 11, 31); t += day) {
    const offset = zone.offset(t);
    if (offset === previous) continue;
    let low = t - day;
    let high = t;
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (zone.offset(mid) === previous) low = mid;
      else high = mid;
    }
    found.push(high);
    previous = offset;
  }
  return found;
}

const RUNS = 10_000;

// ------------------------------------------------------------------ properties
describe('business dates match the luxon implementation', () => {
  it('isBusinessDate', () => {
    fc.assert(fc.property(anyDateString, (s) => {
          expect(isBusinessDate(s)).toBe(reference.isBusinessDate(s));
        }), { numRuns: RUNS });
  });

  it('isBusinessDate and isInstant of values that are not strings (untyped callers)', () => {
    for (const value of [null, undefined, 20260101, 0, {}, true]) {
      const s = value as unknown as string;
      expect(outcome(() => isBusinessDate(s))).toEqual(outcome(() => reference.isBusinessDate(s)));
      expect(outcome(() => isInstant(s))).toEqual(outcome(() => reference.isInstant(s)));
    }
  });

  it('accepts exactly the calendar dates of 0000-9999 (every day, every year)', () => {
    for (let year = 0; year <= 9999; year++) {
      for (const [month, day] of [[2, 28], [2, 29], [2, 30], [4, 30], [4, 31], [12, 31], [12, 32], [1, 0]] as const) {
        const s = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
        if (isBusinessDate(s) !== reference.isBusinessDate(s)) expect.fail(`${s}: ${isBusinessDate(s)}`);
      }
    }
  });

  it('addDays', () => {
    fc.assert(fc.property(anyDateString, dayCount, (d, n) => {
          expect(outcome(() => addDays(d, n))).toEqual(outcome(() => reference.addDays(d, n)));
        }), { numRuns: RUNS });
  });

  it('addDays step by step agrees with luxon from 1890 to 2110 (every day, DST changes included)', () => {
    let mine = '1890-01-01';
    let theirs = DateTime.fromISO(mine, { zone: ZONE });
    while (mine < '2111-01-01') {
      mine = addDays(mine, 1);
      theirs = theirs.plus({ days: 1 });
      if (mine !== theirs.toISODate()) expect.fail(`${mine} vs ${theirs.toISODate()}`);
    }
  });

  it('addMonths, clamping month ends (Jan 31 + 1 month = Feb 28/29)', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    fc.assert(fc.property(anyDateString, monthCount, (d, n) => {
          expect(outcome(() => addMonths(d, n))).toEqual(outcome(() => reference.addMonths(d, n)));
        }), { numRuns: RUNS });
  });

  it('addYearsAndMonths (Feb 29 + 1 year = Feb 28)', () => {
    expect(addYearsAndMonths('2024-02-29', 1, 0)).toBe('2025-02-28');
    expect(addYearsAndMonths('2007-02-28', 18, 0)).toBe('2025-02-28');
    fc.assert(
      fc.property(anyDateString, yearCount, monthCount, (d, y, m) => {
          expect(outcome(() => addYearsAndMonths(d, y, m))).toEqual(outcome(() => reference.addYearsAndMonths(d, y, m)));
        }),
      { numRuns: RUNS },
    );
  });

  it('weekday', () => {
    // Luxon reads 0000-02-29 as a Wednesday (1 March): it builds years 0-99 through Date.UTC,
    // which takes them as 1900-1999, and 1900 has no 29 February. It was a Tuesday.
    expect(weekday('0000-02-29')).toBe(2);
    expect(weekday('2026-07-04')).toBe(6);
    fc.assert(
      fc.property(anyDateString.filter((d) => d !== '0000-02-29'), (d) => {
        const dt = DateTime.fromISO(d, { zone: ZONE });
        expect(outcome(() => weekday(d))).toEqual(reference.isBusinessDate(d) ? { value: dt.weekday } : outcome(() => reference.toDateTime(d)));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('instants match the luxon implementation', () => {
  it('isInstant', () => {
    fc.assert(fc.property(instantString, (s) => {
          expect(isInstant(s)).toBe(reference.isInstant(s));
        }), { numRuns: RUNS * 2 });
  });

  it('businessDateAt, for strings of every kind', () => {
    fc.assert(fc.property(instantString, (s) => {
          expect(outcome(() => businessDateAt(s))).toEqual(outcome(() => reference.businessDateAt(s)));
        }), { numRuns: RUNS * 2 });
  });

  it('businessDateAt, for instants from 1890 to 2110 in any offset', () => {
    fc.assert(
      fc.property(instantMillis, fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.boolean(), (millis, offset, withMillis) => {
        const s = withOffset(millis, offset, withMillis);
        expect(businessDateAt(s)).toBe(reference.businessDateAt(s));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('businessDateAt around every Amsterdam offset change from 1890 to 2110', () => {
    const transitions = amsterdamTransitions();
    expect(transitions.length).toBeGreaterThan(250);
    const around = [-3_600_001, -3_600_000, -60_001, -1001, -1, 0, 1, 999, 1000, 60_000, 3_599_999, 3_600_000, 7_200_000];
    for (const t of transitions) {
      for (const delta of around) {
        for (const offset of [0, 60, 120, -300]) {
          for (const withMillis of [true, false]) {
            const s = withOffset(t + delta, offset, withMillis);
            // Twice: once filling the hour's cached offset, once reading it.
            for (let i = 0; i < 2; i++) if (businessDateAt(s) !== reference.businessDateAt(s)) expect.fail(`${s}: ${businessDateAt(s)} vs ${reference.businessDateAt(s)}`);
          }
        }
      }
    }
  });

  it('businessDateAt near local midnight on DST change days and at the ends of years 0000-9999', () => {
    const cases = [
      '2026-03-29T00:59:59.999Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-28T22:59:59.999Z',
      '2026-03-28T23:00:00.000Z',
      '2026-10-24T21:59:59.999Z',
      '2026-10-24T22:00:00Z',
      '2026-10-25T00:59:59.999Z',
      '2026-10-25T01:00:00Z',
      '2026-10-25T02:30:00+02:00',
      '2026-10-25T02:30:00+01:00',
      '9999-12-31T23:00:00Z',
      '9999-12-31T22:59:59.999Z',
      '0000-01-01T00:00:00+05:00',
      '0000-01-01T00:00:00Z',
      '0000-01-01T00:00:00-01:00',
      '2026-01-01T10:00:00.9999999999999999999Z',
    ];
    for (const s of cases) expect(outcome(() => businessDateAt(s)), s).toEqual(outcome(() => reference.businessDateAt(s)));
  });
});

describe('working days match the luxon implementation', () => {
  it('publicHolidays, every year 1900-2200', () => {
    for (let year = 1900; year <= 2200; year++) expect([...publicHolidays(year)].sort()).toEqual([...reference.publicHolidays(year)].sort());
  });

  it('publicHolidays hands out a copy (the cached set stays intact)', () => {
    publicHolidays(2026).clear();
    expect(publicHolidays(2026).size).toBe(9);
  });

  it('isWorkingDay and addWorkingDays', () => {
    fc.assert(
      // Until 9990: a deadline past 9999-12-31 is no calendar date yyyy-mm-dd (luxon wrote +010000-01-01).
      fc.property(dateString.filter((d) => reference.isBusinessDate(d) && d < '9990'), fc.integer({ min: 0, max: 30 }), (d, n) => {
        expect(isWorkingDay(d)).toBe(reference.isWorkingDay(d));
        expect(addWorkingDays(d, n)).toBe(reference.addWorkingDays(d, n));
      }),
      { numRuns: 1_000 },
    );
  });
});
