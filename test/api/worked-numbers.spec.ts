import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BSN,
  CAPACITY_QUERY,
  CHARGE_COSTS,
  costsInput,
  createTestApi,
  expectError,
  expectNoErrors,
  paymentInput,
  protectedIncomeInput,
  RECORD_PAYMENT,
  RECORD_PROTECTED_INCOME,
  type TestApi,
} from '../support/api.js';

/**
 * The done-when, through the API: the worked numbers of policy §2, §3 and §5 for a
 * single person with €1,200 net a month and a €1,000 consumer claim.
 */

let api: TestApi;
let counsellor: string;
let cjib: string;
let householdId: string;

beforeEach(async () => {
  api = createTestApi();
  counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
  cjib = await api.tokenFor('CREDITOR', 'CJIB');
  ({ householdId } = await api.registerHousehold(counsellor, {
    composition: 'SINGLE',
    members: [{ bsn: BSN.jan, name: 'Jan Jansen', birthDate: '1985-06-15' }],
    effectiveOn: '2025-01-01',
  }));
  await api.declareIncome(counsellor, householdId, { netMonthly: 120_000, effectiveOn: '2025-01-01' });
});

afterEach(async () => {
  await api.close();
});

async function capacity(on: string, token = counsellor) {
  return api.gql(token, CAPACITY_QUERY, { id: householdId, on });
}

async function claimState(claimId: string) {
  const result = await api.household(householdId);
  expectNoErrors(result);
  return result.data.household.claims.find((c: { id: string }) => c.id === claimId);
}

async function revision(): Promise<number> {
  return (await api.household(householdId)).data.household.revision as number;
}

