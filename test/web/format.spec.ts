import { describe, expect, it } from 'vitest';
import { dayBefore, formatDate, formatEuros, parseEuros } from '../../web/src/format.js';

/** What a counsellor reads and types in the app: Dutch amounts and dates. */
describe('amounts', () => {
  it('read as Dutch euros', () => {
    expect(formatEuros(123_456)).toBe('€ 1.234,56');
    expect(formatEuros(0)).toBe('€ 0,00');
    expect(formatEuros(5)).toBe('€ 0,05');
    expect(formatEuros(100_000_000)).toBe('€ 1.000.000,00');
  });

  it('are typed the Dutch way, or plainly, and become whole cents', () => {
    expect(parseEuros('1.234,56')).toBe(123_456);
    expect(parseEuros('€ 1.234,56')).toBe(123_456);
    expect(parseEuros('1234,5')).toBe(123_450);
    expect(parseEuros('1234.56')).toBe(123_456);
    expect(parseEuros('1.450')).toBe(145_000);
    expect(parseEuros('12')).toBe(1_200);
    expect(parseEuros('0,07')).toBe(7);
  });

  it('refuse what is no amount rather than guess', () => {
    for (const text of ['', 'abc', '1,234.56', '12,345', '1.2.3', '-5', '1e3']) expect(parseEuros(text), text).toBeNull();
  });
});

describe('dates', () => {
  it('read as "4 december 2025", in English as "4 December 2025"', () => {
    expect(formatDate('2025-12-04')).toBe('4 december 2025');
    expect(formatDate('2025-01-01', 'en')).toBe('1 January 2025');
    expect(formatDate('2025-03-30')).toBe('30 maart 2025');
  });
});

describe('the day before a date', () => {
  it('crosses months, years and leap days', () => {
    expect(dayBefore('2025-03-01')).toBe('2025-02-28');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2026-01-01')).toBe('2025-12-31');
    expect(dayBefore('2025-10-27')).toBe('2025-10-26');
    expect(() => dayBefore('27-10-2025x')).toThrow(RangeError);
  });
});
