import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BSN,
  CHARGE_COSTS,
  claimInput,
  costsInput,
  createTestApi,
  DECLARE_INCOME,
  expectError,
  expectNoErrors,
  householdInput,
  incomeInput,
  paymentInput,
  PINNED_NOW,
  PINNED_RECORDED_AT,
  protectedIncomeInput,
  RECORD_PAYMENT,
  RECORD_PROTECTED_INCOME,
  REGISTER_CLAIM,
  REGISTER_HOUSEHOLD,
  type TestApi,
} from '../support/api.js';

/** Every mutation of the core contract: happy path, receipts, idempotency (policy §1, §9). */

let api: TestApi;
let counsellor: string;
let cjib: string;

beforeEach(async () => {
  api = createTestApi();
  counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT', 'schuldhulp@utrecht');
  cjib = await api.tokenFor('CREDITOR', 'CJIB', 'incasso@cjib');
});

afterEach(async () => {
  await api.close();
});

async function revisionOf(householdId: string): Promise<number> {
  const result = await api.household(householdId);
  expectNoErrors(result);
  return result.data.household.revision as number;
}

describe('happy paths', () => {
  it('registerHousehold answers with a new household id at revision 1, recorded at the request instant', async () => {
    const result = await api.gql(counsellor, REGISTER_HOUSEHOLD, {
      input: householdInput({
        commandId: 'reg-1',
        composition: 'COUPLE',
        municipality: 'Utrecht',
        members: [
          { bsn: BSN.jan, name: 'Jan Jansen', birthDate: '1985-06-15' },
          { bsn: BSN.piet, name: 'Piet Jansen', birthDate: '1987-02-01' },
        ],
        effectiveOn: '2025-01-01',
      }),
    });
    expectNoErrors(result);
    const receipt = result.data.registerHousehold;
    expect(receipt.householdId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(receipt.revision).toBe(1);
    expect(receipt.recordedAt).toBe(PINNED_RECORDED_AT);
    expect(Date.parse(receipt.recordedAt)).toBe(Date.parse(PINNED_NOW));

    const household = await api.household(receipt.householdId);
    expectNoErrors(household);
    expect(household.data.household).toEqual({
      id: receipt.householdId,
      composition: 'COUPLE',
      municipality: 'Utrecht',
      revision: 1,
      members: [
        { name: 'Jan Jansen', bsn: BSN.jan, birthDate: '1985-06-15' },
        { name: 'Piet Jansen', bsn: BSN.piet, birthDate: '1987-02-01' },
      ],
      totals: { outstanding: 0, claimCount: 0, creditorCount: 0 },
      claims: [],
    });
  });

  it('declareIncome increments the revision and feeds the capacity check', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const result = await api.gql(counsellor, DECLARE_INCOME, {
      input: incomeInput(householdId, { netMonthly: 120_000, effectiveOn: '2025-01-01' }),
    });
    expectNoErrors(result);
    expect(result.data.declareIncome).toEqual({ householdId, revision: 2, recordedAt: PINNED_RECORDED_AT });
    const capacity = await api.gql(counsellor, `query ($id: ID!) { household(id: $id) { revision capacity(on: "2025-03-01") { netIncome } } }`, {
      id: householdId,
    });
    expect(capacity.data.household).toEqual({ revision: 2, capacity: { netIncome: 120_000 } });
  });

  it('recordProtectedIncome increments the revision (counsellor with the mandate)', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    await api.declareIncome(counsellor, householdId, { netMonthly: 120_000 });
    const result = await api.gql(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { amount: 114_000 }) });
    expectNoErrors(result);
    expect(result.data.recordProtectedIncome).toEqual({ householdId, revision: 3, recordedAt: PINNED_RECORDED_AT });
  });

  it('recordProtectedIncome is also open to a creditor with a claim on the household', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    await api.declareIncome(counsellor, householdId, { netMonthly: 120_000 });
    await api.registerClaim(cjib, householdId);
    const result = await api.gql(cjib, RECORD_PROTECTED_INCOME, {
      input: protectedIncomeInput(householdId, { amount: 114_000, source: 'BAILIFF', reference: 'DW-77' }),
    });
    expectNoErrors(result);
    // 1 registered, 2 income, 3 CJIB's claim statement requested, 4 claim, 5 protected income.
    expect(result.data.recordProtectedIncome).toEqual({ householdId, revision: 5, recordedAt: PINNED_RECORDED_AT });
  });

  it('registerClaim answers with the claim, owned by the acting creditor, and increments the revision', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    // A creditor registers claims only when asked (issue 11): the request is revision 2.
    await api.inviteCreditor(counsellor, householdId, 'CJIB');
    const result = await api.gql(cjib, REGISTER_CLAIM, {
      input: claimInput(householdId, {
        commandId: 'claim-1',
        reference: 'CJIB-123',
        principal: 100_000,
        preferential: true,
        consumer: true,
        incurredOn: '2025-01-15',
      }),
    });
    expectNoErrors(result);
    const claim = result.data.registerClaim;
    expect(claim).toEqual({
      id: claim.id,
      creditorId: 'CJIB',
      reference: 'CJIB-123',
      principal: 100_000,
      costs: 0,
      interest: 0,
      paid: 0,
      writtenOff: 0,
      outstanding: 100_000,
      preferential: true,
      status: 'OPEN',
    });
    expect(claim.id.startsWith(`${householdId}.claim-`)).toBe(true);
    expect(await revisionOf(householdId)).toBe(3);
    const household = await api.household(householdId);
    expect(household.data.household.claims).toEqual([claim]);
    expect(household.data.household.totals).toEqual({ outstanding: 100_000, claimCount: 1, creditorCount: 1 });
  });

  it('chargeCollectionCosts adds to the claim and increments the revision', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    const result = await api.gql(cjib, CHARGE_COSTS, {
      input: costsInput(claim.id, { amount: 4_000, reminderSentOn: '2025-02-01', chargedOn: '2025-03-01' }),
    });
    expectNoErrors(result);
    // 1 registered, 2 claim statement requested (before CJIB's first claim), 3 claim, 4 costs.
    expect(result.data.chargeCollectionCosts).toEqual({ householdId, revision: 4, recordedAt: PINNED_RECORDED_AT });
    const household = await api.household(householdId);
    expect(household.data.household.claims[0]).toMatchObject({ costs: 4_000, outstanding: 104_000, status: 'OPEN' });
  });

  it('recordPayment lowers the outstanding balance and increments the revision', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    const result = await api.gql(cjib, RECORD_PAYMENT, { input: paymentInput(claim.id, { amount: 25_000, paidOn: '2025-03-10' }) });
    expectNoErrors(result);
    // 1 registered, 2 claim statement requested, 3 claim, 4 payment.
    expect(result.data.recordPayment).toEqual({ householdId, revision: 4, recordedAt: PINNED_RECORDED_AT });
    const household = await api.household(householdId);
    expect(household.data.household.claims[0]).toMatchObject({ paid: 25_000, outstanding: 75_000, status: 'OPEN' });
    expect(household.data.household.totals).toEqual({ outstanding: 75_000, claimCount: 1, creditorCount: 1 });
  });

  it('records each command at the instant its request was handled', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    api.setNow('2025-07-01T12:30:00Z');
    const receipt = await api.declareIncome(counsellor, householdId);
    // Summer time: Amsterdam is UTC+2.
    expect(receipt).toEqual({ householdId, revision: 2, recordedAt: '2025-07-01T14:30:00.000+02:00' });
  });

  it('a sequence of commands numbers the stream 1, 2, 3, ... without gaps', async () => {
    const { householdId, revision: r1 } = await api.registerHousehold(counsellor);
    const { revision: r2 } = await api.declareIncome(counsellor, householdId);
    // Revision 3 is CJIB's claim-statement request, 4 its claim (issue 11: creditors come in by invitation).
    const claim = await api.registerClaim(cjib, householdId);
    const { revision: r5 } = await api.chargeCosts(cjib, claim.id);
    const { revision: r6 } = await api.recordPayment(cjib, claim.id);
    expect([r1, r2, r5, r6]).toEqual([1, 2, 5, 6]);
    expect(await revisionOf(householdId)).toBe(6);
  });
});