describe('protected income and capacity, single with €1,200 net (policy §2, §3)', () => {
  it('on 2025-03-01: BVV €1,140 (95% of income, below 95% of the norm), €60 attachable, estimated', async () => {
    const result = await capacity('2025-03-01');
    expectNoErrors(result);
    expect(result.data.household.capacity).toEqual({
      on: '2025-03-01',
      netIncome: 120_000,
      protectedIncome: 114_000,
      protectedIncomeBasis: 'ESTIMATE',
      attachable: 6_000,
      committed: 0,
      remaining: 6_000,
      withheldAtSource: 0,
      allocations: [],
      flags: ['PROTECTED_INCOME_ESTIMATED'],
    });
  });

  it('exposes the legal bounds: floor = min(95% of norm 134545 → 127818, 95% of income 114000), cap = 114000', async () => {
    const result = await api.gql(
      counsellor,
      `query ($id: ID!) { household(id: $id) { capacity(on: "2025-03-01") { legalFloor legalCap } } }`,
      { id: householdId },
    );
    expectNoErrors(result);
    expect(result.data.household.capacity).toEqual({ legalFloor: 114_000, legalCap: 114_000 });
  });

  it('on 2026-11-22 the newest parameters still apply but are flagged PARAMETERS_OUTDATED', async () => {
    const result = await capacity('2026-11-22');
    expectNoErrors(result);
    const check = result.data.household.capacity;
    expect(check).toMatchObject({ on: '2026-11-22', netIncome: 120_000, protectedIncome: 114_000, attachable: 6_000 });
    expect(check.flags).toContain('PARAMETERS_OUTDATED');
    expect(check.flags).toContain('PROTECTED_INCOME_ESTIMATED');
  });

  it('2025-06-30 is the last day the 2025-01-01 row is known for; 2025-07-01 is outdated', async () => {
    const lastKnown = await capacity('2025-06-30');
    expect(lastKnown.data.household.capacity.flags).not.toContain('PARAMETERS_OUTDATED');
    const outdated = await capacity('2025-07-01');
    expect(outdated.data.household.capacity.flags).toContain('PARAMETERS_OUTDATED');
  });

  it('on 2023-06-01, before the oldest parameter row: PARAMETERS_UNAVAILABLE', async () => {
    // Registered early enough that the date is not before registration (that is NOT_FOUND, issue 12).
    ({ householdId } = await api.registerHousehold(counsellor, { members: [{ bsn: BSN.piet, name: 'Piet Pietersen', birthDate: '1980-01-01' }], effectiveOn: '2023-01-01' }));
    const result = await capacity('2023-06-01');
    const error = expectError(result, 'PARAMETERS_UNAVAILABLE');
    expect(error.path).toEqual(['household', 'capacity']);
    expect(result.data).toEqual({ household: null });
  });

  it('without a date, capacity is computed for today (2025-03-20 on the pinned clock)', async () => {
    const result = await api.gql(counsellor, `query ($id: ID!) { household(id: $id) { capacity { on attachable } } }`, { id: householdId });
    expectNoErrors(result);
    expect(result.data.household.capacity).toEqual({ on: '2025-03-20', attachable: 6_000 });
  });

  it('before any income was effective, income and room are 0', async () => {
    ({ householdId } = await api.registerHousehold(counsellor, { members: [{ bsn: BSN.piet, name: 'Piet Pietersen', birthDate: '1980-01-01' }], effectiveOn: '2024-12-01' }));
    await api.declareIncome(counsellor, householdId, { memberBsn: BSN.piet, netMonthly: 120_000, effectiveOn: '2025-01-01' });
    const result = await capacity('2024-12-31');
    expectNoErrors(result);
    expect(result.data.household.capacity).toMatchObject({
      netIncome: 0,
      protectedIncome: 0,
      attachable: 0,
      remaining: 0,
      protectedIncomeBasis: 'ESTIMATE',
    });
  });

  it("household net income is the sum of the members' incomes in force; a later declaration replaces the same source", async () => {
    const { householdId: couple } = await api.registerHousehold(counsellor, {
      composition: 'COUPLE',
      members: [
        { bsn: BSN.anna, name: 'Anna', birthDate: '1980-01-01' },
        { bsn: BSN.kees, name: 'Kees', birthDate: '1982-01-01' },
      ],
    });
    await api.declareIncome(counsellor, couple, { memberBsn: BSN.anna, netMonthly: 150_000, payer: 'ACME BV', effectiveOn: '2025-01-01' });
    await api.declareIncome(counsellor, couple, { memberBsn: BSN.kees, kind: 'BENEFIT_OTHER', payer: 'UWV', netMonthly: 50_000, effectiveOn: '2025-01-01' });
    await api.declareIncome(counsellor, couple, { memberBsn: BSN.anna, netMonthly: 160_000, payer: 'ACME BV', effectiveOn: '2025-03-01' });
    const on = (date: string) => api.gql(counsellor, CAPACITY_QUERY, { id: couple, on: date });
    // Couple norm 192207 → 95% = 182596.65 → 182597 (half up); 95% of 200000 = 190000.
    expect((await on('2025-02-01')).data.household.capacity).toMatchObject({ netIncome: 200_000, protectedIncome: 182_597, attachable: 17_403 });
    expect((await on('2025-03-01')).data.household.capacity).toMatchObject({ netIncome: 210_000, protectedIncome: 182_597, attachable: 27_403 });
  });

  it('the pension-age column applies once every adult member has reached state pension age (67)', async () => {
    const { householdId: senior } = await api.registerHousehold(counsellor, {
      members: [{ bsn: BSN.anna, name: 'Anna', birthDate: '1958-02-15' }],
    });
    await api.declareIncome(counsellor, senior, { memberBsn: BSN.anna, kind: 'PENSION', payer: 'SVB', netMonthly: 200_000, effectiveOn: '2025-01-01' });
    const on = (date: string) => api.gql(counsellor, CAPACITY_QUERY, { id: senior, on: date });
    // Before 67: single norm 134545 → 127818. From 2025-02-15: 150107 → 142601.65 → 142602.
    expect((await on('2025-02-14')).data.household.capacity).toMatchObject({ protectedIncome: 127_818, attachable: 72_182 });
    expect((await on('2025-02-15')).data.household.capacity).toMatchObject({ protectedIncome: 142_602, attachable: 57_398 });
  });

  it('a creditor with a claim sees the same capacity figures', async () => {
    await api.registerClaim(cjib, householdId);
    const result = await capacity('2025-03-01', cjib);
    expectNoErrors(result);
    expect(result.data.household.capacity).toMatchObject({ netIncome: 120_000, protectedIncome: 114_000, attachable: 6_000, remaining: 6_000 });
  });
});

