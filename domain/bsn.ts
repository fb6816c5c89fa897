/**
 * BSN (burgerservicenummer) syntax check, the elfproef (dutch-debt-rules.md §6.1):
 * nine digits, not all zeros, 9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11.
 * It proves the number is well formed, not that it was ever issued.
 */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value) || value === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(value[i]);
  sum -= Number(value[8]);
  return sum % 11 === 0;
}