describe('what every event records (policy §1)', () => {
  it('the acting organisation, role, token subject, commandId, correlationId and recordedAt', async () => {
    const { householdId } = await api.registerHousehold(counsellor, { commandId: 'reg-meta' });
    await api.inviteCreditor(counsellor, householdId, 'CJIB');
    await api.gql(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { commandId: 'claim-meta' }) }, { 'x-correlation-id': 'corr-42' });
    // The counsellor's claim-statement request comes between (issue 11); the claim is the third event.
    const events = (await api.ledger.store.readStream(`household-${householdId}`)).filter((e) => e.type !== 'ClaimStatementRequested');
    expect(events.map((e) => e.type)).toEqual(['HouseholdRegistered', 'ClaimRegistered']);
    expect(events[0]!.meta).toMatchObject({
      org: 'GEM-UTRECHT',
      role: 'COUNSELLOR',
      sub: 'schuldhulp@utrecht',
      commandId: 'reg-meta',
      recordedAt: PINNED_RECORDED_AT,
      effectiveOn: '2025-01-01',
    });
    expect(typeof events[0]!.meta['correlationId']).toBe('string');
    expect((events[0]!.meta['correlationId'] as string).length).toBeGreaterThan(0);
    expect(events[1]!.meta).toMatchObject({
      org: 'CJIB',
      role: 'CREDITOR',
      sub: 'incasso@cjib',
      commandId: 'claim-meta',
      correlationId: 'corr-42',
      recordedAt: PINNED_RECORDED_AT,
      effectiveOn: '2025-01-15',
    });
  });
});

