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

describe('HouseholdRegistered v1 → v2: member roles', () => {
  const member = (memberId: string, bsn: string) => ({ memberId, bsn, name: `Lid ${memberId}`, birthDate: '1990-01-01' });
  const v1 = (composition: string, count: number) => ({
    type: 'HouseholdRegistered',
    v: 1,
    data: { householdId: 'h', composition, municipality: 'Utrecht', members: ['111222333', '999993653', '123456782'].slice(0, count).map((b, i) => member(`m${i + 1}`, b)) },
    meta: { ...meta, org: 'GEM-UTRECHT', role: 'COUNSELLOR' },
  });
  const roles = (raw: ReturnType<typeof v1>) => {
    const event = parseHouseholdEvent(raw);
    if (event.type !== 'HouseholdRegistered') throw new Error('wrong type');
    expect(event.v).toBe(2);
    return event.data.members.map((m) => m.role);
  };

  it('couple with a child: DEBTOR, PARTNER, CHILD', () => {
    expect(roles(v1('COUPLE_WITH_CHILDREN', 3))).toEqual(['DEBTOR', 'PARTNER', 'CHILD']);
  });
  it('couple: DEBTOR, PARTNER', () => {
    expect(roles(v1('COUPLE', 2))).toEqual(['DEBTOR', 'PARTNER']);
  });
  it('single parent: DEBTOR, CHILD (the second member of a non-couple is no partner)', () => {
    expect(roles(v1('SINGLE_PARENT', 2))).toEqual(['DEBTOR', 'CHILD']);
  });
  it('single: DEBTOR', () => {
    expect(roles(v1('SINGLE', 1))).toEqual(['DEBTOR']);
  });
});