describe('official protected income (policy §3)', () => {
  it('with €1,200 net, floor and cap are both €1,140: 113999 is below the floor, 114001 above the cap', async () => {
    const below = await api.gql(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { amount: 113_999 }) });
    expectError(below, 'PROTECTED_INCOME_BELOW_LEGAL_FLOOR');
    const above = await api.gql(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { amount: 114_001 }) });
    expectError(above, 'PROTECTED_INCOME_ABOVE_LEGAL_CAP');
    expect(await revision()).toBe(2);

    const valid = await api.gql(counsellor, RECORD_PROTECTED_INCOME, {
      input: protectedIncomeInput(householdId, { amount: 114_000, validFrom: '2025-03-01' }),
    });
    expectNoErrors(valid);
    expect(valid.data.recordProtectedIncome.revision).toBe(3);
    const check = (await capacity('2025-03-01')).data.household.capacity;
    expect(check).toMatchObject({ protectedIncome: 114_000, protectedIncomeBasis: 'OFFICIAL', attachable: 6_000 });
    expect(check.flags).toEqual([]);
  });

  it('with €2,000 net: floor 127818 (95% of the norm), cap 190000; an official €1,500 leaves €500 attachable', async () => {
    await api.declareIncome(counsellor, householdId, { netMonthly: 200_000, effectiveOn: '2025-01-01' });

    const estimate = (await capacity('2025-03-01')).data.household.capacity;
    expect(estimate).toMatchObject({ netIncome: 200_000, protectedIncome: 127_818, protectedIncomeBasis: 'ESTIMATE', attachable: 72_182 });

    const below = await api.gql(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { amount: 127_817 }) });
    const belowError = expectError(below, 'PROTECTED_INCOME_BELOW_LEGAL_FLOOR');
    expect(belowError.extensions).toMatchObject({ floor: 127_818 });
    expect(expectError(await api.gql(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { amount: 190_001 }) }), 'PROTECTED_INCOME_ABOVE_LEGAL_CAP').extensions).toMatchObject({ cap: 190_000 });
    expect(await revision()).toBe(3);

    for (const amount of [127_818, 190_000]) {
      const edge = await api.gql(counsellor, RECORD_PROTECTED_INCOME, {
        input: protectedIncomeInput(householdId, { amount, validFrom: '2025-02-01' }),
      });
      expectNoErrors(edge);
    }
    const official = await api.gql(counsellor, RECORD_PROTECTED_INCOME, {
      input: protectedIncomeInput(householdId, { amount: 150_000, validFrom: '2025-03-01' }),
    });
    expectNoErrors(official);

    const before = (await capacity('2025-02-28')).data.household.capacity;
    expect(before).toMatchObject({ protectedIncome: 190_000, protectedIncomeBasis: 'OFFICIAL', attachable: 10_000 });
    const after = (await capacity('2025-03-01')).data.household.capacity;
    expect(after).toEqual({
      on: '2025-03-01',
      netIncome: 200_000,
      protectedIncome: 150_000,
      protectedIncomeBasis: 'OFFICIAL',
      attachable: 50_000,
      committed: 0,
      remaining: 50_000,
      withheldAtSource: 0,
      allocations: [],
      flags: [],
    });
    const january = (await capacity('2025-01-31')).data.household.capacity;
    expect(january.protectedIncomeBasis).toBe('ESTIMATE');
    expect(january.flags).toContain('PROTECTED_INCOME_ESTIMATED');
  });

  it('a COURT record may exceed the cap (hardship clause) but not net income', async () => {
    const court = await api.gql(counsellor, RECORD_PROTECTED_INCOME, {
      input: protectedIncomeInput(householdId, { amount: 120_000, source: 'COURT', reference: 'RB-2025-1' }),
    });
    expectNoErrors(court);
    expect((await capacity('2025-03-01')).data.household.capacity).toMatchObject({ protectedIncome: 120_000, attachable: 0, remaining: 0 });
    const tooHigh = await api.gql(counsellor, RECORD_PROTECTED_INCOME, {
      input: protectedIncomeInput(householdId, { amount: 120_001, source: 'COURT', reference: 'RB-2025-2' }),
    });
    expectError(tooHigh, 'PROTECTED_INCOME_ABOVE_LEGAL_CAP');
  });

  it('income declared after the official record: the amount is clamped into the new bounds and flagged stale', async () => {
    await api.declareIncome(counsellor, householdId, { netMonthly: 200_000, effectiveOn: '2025-01-01' });
    await api.gql(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { amount: 150_000, validFrom: '2025-02-01' }) });
    // Income drops back to €1,200 from March: floor = cap = 114000.
    await api.declareIncome(counsellor, householdId, { netMonthly: 120_000, effectiveOn: '2025-03-01' });
    const check = (await capacity('2025-03-01')).data.household.capacity;
    expect(check).toMatchObject({ netIncome: 120_000, protectedIncome: 114_000, protectedIncomeBasis: 'OFFICIAL', attachable: 6_000 });
    expect(check.flags).toContain('PROTECTED_INCOME_STALE');
    const february = (await capacity('2025-02-15')).data.household.capacity;
    expect(february).toMatchObject({ netIncome: 200_000, protectedIncome: 150_000, attachable: 50_000 });
    expect(february.flags).not.toContain('PROTECTED_INCOME_STALE');
  });
});