describe('concurrent requests', () => {
  it('the same command sent twice at once is stored once, and both answers are the same', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    await api.inviteCreditor(counsellor, householdId, 'CJIB');
    const input = claimInput(householdId, { commandId: 'twice-at-once' });
    const [a, b] = await Promise.all([api.gql(cjib, REGISTER_CLAIM, { input }), api.gql(cjib, REGISTER_CLAIM, { input })]);
    expectNoErrors(a);
    expectNoErrors(b);
    expect(b.data.registerClaim).toEqual(a.data.registerClaim);
    const household = await api.household(householdId);
    // Registered, claim statement requested, claim: the claim once.
    expect(household.data.household.revision).toBe(3);
    expect(household.data.household.totals.claimCount).toBe(1);
  });

  it('different commands on one household at once are all stored, each at its own revision', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => api.gql(cjib, RECORD_PAYMENT, { input: paymentInput(claim.id, { commandId: `p-${n}`, amount: 1_000 * n }) })),
    );
    for (const r of results) expectNoErrors(r);
    // After registered, claim statement requested, claim (3 events).
    expect(results.map((r) => r.data.recordPayment.revision as number).sort()).toEqual([4, 5, 6, 7, 8]);
    const household = await api.household(householdId);
    expect(household.data.household.revision).toBe(8);
    expect(household.data.household.claims[0]).toMatchObject({ paid: 15_000, outstanding: 85_000 });
  });

  it('concurrent payments can never together exceed the outstanding balance', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const claim = await api.registerClaim(cjib, householdId, { principal: 10_000 });
    const results = await Promise.all(
      [1, 2, 3].map((n) => api.gql(cjib, RECORD_PAYMENT, { input: paymentInput(claim.id, { commandId: `race-${n}`, amount: 6_000 }) })),
    );
    expect(results.filter((r) => r.errors === undefined)).toHaveLength(1);
    expect(results.flatMap((r) => (r.errors ?? []).map((e) => e.extensions?.code))).toEqual([
      'PAYMENT_EXCEEDS_OUTSTANDING',
      'PAYMENT_EXCEEDS_OUTSTANDING',
    ]);
    const household = await api.household(householdId);
    expect(household.data.household.claims[0]).toMatchObject({ paid: 6_000, outstanding: 4_000 });
  });
});

