import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SealingEventStore } from '../../infra/crypto/sealingEventStore.js';
import { BSN, CAPACITY_QUERY, createTestApi, expectError, expectNoErrors, expectValidationIssue, type TestApi } from '../support/api.js';

/**
 * Issue 12 items 3 and 4: only the debtor's and partner's income counts and only their ages
 * choose the pension-age columns; the composition is dated (`changeComposition`), and before
 * registration there is no capacity.
 */

const CHANGE_COMPOSITION = `mutation ($input: ChangeCompositionInput!) { changeComposition(input: $input) { householdId revision } }`;
const MEMBERS = `query ($id: ID!) { household(id: $id) { composition members { name role } } }`;

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
  return { netIncome: c.netIncome, protectedIncome: c.protectedIncome, attachable: c.attachable };
}

const jan = { bsn: BSN.jan, name: 'Jan Jansen', birthDate: '1985-06-15' };
const piet = { bsn: BSN.piet, name: 'Piet Jansen', birthDate: '1980-02-02' };
const anna = { bsn: BSN.anna, name: 'Anna Jansen', birthDate: '2005-01-10' };

describe('whose income counts (item 3)', () => {
  it('couple with an adult child earning €600: net income €2,300 (not €2,900), room €474.03', async () => {
    const { householdId } = await api.registerHousehold(counsellor, { composition: 'COUPLE_WITH_CHILDREN', members: [jan, piet, anna] });
    await api.declareIncome(counsellor, householdId, { memberBsn: BSN.jan, netMonthly: 150_000 });
    await api.declareIncome(counsellor, householdId, { memberBsn: BSN.piet, payer: 'Zorggroep', netMonthly: 80_000 });
    await api.declareIncome(counsellor, householdId, { memberBsn: BSN.anna, payer: 'Albert Heijn', netMonthly: 60_000 });
    const members = await api.gql(counsellor, MEMBERS, { id: householdId });
    expectNoErrors(members);
    expect(members.data.household.members).toEqual([
      { name: 'Jan Jansen', role: 'DEBTOR' },
      { name: 'Piet Jansen', role: 'PARTNER' },
      { name: 'Anna Jansen', role: 'CHILD' },
    ]);
    // Couple norm €1,922.07 × 95% = €1,825.9665 → €1,825.97; €2,300.00 − €1,825.97 = €474.03.
    expect(await capacity(householdId, '2025-03-01')).toEqual({ netIncome: 230_000, protectedIncome: 182_597, attachable: 47_403 });
  });

  it('debtor and partner past pension age with an adult OTHER member: the couple pension-age column, the other’s income ignored', async () => {
    const { householdId } = await api.registerHousehold(counsellor, {
      composition: 'COUPLE_WITH_CHILDREN',
      members: [
        { ...jan, birthDate: '1950-01-01', role: 'DEBTOR' },
        { ...piet, birthDate: '1955-05-05', role: 'PARTNER' },
        { ...anna, birthDate: '1990-03-03', role: 'OTHER' },
      ],
    });
    await api.declareIncome(counsellor, householdId, { memberBsn: BSN.jan, kind: 'PENSION', payer: 'SVB', netMonthly: 150_000 });
    await api.declareIncome(counsellor, householdId, { memberBsn: BSN.piet, kind: 'PENSION', payer: 'SVB', netMonthly: 100_000 });
    await api.declareIncome(counsellor, householdId, { memberBsn: BSN.anna, payer: 'ACME', netMonthly: 200_000 });
    // Couple pension-age norm €2,053.48 × 95% = €1,950.806 → €1,950.81; €2,500 − €1,950.81 = €549.19.
    expect(await capacity(householdId, '2025-03-01')).toEqual({ netIncome: 250_000, protectedIncome: 195_081, attachable: 54_919 });
  });

  it('two debtors, or a partner in a single household, are VALIDATION_FAILED at members', async () => {
    const twoDebtors = await api.gql(counsellor, `mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId } }`, {
      input: { commandId: `hh-${randomUUID()}`, composition: 'COUPLE', municipality: 'Utrecht', effectiveOn: '2025-01-01', members: [{ ...jan, role: 'DEBTOR' }, { ...piet, role: 'DEBTOR' }] },
    });
    expectValidationIssue(twoDebtors, 'input.members');
    const partnerAlone = await api.gql(counsellor, `mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId } }`, {
      input: { commandId: `hh-${randomUUID()}`, composition: 'SINGLE_PARENT', municipality: 'Utrecht', effectiveOn: '2025-01-01', members: [jan, { ...piet, role: 'PARTNER' }] },
    });
    expectValidationIssue(partnerAlone, 'input.members');
  });
});

