import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAPACITY_QUERY, createTestApi, expectNoErrors, protectedIncomeInput, RECORD_PROTECTED_INCOME, type TestApi } from '../support/api.js';

/**
 * Issue 12 item 7: violations respect recording order. A moratorium recorded after a measure,
 * with a start before the measure's, suspends the measure (MeasureSuspendedByMoratorium): it
 * ends the day before its start, and the creditor is not blamed.
 */

const REGISTER_MEASURE = `mutation ($input: RegisterMeasureInput!) { registerMeasure(input: $input) { measureId } }`;
const START_MORATORIUM = `mutation ($input: StartMoratoriumInput!) { startMoratorium(input: $input) { revision } }`;
const STATE = `query ($id: ID!) {
  household(id: $id) {
    measures { id startsOn endsOn }
    violations { rule on }
    timeline(last: 2) { edges { node { type effectiveOn } } }
  }
}`;

let api: TestApi;
let counsellor: string;
let cjib: string;
let ombudsman: string;

beforeEach(async () => {
  api = createTestApi();
  counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
  cjib = await api.tokenFor('CREDITOR', 'CJIB');
  ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
});

afterEach(async () => {
  await api.close();
});

describe('a moratorium recorded after a measure (item 7)', () => {
  it('garnishment from 2025-03-10, then a moratorium from 2025-03-01 recorded: the garnishment ends on 2025-03-09, no violation, room free', async () => {
    api.setNow('2025-03-05T09:00:00Z');
    const { householdId } = await api.registerHousehold(counsellor);
    await api.declareIncome(counsellor, householdId, { netMonthly: 200_000 });
    expectNoErrors(await api.gql(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { amount: 150_000, validFrom: '2025-01-01' }) }));
    const claim = await api.registerClaim(cjib, householdId, { principal: 300_000 });
    api.setNow('2025-03-10T09:00:00Z');
    const measure = await api.gql(cjib, REGISTER_MEASURE, {
      input: { commandId: `m-${randomUUID()}`, householdId, kind: 'GARNISHMENT', claimIds: [claim.id], startsOn: '2025-03-10' },
    });
    expectNoErrors(measure);
    api.resetClock();
    expectNoErrors(
      await api.gql(counsellor, START_MORATORIUM, {
        input: { commandId: `mor-${randomUUID()}`, householdId, startsOn: '2025-03-01', endsOn: '2025-08-31', reason: 'Adempauze' },
      }),
    );

    const result = await api.gql(ombudsman, STATE, { id: householdId });
    expectNoErrors(result);
    const { measures, violations, timeline } = result.data.household;
    expect(measures).toEqual([{ id: measure.data.registerMeasure.measureId, startsOn: '2025-03-10', endsOn: '2025-03-09' }]);
    expect(violations).toEqual([]);
    expect(timeline.edges.map((e: { node: { type: string; effectiveOn: string } }) => [e.node.type, e.node.effectiveOn])).toEqual([
      ['MoratoriumStarted', '2025-03-01'],
      ['MeasureSuspendedByMoratorium', '2025-03-09'],
    ]);

    // After the moratorium the garnishment does not come back: €2,000 − €1,500 = €500 is free room.
    const after = await api.gql(counsellor, CAPACITY_QUERY, { id: householdId, on: '2025-09-01' });
    expectNoErrors(after);
    expect(after.data.household.capacity).toMatchObject({ attachable: 50_000, committed: 0, allocations: [] });
  });
});
