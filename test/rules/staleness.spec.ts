import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BSN,
  CAPACITY_QUERY,
  createTestApi,
  expectNoErrors,
  protectedIncomeInput,
  RECORD_PROTECTED_INCOME,
  type TestApi,
} from '../support/api.js';

/**
 * Issue 12 items 1 and 2: an official protected income is stale (and clamped into
 * [floor, 95% of net income]) when income valid on the date was recorded after it, whatever its
 * effective date, or when a newer row of norms started after its validFrom.
 */

let api: TestApi;
let counsellor: string;

beforeEach(async () => {
  api = createTestApi();
  counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
});

afterEach(async () => {
  await api.close();
});

async function capacity(householdId: string, on: string) {
  const result = await api.gql(counsellor, CAPACITY_QUERY, { id: householdId, on });
  expectNoErrors(result);
  const c = result.data.household.capacity;
  return { netIncome: c.netIncome, protectedIncome: c.protectedIncome, basis: c.protectedIncomeBasis, attachable: c.attachable, flags: c.flags };
}

async function record(householdId: string, token: string, overrides: Record<string, unknown>) {
  expectNoErrors(await api.gql(token, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, overrides) }));
}

describe('staleness follows recording order (item 1)', () => {
  it('income €2,000; bailiff €1,500 from 1 Feb; then €1,400 declared from 15 Jan → on 1 March €1,330.00, €70.00 attachable, stale', async () => {
    const { householdId } = await api.registerHousehold(counsellor, { effectiveOn: '2025-01-01' });
    await api.declareIncome(counsellor, householdId, { netMonthly: 200_000, effectiveOn: '2025-01-01' });
    await record(householdId, counsellor, { amount: 150_000, source: 'BAILIFF', reference: 'DW-1', validFrom: '2025-02-01' });

    // Before the correction the record stands as it is.
    expect(await capacity(householdId, '2025-03-01')).toEqual({
      netIncome: 200_000,
      protectedIncome: 150_000,
      basis: 'OFFICIAL',
      attachable: 50_000,
      flags: [],
    });

    // A correction recorded later, effective before the record: same source, €1,400 from 15 January.
    await api.declareIncome(counsellor, householdId, { netMonthly: 140_000, effectiveOn: '2025-01-15' });
    // 95% of €1,400 = €1,330.00 (cap); floor = min(95% of €1,345.45 = €1,278.18, €1,330.00).
    expect(await capacity(householdId, '2025-03-01')).toEqual({
      netIncome: 140_000,
      protectedIncome: 133_000,
      basis: 'OFFICIAL',
      attachable: 7_000,
      flags: ['PROTECTED_INCOME_STALE'],
    });
  });
});

describe('income that does not count does not make a record stale (items 1 and 3)', () => {
  it('a child’s income recorded after the record leaves €1,500 official, €500 attachable, no flag', async () => {
    const { householdId } = await api.registerHousehold(counsellor, {
      composition: 'SINGLE_PARENT',
      members: [
        { bsn: BSN.jan, name: 'Jan Jansen', birthDate: '1985-06-15' },
        { bsn: BSN.anna, name: 'Anna Jansen', birthDate: '2005-01-10' },
      ],
    });
    await api.declareIncome(counsellor, householdId, { netMonthly: 200_000, effectiveOn: '2025-01-01' });
    await record(householdId, counsellor, { amount: 150_000, source: 'BAILIFF', reference: 'DW-2', validFrom: '2025-02-01' });
    await api.declareIncome(counsellor, householdId, { memberBsn: BSN.anna, payer: 'Albert Heijn', netMonthly: 50_000, effectiveOn: '2025-01-15' });
    expect(await capacity(householdId, '2025-03-01')).toEqual({ netIncome: 200_000, protectedIncome: 150_000, basis: 'OFFICIAL', attachable: 50_000, flags: [] });
  });
});

describe('staleness by a newer norm period (item 2)', () => {
  it('record €1,220 from 2024-06-01, income €2,000: on 2025-03-01 €1,278.18 (95% of the 2025 norm €1,345.45), €721.82 attachable', async () => {
    const { householdId } = await api.registerHousehold(counsellor, {
      effectiveOn: '2024-01-01',
      members: [{ bsn: BSN.jan, name: 'Jan Jansen', birthDate: '1985-06-15' }],
    });
    await api.declareIncome(counsellor, householdId, { netMonthly: 200_000, effectiveOn: '2024-01-01' });
    // 2024 floor: 95% of €1,283.83 = €1,219.64, so €1,220 was lawful then.
    await record(householdId, counsellor, { amount: 122_000, source: 'INLICHTINGENBUREAU', reference: 'IB-2024', validFrom: '2024-06-01' });

    expect(await capacity(householdId, '2024-12-31')).toEqual({
      netIncome: 200_000,
      protectedIncome: 122_000,
      basis: 'OFFICIAL',
      attachable: 78_000,
      flags: [],
    });
    expect(await capacity(householdId, '2025-03-01')).toEqual({
      netIncome: 200_000,
      protectedIncome: 127_818,
      basis: 'OFFICIAL',
      attachable: 72_182,
      flags: ['PROTECTED_INCOME_STALE'],
    });
  });
});
