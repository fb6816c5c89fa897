import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, expectNoErrors, type TestApi } from '../support/api.js';

/**
 * The scripted investigation of issue 5: income drops after CJIB agreed a set-off; the household
 * complains; the ombudsman sees the breach, the events that prove it, and what the ledger
 * showed before the drop.
 */
describe('an ombudsman investigation', () => {
  let api: TestApi;
  beforeEach(() => {
    api = createTestApi();
  });
  afterEach(async () => {
    await api.close();
  });

  it('finds the set-off that no longer fits after the income drop, with the events and the old capacity', async () => {
    const counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    const cjib = await api.tokenFor('CREDITOR', 'CJIB');
    const ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');

    api.setNow('2025-02-03T09:00:00Z');
    const { householdId } = await api.registerHousehold(counsellor);
    await api.declareIncome(counsellor, householdId, { netMonthly: 200_000, effectiveOn: '2025-01-01' });
    const claim = await api.registerClaim(cjib, householdId, { principal: 300_000 });
    const official = await api.gql(
      cjib,
      `mutation ($i: RecordProtectedIncomeInput!) { recordProtectedIncome(input: $i) { revision } }`,
      { i: { commandId: 'bvv-1', householdId, amount: 150_000, source: 'BAILIFF', reference: 'DW-1', validFrom: '2025-02-01' } },
    );
    expectNoErrors(official);
    const setOff = await api.gql(
      cjib,
      `mutation ($i: RegisterMeasureInput!) { registerMeasure(input: $i) { measureId monthly } }`,
      { i: { commandId: 'set-off-1', householdId, kind: 'SET_OFF', claimIds: [claim.id], monthlyAmount: 40_000, startsOn: '2025-02-01' } },
    );
    expectNoErrors(setOff);
    const beforeDrop = '2025-02-03T10:30:00+01:00';

    // A month later the income drops: the set-off no longer fits.
    api.setNow('2025-03-05T09:00:00Z');
    await api.declareIncome(counsellor, householdId, { netMonthly: 160_000, effectiveOn: '2025-03-01' });
    const household = await api.tokenFor('HOUSEHOLD', householdId);
    const complaint = await api.gql(
      household,
      `mutation ($i: LodgeComplaintInput!) { lodgeComplaint(input: $i) { id againstOrg events { revision type } } }`,
      { i: { commandId: 'klacht-1', householdId, againstOrg: 'CJIB', subject: 'Verrekening te hoog', text: 'CJIB houdt te veel in sinds mijn inkomen daalde.' } },
    );
    expectNoErrors(complaint);

    const report = await api.gql(
      ombudsman,
      `query ($id: ID!, $before: DateTime) {
         now: household(id: $id) {
           capacity(on: "2025-03-10") { attachable committed flags overcommittedMeasureIds }
           violations { rule on organisations events { revision type } }
           timeline(first: 50) { edges { node { revision type organisation role recordedAt effectiveOn } } }
         }
         then: household(id: $id, asOf: $before) { revision capacity(on: "2025-03-10") { netIncome attachable committed flags } }
       }`,
      { id: householdId, before: beforeDrop },
    );
    expectNoErrors(report);
    const data = report.data as {
      now: {
        capacity: { attachable: number; committed: number; flags: string[]; overcommittedMeasureIds: string[] };
        violations: Array<{ rule: string; on: string; organisations: string[]; events: Array<{ revision: number; type: string }> }>;
        timeline: { edges: Array<{ node: { revision: number; type: string; organisation: string } }> };
      };
      then: { revision: number; capacity: { netIncome: number; attachable: number; committed: number; flags: string[] } };
    };
    // Now: €1,600 income; the official €1,500 (stale, but inside the new [€1,278.18, €1,520]) leaves
    // €100 of room, and the €400 set-off is capped at it.
    expect(data.now.capacity).toMatchObject({ attachable: 10_000, committed: 10_000 });
    expect(data.now.capacity.flags).toEqual(expect.arrayContaining(['OVERCOMMITTED', 'PROTECTED_INCOME_STALE']));
    const breach = data.now.violations.find((v) => v.rule === 'COLLECTION_ABOVE_ATTACHABLE_ROOM');
    expect(breach).toMatchObject({ on: '2025-03-01', organisations: ['CJIB'] });
    expect(breach!.events.map((e) => e.type)).toEqual(expect.arrayContaining(['MeasureRegistered', 'IncomeDeclared']));
    const incomeDrop = data.now.timeline.edges.filter((e) => e.node.type === 'IncomeDeclared').pop()!.node.revision;
    expect(breach!.events.map((e) => e.revision)).toContain(incomeDrop);
    // What the ledger showed before the drop: income €2,000, the set-off fitting in €500 of room.
    // Registered, income, CJIB's claim statement requested (issue 11), claim, protected income, set-off.
    expect(data.then.revision).toBe(6);
    expect(data.then.capacity).toMatchObject({ netIncome: 200_000, attachable: 50_000, committed: 40_000 });
    expect(data.then.capacity.flags).not.toContain('OVERCOMMITTED');
    // The complaint file lists CJIB's events.
    const files = (complaint.data as { lodgeComplaint: { events: Array<{ type: string }> } }).lodgeComplaint.events.map((e) => e.type);
    expect(files).toEqual(['ClaimRegistered', 'ProtectedIncomeRecorded', 'MeasureRegistered']);
  });
});