describe('collection costs on a €1,000 consumer claim (WIK, policy §5)', () => {
  // Registering CJIB's first claim adds the counsellor's claim-statement request before it (issue
  // 11), so the household stands at revision 4 after it (registered, income, request, claim).
  async function newClaim(overrides: Record<string, unknown> = {}) {
    return api.registerClaim(cjib, householdId, { principal: 100_000, consumer: true, incurredOn: '2025-01-15', ...overrides });
  }

  it('15% of €1,000 = €150 without VAT: 15000 accepted, 15001 rejected', async () => {
    const claim = await newClaim();
    const above = await api.gql(cjib, CHARGE_COSTS, { input: costsInput(claim.id, { amount: 15_001, vatApplies: false }) });
    const error = expectError(above, 'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM');
    expect(error.extensions).toMatchObject({ maximum: 15_000, alreadyCharged: 0, available: 15_000 });
    expect(await revision()).toBe(4);
    expect(await claimState(claim.id)).toMatchObject({ costs: 0, outstanding: 100_000 });

    const exact = await api.gql(cjib, CHARGE_COSTS, { input: costsInput(claim.id, { amount: 15_000, vatApplies: false }) });
    expectNoErrors(exact);
    expect(await claimState(claim.id)).toMatchObject({ costs: 15_000, outstanding: 115_000 });
  });

  it('the maximum is cumulative per claim: after €100, another €50 fits and one more cent does not', async () => {
    const claim = await newClaim();
    await api.chargeCosts(cjib, claim.id, { amount: 10_000 });
    const over = await api.gql(cjib, CHARGE_COSTS, { input: costsInput(claim.id, { amount: 5_001 }) });
    expect(expectError(over, 'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM').extensions).toMatchObject({ maximum: 15_000, alreadyCharged: 10_000, available: 5_000 });
    await api.chargeCosts(cjib, claim.id, { amount: 5_000 });
    expectError(await api.gql(cjib, CHARGE_COSTS, { input: costsInput(claim.id, { amount: 1 }) }), 'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM');
    expect(await claimState(claim.id)).toMatchObject({ costs: 15_000, outstanding: 115_000 });
  });

  it('with VAT: €150 × 1.21 = €181.50: 18150 accepted, 18151 rejected', async () => {
    const claim = await newClaim();
    const above = await api.gql(cjib, CHARGE_COSTS, { input: costsInput(claim.id, { amount: 18_151, vatApplies: true }) });
    expect(expectError(above, 'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM').extensions).toMatchObject({ maximum: 18_150 });
    const exact = await api.gql(cjib, CHARGE_COSTS, { input: costsInput(claim.id, { amount: 18_150, vatApplies: true }) });
    expectNoErrors(exact);
    expect(await claimState(claim.id)).toMatchObject({ costs: 18_150, outstanding: 118_150 });
  });

  it('reminder sent 2025-03-01, presumed received 03-03 (issue 12): charging on 2025-03-17 is too early, on 2025-03-18 allowed', async () => {
    const claim = await newClaim();
    const early = await api.gql(cjib, CHARGE_COSTS, {
      input: costsInput(claim.id, { amount: 4_000, reminderSentOn: '2025-03-01', chargedOn: '2025-03-17' }),
    });
    expect(expectError(early, 'REMINDER_PERIOD_NOT_ELAPSED').extensions).toMatchObject({ firstAllowedOn: '2025-03-18' });
    // One more event than before issue 11: CJIB's claim-statement request.
    expect(await revision()).toBe(4);
    const onTime = await api.gql(cjib, CHARGE_COSTS, {
      input: costsInput(claim.id, { amount: 4_000, reminderSentOn: '2025-03-01', chargedOn: '2025-03-18' }),
    });
    expectNoErrors(onTime);
    expect(onTime.data.chargeCollectionCosts.revision).toBe(5);
  });

  it('the minimum fee is €40: on a €100 claim 4000 is allowed, 4001 not', async () => {
    const claim = await newClaim({ principal: 10_000 });
    expectError(await api.gql(cjib, CHARGE_COSTS, { input: costsInput(claim.id, { amount: 4_001 }) }), 'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM');
    expectNoErrors(await api.gql(cjib, CHARGE_COSTS, { input: costsInput(claim.id, { amount: 4_000 }) }));
  });

  it('WIK limits do not apply to a claim on a business', async () => {
    const claim = await newClaim({ consumer: false });
    const result = await api.gql(cjib, CHARGE_COSTS, {
      input: costsInput(claim.id, { amount: 50_000, reminderSentOn: '2025-03-10', chargedOn: '2025-03-11' }),
    });
    expectNoErrors(result);
    expect(await claimState(claim.id)).toMatchObject({ costs: 50_000, outstanding: 150_000 });
  });
});

