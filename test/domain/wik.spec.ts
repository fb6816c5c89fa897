import { describe, expect, it } from 'vitest';
import { WIK_MAXIMUM, WIK_MINIMUM, firstDayCostsMayBeCharged, wikMaximum } from '../../domain/wik.js';

/** Policy §5 and dutch-debt-rules.md §4.1 (the WIK scale) and §4.2 (the 14-day letter). */

describe('wikMaximum: the worked values of dutch-debt-rules.md §4.1', () => {
  it.each([
    // principal, fee, fee incl. 21% VAT (all in cents)
    [20_000, 4_000, 4_840], // €200: the €40 minimum
    [100_000, 15_000, 18_150], // €1,000
    [300_000, 42_500, 51_425], // €3,000
    [1_000_000, 87_500, 105_875], // €10,000
    [1_200_000, 89_500, 108_295], // €12,000
    [20_000_000, 277_500, 335_775], // €200,000
    [100_000_000, 677_500, 819_775], // €1,000,000: the €6,775 maximum
    [150_000_000, 677_500, 819_775], // above €1,000,000
    [Number.MAX_SAFE_INTEGER, 677_500, 819_775],
  ])('principal %i cents: %i without VAT, %i with VAT', (principal, fee, feeWithVat) => {
    expect(wikMaximum(principal, false)).toBe(fee);
    expect(wikMaximum(principal, true)).toBe(feeWithVat);
  });

  it('has the statutory minimum and maximum', () => {
    expect(WIK_MINIMUM).toBe(4_000);
    expect(WIK_MAXIMUM).toBe(677_500);
  });

  it('applies each bracket rate only to its own part', () => {
    expect(wikMaximum(250_000, false)).toBe(37_500); // 15% of €2,500
    expect(wikMaximum(500_000, false)).toBe(62_500); // + 10% of €2,500
    expect(wikMaximum(500_100, false)).toBe(62_505); // + 5% of €1
    expect(wikMaximum(20_010_000, false)).toBe(277_550); // + 0.5% of €100
  });

  it('the minimum holds up to a principal of €266.67', () => {
    expect(wikMaximum(1, false)).toBe(4_000);
    expect(wikMaximum(26_666, false)).toBe(4_000); // 3,999.9
    expect(wikMaximum(26_667, false)).toBe(4_000); // 4,000.05
    expect(wikMaximum(26_670, false)).toBe(4_001); // 4,000.5 rounds up
  });

  it('rounds the scale half up to whole cents', () => {
    expect(wikMaximum(250_005, false)).toBe(37_501); // 37,500 + 0.5
    expect(wikMaximum(250_004, false)).toBe(37_500); // 37,500 + 0.4
    expect(wikMaximum(20_000_100, false)).toBe(277_501); // 277,500 + 0.5
  });

  it('rounds the VAT half up', () => {
    expect(wikMaximum(27_000, false)).toBe(4_050);
    expect(wikMaximum(27_000, true)).toBe(4_901); // 4,050 × 1.21 = 4,900.5
    expect(wikMaximum(26_670, true)).toBe(4_841); // 4,001 × 1.21 = 4,841.21
  });

  it('the maximum is reached exactly at €1,000,000', () => {
    expect(wikMaximum(99_999_900, false)).toBe(677_500); // 677,499.5 rounds up
    expect(wikMaximum(99_999_800, false)).toBe(677_499);
  });
});

describe('firstDayCostsMayBeCharged: 14 full days after receipt of the reminder, the day after receipt being day 1', () => {
  it.each([
    ['2025-03-01', '2025-03-16'],
    ['2025-02-20', '2025-03-07'], // across the end of February
    ['2024-02-20', '2024-03-06'], // leap year
    ['2025-03-25', '2025-04-09'], // across the switch to summer time
    ['2025-12-20', '2026-01-04'], // across the year end
  ])('reminder received on %s: costs from %s', (reminder, firstDay) => {
    expect(firstDayCostsMayBeCharged(reminder)).toBe(firstDay);
  });
});
