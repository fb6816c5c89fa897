import { describe, expect, it } from 'vitest';
import { addWorkingDays, easterSunday, isWorkingDay, publicHolidays } from '../../domain/workingDays.js';

/**
 * Working days under the Algemene termijnenwet (art. 3): Monday to Friday except New Year's Day,
 * Good Friday, Easter Monday, Ascension Day, Whit Monday, Christmas and Boxing Day, King's Day
 * (27 April, or 26 April when the 27th is a Sunday) and Liberation Day (5 May). Good Friday
 * counts since issue 12 (policy §10); test/rules/holidays.spec.ts holds 2024–2030 by hand.
 */
describe('Easter Sunday', () => {
  it.each([
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('falls in %i on %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('public holidays of the Algemene termijnenwet', () => {
  it('2025: King’s Day moves to Saturday 26 April because 27 April is a Sunday', () => {
    expect([...publicHolidays(2025)].sort()).toEqual([
      '2025-01-01', // New Year's Day
      '2025-04-18', // Good Friday
      '2025-04-21', // Easter Monday
      '2025-04-26', // King's Day (27 April 2025 is a Sunday)
      '2025-05-05', // Liberation Day
      '2025-05-29', // Ascension Day (Easter + 39)
      '2025-06-09', // Whit Monday (Easter + 50)
      '2025-12-25',
      '2025-12-26',
    ]);
  });

  it('2024: King’s Day stays on Saturday 27 April', () => {
    expect([...publicHolidays(2024)].sort()).toEqual([
      '2024-01-01',
      '2024-03-29',
      '2024-04-01',
      '2024-04-27',
      '2024-05-05',
      '2024-05-09',
      '2024-05-20',
      '2024-12-25',
      '2024-12-26',
    ]);
  });

  it('2026: King’s Day is Monday 27 April', () => {
    expect([...publicHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-04-27',
      '2026-05-05',
      '2026-05-14',
      '2026-05-25',
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  it.each([2014, 2031, 2036])('in %i (27 April on a Sunday) King’s Day is 26 April', (year) => {
    expect(publicHolidays(year).has(`${year}-04-26`)).toBe(true);
    expect(publicHolidays(year).has(`${year}-04-27`)).toBe(false);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2025-01-01', false, "New Year's Day (Wednesday)"],
    ['2025-01-02', true, 'Thursday'],
    ['2025-03-20', true, 'Thursday'],
    ['2025-03-22', false, 'Saturday'],
    ['2025-03-23', false, 'Sunday'],
    ['2025-04-18', false, 'Good Friday (policy §10)'],
    ['2025-04-21', false, 'Easter Monday'],
    ['2025-04-25', true, 'Friday before King’s Day'],
    ['2025-04-28', true, 'Monday after King’s Day on Saturday: no substitute day'],
    ['2025-05-05', false, 'Liberation Day (Monday)'],
    ['2025-05-29', false, 'Ascension Day'],
    ['2025-05-30', true, 'Friday after Ascension'],
    ['2025-06-09', false, 'Whit Monday'],
    ['2025-12-25', false, 'Christmas'],
    ['2025-12-26', false, 'Boxing Day'],
    ['2026-04-27', false, 'King’s Day 2026 (Monday)'],
    ['2026-04-03', false, 'Good Friday 2026'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(isWorkingDay(date)).toBe(working);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2025-03-20', 0, '2025-03-20', 'zero days: the day itself'],
    ['2025-03-20', 1, '2025-03-21', 'Thursday + 1 = Friday'],
    ['2025-03-21', 1, '2025-03-24', 'Friday + 1 skips the weekend'],
    ['2025-03-20', 3, '2025-03-25', 'Thursday + 3 across a weekend'],
    ['2025-03-22', 1, '2025-03-24', 'from a Saturday: Monday is day 1'],
    ['2025-03-22', 3, '2025-03-26', 'from a Saturday: Wednesday is day 3'],
    ['2025-04-17', 1, '2025-04-22', 'Good Friday, the Easter weekend and Easter Monday are skipped'],
    ['2025-04-17', 2, '2025-04-23', 'then Wednesday'],
    ['2025-04-17', 3, '2025-04-24', 'Thursday before Easter + 3 = Thursday after'],
    ['2025-04-25', 1, '2025-04-28', 'King’s Day on Saturday adds no extra day'],
    ['2026-04-24', 1, '2026-04-28', 'King’s Day on Monday 2026 is skipped'],
    ['2025-05-02', 1, '2025-05-06', 'Liberation Day on Monday is skipped'],
    ['2025-05-28', 1, '2025-05-30', 'Ascension Day is skipped'],
    ['2025-06-06', 1, '2025-06-10', 'Whit Monday is skipped'],
    ['2025-12-24', 1, '2025-12-29', 'Christmas, Boxing Day and the weekend are skipped'],
    ['2025-12-31', 1, '2026-01-02', "New Year's Day of the next year is skipped"],
    ['2025-12-24', 3, '2025-12-31', 'across Christmas and the weekend'],
    ['2025-12-24', 4, '2026-01-02', 'across Christmas and New Year'],
  ])('%s + %i working day(s) = %s (%s)', (from, days, expected) => {
    expect(addWorkingDays(from, days)).toBe(expected);
  });

  it('every result is a working day after the start, and counts exactly that many working days', () => {
    for (let day = 0; day < 366; day++) {
      const from = new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10);
      for (const n of [1, 3, 5]) {
        const to = addWorkingDays(from, n);
        expect(isWorkingDay(to), `${from} + ${n} = ${to}`).toBe(true);
        let counted = 0;
        for (let d = new Date(`${from}T12:00:00Z`); ; ) {
          d = new Date(d.getTime() + 86_400_000);
          const iso = d.toISOString().slice(0, 10);
          if (isWorkingDay(iso)) counted += 1;
          if (iso === to) break;
        }
        expect(counted, `${from} + ${n}`).toBe(n);
      }
    }
  });
});
