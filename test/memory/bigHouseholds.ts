import type { EventToAppend } from '../../infra/eventStore.js';

/** A claim's free text as a counsellor might write it (1,200 characters; the limit is 2,000). */
const NOTE = 'snelheidsovertreding op de A12 bij Utrecht, kenteken en zaaknummer in het dossier. '.repeat(15).slice(0, 1_200);

/**
 * A household of `events` events written as stored facts (not through the decider, so the
 * history stays valid whatever rule later refuses to write it again): a registration, an
 * income, then claims with a payment each. Every claim carries a description, personal data
 * sealed per household, so reading it opens hundreds of values.
 */
export function bigHousehold(householdId: string, events: number): EventToAppend[] {
  const meta = (org: string, role: string, n: number, effectiveOn: string) => ({
    org,
    role,
    sub: `${role.toLowerCase()}@${org}`,
    commandId: `${householdId}-${n}`,
    correlationId: 'memory-test',
    recordedAt: '2025-03-20T10:00:00.000+01:00',
    effectiveOn,
  });
  const stream: EventToAppend[] = [
    {
      type: 'HouseholdRegistered',
      v: 1,
      data: {
        householdId,
        composition: 'SINGLE',
        municipality: 'Utrecht',
        members: [{ memberId: 'm1', bsn: '111222333', name: 'J. de Vries', birthDate: '1988-04-12' }],
      },
      meta: meta('GEM-UTRECHT', 'COUNSELLOR', 0, '2025-01-01'),
    },
    {
      type: 'IncomeDeclared',
      v: 1,
      data: { memberId: 'm1', kind: 'WAGES', payer: 'Werkgever BV', netMonthly: 250_000 },
      meta: meta('GEM-UTRECHT', 'COUNSELLOR', 1, '2025-01-01'),
    },
  ];
  for (let i = 0; stream.length < events; i++) {
    const claimId = `${householdId}.claim-${i}`;
    stream.push({
      type: 'ClaimRegistered',
      v: 1,
      data: {
        claimId,
        creditorId: 'CJIB',
        reference: `CJIB-${i}`,
        description: `Verkeersboete ${i}: ${NOTE}`,
        principal: 10_000 + i,
        preferential: false,
        consumer: true,
      },
      meta: meta('CJIB', 'CREDITOR', stream.length, '2025-01-10'),
    });
    if (stream.length < events) {
      stream.push({ type: 'PaymentRecorded', v: 1, data: { claimId, amount: 1_000 }, meta: meta('CJIB', 'CREDITOR', stream.length, '2025-03-01') });
    }
  }
  return stream;
}