describe('idempotency: the same commandId answers as the first time and stores nothing new', () => {
  const LATER = '2025-03-20T15:45:00Z';

  it('registerHousehold', async () => {
    const input = householdInput({ commandId: 'same-household' });
    const first = await api.gql(counsellor, REGISTER_HOUSEHOLD, { input });
    expectNoErrors(first);
    api.setNow(LATER);
    const again = await api.gql(counsellor, REGISTER_HOUSEHOLD, { input });
    expectNoErrors(again);
    expect(again.data.registerHousehold).toEqual(first.data.registerHousehold);
    expect(again.data.registerHousehold.recordedAt).toBe(PINNED_RECORDED_AT);
    expect(await revisionOf(first.data.registerHousehold.householdId)).toBe(1);
  });

  it('registerHousehold with the same commandId but changed data is refused (COMMAND_ID_REUSED) and leaves the first household as it was', async () => {
    const first = await api.gql(counsellor, REGISTER_HOUSEHOLD, { input: householdInput({ commandId: 'same', municipality: 'Utrecht' }) });
    expectNoErrors(first);
    // A command id is bound to its command (issue 11): another payload is refused, stores nothing.
    const again = await api.gql(counsellor, REGISTER_HOUSEHOLD, { input: householdInput({ commandId: 'same', municipality: 'Zeist' }) });
    expectError(again, 'COMMAND_ID_REUSED');
    expect(await api.eventCount()).toBe(1);
    const household = await api.household(first.data.registerHousehold.householdId);
    expect(household.data.household.municipality).toBe('Utrecht');
    expect(household.data.household.revision).toBe(1);
  });

  it('declareIncome', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const input = incomeInput(householdId, { commandId: 'same-income', netMonthly: 120_000 });
    const first = await api.gql(counsellor, DECLARE_INCOME, { input });
    api.setNow(LATER);
    const again = await api.gql(counsellor, DECLARE_INCOME, { input });
    expectNoErrors(again);
    expect(again.data.declareIncome).toEqual(first.data.declareIncome);
    expect(again.data.declareIncome).toEqual({ householdId, revision: 2, recordedAt: PINNED_RECORDED_AT });
    expect(await revisionOf(householdId)).toBe(2);
    // The income is counted once, not twice.
    const capacity = await api.gql(counsellor, `query ($id: ID!) { household(id: $id) { capacity(on: "2025-03-01") { netIncome } } }`, {
      id: householdId,
    });
    expect(capacity.data.household.capacity.netIncome).toBe(120_000);
  });

  it('recordProtectedIncome', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    await api.declareIncome(counsellor, householdId, { netMonthly: 120_000 });
    const input = protectedIncomeInput(householdId, { commandId: 'same-bvv', amount: 114_000 });
    const first = await api.gql(counsellor, RECORD_PROTECTED_INCOME, { input });
    api.setNow(LATER);
    const again = await api.gql(counsellor, RECORD_PROTECTED_INCOME, { input });
    expectNoErrors(again);
    expect(again.data.recordProtectedIncome).toEqual(first.data.recordProtectedIncome);
    expect(again.data.recordProtectedIncome).toEqual({ householdId, revision: 3, recordedAt: PINNED_RECORDED_AT });
    expect(await revisionOf(householdId)).toBe(3);
  });

  it('registerClaim returns the same claim and registers it once', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    await api.inviteCreditor(counsellor, householdId, 'CJIB');
    const input = claimInput(householdId, { commandId: 'same-claim', principal: 100_000 });
    const first = await api.gql(cjib, REGISTER_CLAIM, { input });
    expectNoErrors(first);
    api.setNow(LATER);
    const again = await api.gql(cjib, REGISTER_CLAIM, { input });
    expectNoErrors(again);
    expect(again.data.registerClaim).toEqual(first.data.registerClaim);
    const household = await api.household(householdId);
    // Registered, claim statement requested, claim.
    expect(household.data.household.revision).toBe(3);
    expect(household.data.household.totals).toEqual({ outstanding: 100_000, claimCount: 1, creditorCount: 1 });
    expect(household.data.household.claims.map((c: { id: string }) => c.id)).toEqual([first.data.registerClaim.id]);
  });

  it('chargeCollectionCosts', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    const input = costsInput(claim.id, { commandId: 'same-costs', amount: 4_000 });
    const first = await api.gql(cjib, CHARGE_COSTS, { input });
    api.setNow(LATER);
    const again = await api.gql(cjib, CHARGE_COSTS, { input });
    expectNoErrors(again);
    expect(again.data.chargeCollectionCosts).toEqual(first.data.chargeCollectionCosts);
    // Registered, claim statement requested, claim, costs.
    expect(again.data.chargeCollectionCosts).toEqual({ householdId, revision: 4, recordedAt: PINNED_RECORDED_AT });
    const household = await api.household(householdId);
    expect(household.data.household.revision).toBe(4);
    expect(household.data.household.claims[0]).toMatchObject({ costs: 4_000, outstanding: 104_000 });
    expect(household.data.household.totals).toEqual({ outstanding: 104_000, claimCount: 1, creditorCount: 1 });
  });

  it('recordPayment', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    const input = paymentInput(claim.id, { commandId: 'same-payment', amount: 30_000 });
    const first = await api.gql(cjib, RECORD_PAYMENT, { input });
    api.setNow(LATER);
    const again = await api.gql(cjib, RECORD_PAYMENT, { input });
    expectNoErrors(again);
    expect(again.data.recordPayment).toEqual(first.data.recordPayment);
    // Registered, claim statement requested, claim, payment.
    expect(again.data.recordPayment).toEqual({ householdId, revision: 4, recordedAt: PINNED_RECORDED_AT });
    const household = await api.household(householdId);
    expect(household.data.household.revision).toBe(4);
    expect(household.data.household.claims[0]).toMatchObject({ paid: 30_000, outstanding: 70_000 });
    expect(household.data.household.totals).toEqual({ outstanding: 70_000, claimCount: 1, creditorCount: 1 });
  });

  it('a repeat after later commands still answers with the first receipt', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    const input = paymentInput(claim.id, { commandId: 'pay-once', amount: 10_000 });
    const first = await api.gql(cjib, RECORD_PAYMENT, { input });
    await api.recordPayment(cjib, claim.id, { amount: 5_000 });
    const again = await api.gql(cjib, RECORD_PAYMENT, { input });
    // Registered, claim statement requested, claim, this payment (4), the later one (5).
    expect(again.data.recordPayment).toEqual({ householdId, revision: 4, recordedAt: PINNED_RECORDED_AT });
    expect(again.data.recordPayment).toEqual(first.data.recordPayment);
    const household = await api.household(householdId);
    expect(household.data.household.revision).toBe(5);
    expect(household.data.household.claims[0]).toMatchObject({ paid: 15_000, outstanding: 85_000 });
  });

  it('a rejected command stores nothing, so its commandId can be used again with corrected data', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    const rejected = await api.gql(cjib, CHARGE_COSTS, { input: costsInput(claim.id, { commandId: 'costs-x', amount: 15_001 }) });
    expectError(rejected, 'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM');
    // Registered, claim statement requested, claim.
    expect(await revisionOf(householdId)).toBe(3);
    const accepted = await api.gql(cjib, CHARGE_COSTS, { input: costsInput(claim.id, { commandId: 'costs-x', amount: 15_000 }) });
    expectNoErrors(accepted);
    expect(accepted.data.chargeCollectionCosts.revision).toBe(4);
  });

  it('the same commandId from another organisation is a separate command (registerHousehold)', async () => {
    const other = await api.tokenFor('COUNSELLOR', 'GEM-ZEIST');
    const input = householdInput({ commandId: 'shared-id' });
    const mine = await api.gql(counsellor, REGISTER_HOUSEHOLD, { input });
    // Another person: one BSN is in one household only (issue 11 item 5).
    const theirs = await api.gql(other, REGISTER_HOUSEHOLD, { input: { ...input, members: [{ bsn: BSN.anna, name: 'Anna de Vries', birthDate: '1979-11-02' }] } });
    expectNoErrors(mine);
    expectNoErrors(theirs);
    expect(theirs.data.registerHousehold.householdId).not.toBe(mine.data.registerHousehold.householdId);
    expect(theirs.data.registerHousehold.revision).toBe(1);
    expect(await revisionOf(mine.data.registerHousehold.householdId)).toBe(1);
    expect(await revisionOf(theirs.data.registerHousehold.householdId)).toBe(1);
  });

  it('the same commandId from another organisation is a separate command (registerClaim)', async () => {
    const belastingdienst = await api.tokenFor('CREDITOR', 'BELASTINGDIENST');
    const { householdId } = await api.registerHousehold(counsellor);
    await api.inviteCreditor(counsellor, householdId, 'CJIB');
    await api.inviteCreditor(counsellor, householdId, 'BELASTINGDIENST');
    const mine = await api.gql(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { commandId: 'shared-claim', principal: 100_000 }) });
    const theirs = await api.gql(belastingdienst, REGISTER_CLAIM, {
      input: claimInput(householdId, { commandId: 'shared-claim', principal: 50_000 }),
    });
    expectNoErrors(mine);
    expectNoErrors(theirs);
    expect(theirs.data.registerClaim.id).not.toBe(mine.data.registerClaim.id);
    expect(theirs.data.registerClaim).toMatchObject({ creditorId: 'BELASTINGDIENST', principal: 50_000 });
    const household = await api.household(householdId);
    // Registered, two claim statements requested, two claims.
    expect(household.data.household.revision).toBe(5);
    expect(household.data.household.totals).toEqual({ outstanding: 150_000, claimCount: 2, creditorCount: 2 });
  });

  it('the same commandId from another organisation is a separate command (recordPayment by a creditor and protected income by a counsellor)', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    await api.declareIncome(counsellor, householdId, { netMonthly: 120_000 });
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    // The counsellor used 'shared' first; the creditor's 'shared' is still new.
    const bvv = await api.gql(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { commandId: 'shared' }) });
    expectNoErrors(bvv);
    // Registered, income, claim statement requested, claim, protected income (5), payment (6).
    expect(bvv.data.recordProtectedIncome.revision).toBe(5);
    const payment = await api.gql(cjib, RECORD_PAYMENT, { input: paymentInput(claim.id, { commandId: 'shared', amount: 10_000 }) });
    expectNoErrors(payment);
    expect(payment.data.recordPayment.revision).toBe(6);
    const household = await api.household(householdId);
    expect(household.data.household.claims[0]).toMatchObject({ paid: 10_000, outstanding: 90_000 });
  });
});