describe('payments and totals (policy §5)', () => {
  it('a payment above the outstanding balance is rejected; paying it all settles the claim', async () => {
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    await api.chargeCosts(cjib, claim.id, { amount: 15_000 });

    const tooMuch = await api.gql(cjib, RECORD_PAYMENT, { input: paymentInput(claim.id, { amount: 115_001 }) });
    expect(expectError(tooMuch, 'PAYMENT_EXCEEDS_OUTSTANDING').extensions).toMatchObject({ outstanding: 115_000 });
    // Registered, income, claim statement requested, claim, costs: the rejected payment stored nothing.
    expect(await revision()).toBe(5);

    await api.recordPayment(cjib, claim.id, { amount: 15_000 });
    expectError(await api.gql(cjib, RECORD_PAYMENT, { input: paymentInput(claim.id, { amount: 100_001 }) }), 'PAYMENT_EXCEEDS_OUTSTANDING');
    const rest = await api.gql(cjib, RECORD_PAYMENT, { input: paymentInput(claim.id, { amount: 100_000 }) });
    expectNoErrors(rest);
    expect(await claimState(claim.id)).toEqual({
      id: claim.id,
      creditorId: 'CJIB',
      reference: claim.reference,
      principal: 100_000,
      costs: 15_000,
      interest: 0,
      paid: 115_000,
      writtenOff: 0,
      outstanding: 0,
      preferential: false,
      status: 'SETTLED',
    });
    const household = await api.household(householdId);
    expect(household.data.household.totals).toEqual({ outstanding: 0, claimCount: 1, creditorCount: 1 });
    // Nothing more can be paid on a settled claim.
    expectError(await api.gql(cjib, RECORD_PAYMENT, { input: paymentInput(claim.id, { amount: 1 }) }), 'PAYMENT_EXCEEDS_OUTSTANDING');
  });

  it('totals add up the outstanding balances over all claims and count the creditors', async () => {
    const belastingdienst = await api.tokenFor('CREDITOR', 'BELASTINGDIENST');
    const a = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    await api.registerClaim(cjib, householdId, { principal: 25_000, reference: 'CJIB-2' });
    const c = await api.registerClaim(belastingdienst, householdId, { principal: 50_000, preferential: true });
    await api.chargeCosts(cjib, a.id, { amount: 4_000 });
    await api.recordPayment(belastingdienst, c.id, { amount: 20_000 });

    const household = await api.household(householdId);
    expectNoErrors(household);
    expect(household.data.household.totals).toEqual({ outstanding: 159_000, claimCount: 3, creditorCount: 2 });
    expect(household.data.household.claims.map((x: { creditorId: string; outstanding: number }) => [x.creditorId, x.outstanding])).toEqual([
      ['CJIB', 104_000],
      ['CJIB', 25_000],
      ['BELASTINGDIENST', 30_000],
    ]);
  });
});
