import { describe, expect, it } from 'vitest';
import { parseHouseholdEvent } from '../../domain/household/events.js';

/** Issue 12: old event versions are upcast in one place (domain/household/events.ts). */

const meta = {
  org: 'CJIB',
  role: 'CREDITOR',
  sub: 'inning@cjib.nl',
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  recordedAt: '2025-03-20T10:00:00.000+01:00',
  effectiveOn: '2025-03-18',
};

describe('upcasting', () => {
  it('CollectionCostsCharged v1 reads as v2 without a receipt date or reminder reference', () => {
    const v1 = { type: 'CollectionCostsCharged', v: 1, data: { claimId: 'h.c', amount: 4_000, vatApplies: false, reminderSentOn: '2025-03-01' }, meta };
    expect(parseHouseholdEvent(v1)).toEqual({
      type: 'CollectionCostsCharged',
      v: 2,
      data: { claimId: 'h.c', amount: 4_000, vatApplies: false, reminderSentOn: '2025-03-01', reminderReceivedOn: null, reminderReference: null },
      meta,
    });
  });

  it('an invalid v1 event is refused, not upcast', () => {
    const bad = { type: 'CollectionCostsCharged', v: 1, data: { claimId: 'h.c', amount: -1, vatApplies: false, reminderSentOn: '2025-03-01' }, meta };
    expect(() => parseHouseholdEvent(bad)).toThrow();
  });

  it('an unknown version is refused', () => {
    const v9 = { type: 'CollectionCostsCharged', v: 9, data: {}, meta };
    expect(() => parseHouseholdEvent(v9)).toThrow();
  });
});
