/** How amounts and dates read in the app: Dutch conventions, no dependency on React (tested on its own). */
export type Lang = 'nl' | 'en';

const euros = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
const longDate = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
const longDateEn = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
const dateTime = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam',
});

/** Cents as Dutch euros: 123456 → "€ 1.234,56" (with an ordinary space, so it reads and copies plainly). */
export function formatEuros(cents: number): string {
  return euros.format(cents / 100).replace(/\u00a0/g, ' ');
}

/** A business date (yyyy-mm-dd) as "4 december 2025" (or "4 December 2025" in English). */
export function formatDate(date: string, lang: Lang = 'nl'): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  // Noon UTC is the same calendar day in Amsterdam.
  return (lang === 'nl' ? longDate : longDateEn).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

export function formatDateTime(instant: string): string {
  return dateTime.format(new Date(instant));
}

/** Euros as typed by a person ("1.234,56", "1234.56", "€ 12") to cents; null when it is no amount. */
export function parseEuros(text: string): number | null {
  let s = text.replace(/[€\s]/g, '');
  if (s === '') return null;
  // Dutch: dots group thousands, the comma is the decimal sign; a lone dot with 1-2 decimals is a decimal point.
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole, fraction = ''] = s.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** The calendar day before a business date (yyyy-mm-dd): plain calendar arithmetic, no time zone involved. */
export function dayBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) throw new RangeError(`not a date: ${date}`);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** Today in Amsterdam as yyyy-mm-dd. */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
}
