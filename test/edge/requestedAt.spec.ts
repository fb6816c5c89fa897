import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ZONE } from '../../domain/dates.js';
import { instantInAmsterdam } from '../../api/edge/requestedAt.js';

/** The request's instant is written as luxon writes it in the zone, also around DST changes. */
describe('a request stamped with its instant in Amsterdam', () => {
  const luxon = (at: Date) => DateTime.fromJSDate(at).setZone(ZONE).toISO();

  it('reads as luxon writes it, through both DST changes of a year and far from them', () => {
    const around = [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(2025, 0, 1), Date.UTC(1999, 11, 31, 23)];
    for (const change of around) {
      for (let ms = change - 2 * 3_600_000; ms <= change + 2 * 3_600_000; ms += 60_013) {
        expect(instantInAmsterdam(new Date(ms))).toBe(luxon(new Date(ms)));
      }
      expect(instantInAmsterdam(new Date(change - 1))).toBe(luxon(new Date(change - 1)));
      expect(instantInAmsterdam(new Date(change))).toBe(luxon(new Date(change)));
    }
    for (let i = 0; i < 2_000; i++) {
      const at = new Date(Math.floor(((i * 7919) % 2_000) * 2e9));
      expect(instantInAmsterdam(at)).toBe(luxon(at));
    }
  });
});
