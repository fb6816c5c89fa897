import { describe, expect, it } from 'vitest';
import { isValidBsn } from '../../domain/bsn.js';

/** The elfproef (dutch-debt-rules.md §6.1): 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11). */
describe('isValidBsn', () => {
  it.each([
    ['111222333'], // 9+8+7+12+10+8+9+6−3 = 66 = 6 × 11
    ['999993653'], // 81+72+63+54+45+12+18+10−3 = 352 = 32 × 11
    ['100000009'], // 9 − 9 = 0
  ])('accepts %s', (bsn) => {
    expect(isValidBsn(bsn)).toBe(true);
  });

  it.each([
    ['123456789', 'fails the elfproef (147)'],
    ['111222334', 'one digit off'],
    ['999993654', 'one digit off'],
    ['000000000', 'all zeros passes the sum but is excluded'],
    ['11122233', 'eight digits'],
    ['1112223330', 'ten digits'],
    ['011122233', 'a ten-digit BSN cut short'],
    ['11122233a', 'a letter'],
    ['abcdefghi', 'letters'],
    [' 111222333', 'leading space'],
    ['111222333 ', 'trailing space'],
    ['111-222-333', 'separators'],
    ['１１１２２２３３３', 'full-width digits'],
    ['', 'empty'],
  ])('rejects %s (%s)', (bsn) => {
    expect(isValidBsn(bsn)).toBe(false);
  });
});