describe('dated composition (item 4)', () => {
  it('single €1,500; partner with €1,000 moves in on 1 March and out on 1 June', async () => {
    const { householdId } = await api.registerHousehold(counsellor, { composition: 'SINGLE', members: [jan], effectiveOn: '2025-01-01' });
    await api.declareIncome(counsellor, householdId, { memberBsn: BSN.jan, netMonthly: 150_000, effectiveOn: '2025-01-01' });
    expectNoErrors(
      await api.gql(counsellor, CHANGE_COMPOSITION, {
        input: { commandId: `cc-${randomUUID()}`, householdId, composition: 'COUPLE', members: [jan, piet], effectiveOn: '2025-03-01' },
      }),
    );
    await api.declareIncome(counsellor, householdId, { memberBsn: BSN.piet, payer: 'Zorggroep', netMonthly: 100_000, effectiveOn: '2025-03-01' });
    expectNoErrors(
      await api.gql(counsellor, CHANGE_COMPOSITION, {
        input: { commandId: `cc-${randomUUID()}`, householdId, composition: 'SINGLE', members: [jan], effectiveOn: '2025-06-01' },
      }),
    );

    // Single norm €1,345.45 × 95% = €1,278.18; €1,500 − €1,278.18 = €221.82.
    expect(await capacity(householdId, '2025-02-15')).toEqual({ netIncome: 150_000, protectedIncome: 127_818, attachable: 22_182 });
    // Couple norm €1,922.07 × 95% = €1,825.97; €2,500 − €1,825.97 = €674.03.
    expect(await capacity(householdId, '2025-03-15')).toEqual({ netIncome: 250_000, protectedIncome: 182_597, attachable: 67_403 });
    // The partner moved out: their income no longer counts.
    expect(await capacity(householdId, '2025-06-15')).toEqual({ netIncome: 150_000, protectedIncome: 127_818, attachable: 22_182 });

    const members = await api.gql(counsellor, MEMBERS, { id: householdId });
    expectNoErrors(members);
    expect(members.data.household.composition).toBe('SINGLE');
    // Every member the household has had stays listed (their income history names them), readable.
    expect(members.data.household.members.map((m: { name: string }) => m.name)).toEqual(['Jan Jansen', 'Piet Jansen']);
    // The new member's personal data is sealed in the store, like registration's.
    const sealed = (api.ledger.store as SealingEventStore).sealed;
    const stored = (await sealed.readAll({ after: 0, limit: 1_000 })).filter((e) => e.type === 'CompositionChanged');
    expect(stored).toHaveLength(2);
    expect(JSON.stringify(stored.map((e) => e.data))).not.toContain('Piet Jansen');
    expect(JSON.stringify(stored.map((e) => e.data))).not.toContain(BSN.piet);
  });

  it('before registration there is no capacity: NOT_FOUND for the date', async () => {
    const { householdId } = await api.registerHousehold(counsellor, { effectiveOn: '2025-01-01' });
    expectError(await api.gql(counsellor, CAPACITY_QUERY, { id: householdId, on: '2024-12-31' }), 'NOT_FOUND');
    expectNoErrors(await api.gql(counsellor, CAPACITY_QUERY, { id: householdId, on: '2025-01-01' }));
  });

  it('a change dated before registration is VALIDATION_FAILED at effectiveOn and stores nothing', async () => {
    const { householdId } = await api.registerHousehold(counsellor, { effectiveOn: '2025-01-01' });
    const before = await api.eventCount();
    const result = await api.gql(counsellor, CHANGE_COMPOSITION, {
      input: { commandId: `cc-${randomUUID()}`, householdId, composition: 'COUPLE', members: [jan, piet], effectiveOn: '2024-12-01' },
    });
    expectValidationIssue(result, 'input.effectiveOn');
    expect(await api.eventCount()).toBe(before);
  });

  it('a creditor may not change the composition', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const cjib = await api.tokenFor('CREDITOR', 'CJIB');
    const result = await api.gql(cjib, CHANGE_COMPOSITION, {
      input: { commandId: `cc-${randomUUID()}`, householdId, composition: 'COUPLE', members: [jan, piet], effectiveOn: '2025-03-01' },
    });
    expectError(result, 'FORBIDDEN');
  });
});
