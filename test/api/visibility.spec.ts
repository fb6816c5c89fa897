import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BSN,
  CAPACITY_QUERY,
  CHARGE_COSTS,
  claimInput,
  costsInput,
  createTestApi,
  DECLARE_INCOME,
  expectError,
  expectNoErrors,
  HOUSEHOLD_QUERY,
  householdInput,
  incomeInput,
  paymentInput,
  protectedIncomeInput,
  RECORD_PAYMENT,
  RECORD_PROTECTED_INCOME,
  REGISTER_CLAIM,
  REGISTER_HOUSEHOLD,
  TEST_SECRET,
  type GqlResult,
  type TestApi,
} from '../support/api.js';

/** Who sees and does what (policy §8), and the two time axes of `household(asOf)` (policy §1). */

let api: TestApi;
let counsellor: string;
let cjib: string;
let belastingdienst: string;
let householdId: string;
let cjibClaimId: string;
let bdClaimId: string;

const MEMBERS = [
  { name: 'Jan Jansen', bsn: BSN.jan, birthDate: '1985-06-15' },
  { name: 'Piet Jansen', bsn: BSN.piet, birthDate: '1987-02-01' },
];

beforeEach(async () => {
  api = createTestApi();
  counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
  cjib = await api.tokenFor('CREDITOR', 'CJIB');
  belastingdienst = await api.tokenFor('CREDITOR', 'BELASTINGDIENST');
  ({ householdId } = await api.registerHousehold(counsellor, { composition: 'COUPLE', members: MEMBERS }));
  await api.declareIncome(counsellor, householdId, { netMonthly: 200_000 });
  cjibClaimId = (await api.registerClaim(cjib, householdId, { principal: 100_000, reference: 'CJIB-1' })).id;
  bdClaimId = (await api.registerClaim(belastingdienst, householdId, { principal: 50_000, reference: 'BD-1', preferential: true })).id;
});

afterEach(async () => {
  await api.close();
});

const query = (token: string | null, id = householdId) => api.gql(token, HOUSEHOLD_QUERY, { id });

/**
 * A household the caller may not see answers exactly as an unknown id does (issue 11): null,
 * without an error, so the answer does not tell which household ids exist.
 */
function expectHiddenHousehold(result: GqlResult): void {
  expect(result).toEqual({ data: { household: null } });
}

/**
 * The household set up in beforeEach, unchanged: 6 events (registered, income, and for each of
 * the two creditors the counsellor's claim-statement request and the claim).
 */
async function expectUnchanged(revision = 6): Promise<void> {
  expect(await api.eventCount()).toBe(6);
  const now = await api.household(householdId);
  expect(now.data.household.revision).toBe(revision);
  expect(now.data.household.totals).toEqual({ outstanding: 150_000, claimCount: 2, creditorCount: 2 });
}

describe('reading a household', () => {
  it('a CREDITOR sees only its own claims and no members, but totals over all claims and the capacity', async () => {
    const result = await query(cjib);
    expectNoErrors(result);
    const household = result.data.household;
    expect(household.id).toBe(householdId);
    expect(household.members).toEqual([]);
    expect(household.claims).toHaveLength(1);
    expect(household.claims[0]).toMatchObject({ id: cjibClaimId, creditorId: 'CJIB', reference: 'CJIB-1', outstanding: 100_000 });
    expect(household.totals).toEqual({ outstanding: 150_000, claimCount: 2, creditorCount: 2 });

    const capacity = await api.gql(cjib, CAPACITY_QUERY, { id: householdId, on: '2025-03-01' });
    expectNoErrors(capacity);
    // Couple, €2,000 net: floor = min(95% × 192207 = 182597, 190000).
    expect(capacity.data.household.capacity).toMatchObject({ netIncome: 200_000, protectedIncome: 182_597, attachable: 17_403 });

    const other = await query(belastingdienst);
    expect(other.data.household.claims.map((c: { id: string }) => c.id)).toEqual([bdClaimId]);
    expect(other.data.household.members).toEqual([]);
  });

  it('a CREDITOR without claims on the household sees null, as for an unknown id', async () => {
    const duo = await api.tokenFor('CREDITOR', 'DUO');
    expectHiddenHousehold(await query(duo));
    expectHiddenHousehold(await api.gql(duo, CAPACITY_QUERY, { id: householdId, on: '2025-03-01' }));
  });

  it('the COUNSELLOR that registered the household sees everything, members with BSN included', async () => {
    const result = await query(counsellor);
    expectNoErrors(result);
    expect(result.data.household.members).toEqual(MEMBERS);
    expect(result.data.household.claims.map((c: { id: string }) => c.id)).toEqual([cjibClaimId, bdClaimId]);
    expect(result.data.household.totals).toEqual({ outstanding: 150_000, claimCount: 2, creditorCount: 2 });
  });

  it('a counsellor of another organisation sees null, as for an unknown id', async () => {
    expectHiddenHousehold(await query(await api.tokenFor('COUNSELLOR', 'GEM-ZEIST')));
  });

  it('the OMBUDSMAN sees everything', async () => {
    const result = await query(await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN'));
    expectNoErrors(result);
    expect(result.data.household.members).toEqual(MEMBERS);
    expect(result.data.household.claims).toHaveLength(2);
    expect(result.data.household.revision).toBe(6);
  });

  it('a HOUSEHOLD token sees its own household in full, and no other', async () => {
    const own = await query(await api.tokenFor('HOUSEHOLD', householdId, 'jan@digid'));
    expectNoErrors(own);
    expect(own.data.household.members).toEqual(MEMBERS);
    expect(own.data.household.claims).toHaveLength(2);

    const { householdId: otherId } = await api.registerHousehold(counsellor);
    expectHiddenHousehold(await query(await api.tokenFor('HOUSEHOLD', otherId, 'someone@digid')));
  });

  it("a HOUSEHOLD token is its household by `org` (contract): another household's token sees null whatever its subject", async () => {
    const { householdId: otherId } = await api.registerHousehold(counsellor);
    // Issued to the other household; its subject happens to equal this household's id.
    expectHiddenHousehold(await query(await api.tokenFor('HOUSEHOLD', otherId, householdId)));
  });

  it('an ADMIN sees no personal data: null, as for an unknown id', async () => {
    expectHiddenHousehold(await query(await api.tokenFor('ADMIN', 'OPS')));
  });

  it('an unknown household is null, without an error', async () => {
    const result = await query(counsellor, '00000000-0000-8000-8000-000000000000');
    expect(result).toEqual({ data: { household: null } });
  });
});

describe('authentication', () => {
  it('no token: UNAUTHENTICATED', async () => {
    const result = await query(null);
    expectError(result, 'UNAUTHENTICATED');
    expect(result.data).toEqual({ household: null });
  });

  it('a malformed token or header: UNAUTHENTICATED', async () => {
    expectError(await query('not-a-jwt'), 'UNAUTHENTICATED');
    const raw = await api.post(JSON.stringify({ query: HOUSEHOLD_QUERY, variables: { id: householdId } }), { authorization: 'Basic abc' });
    expect(((await raw.json()) as GqlResult).errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('a token signed with another secret: UNAUTHENTICATED', async () => {
    const forged = await new SignJWT({ role: 'OMBUDSMAN', org: 'X' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-of-at-least-32-characters!'));
    const result = await query(forged);
    expectError(result, 'UNAUTHENTICATED');
    expect(JSON.stringify(result)).not.toContain(BSN.jan);
  });

  it('an expired token: UNAUTHENTICATED', async () => {
    const expired = await new SignJWT({ role: 'COUNSELLOR', org: 'GEM-UTRECHT' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('c@utrecht')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(TEST_SECRET));
    const result = await query(expired);
    expectError(result, 'UNAUTHENTICATED');
    expect(JSON.stringify(result)).not.toContain(BSN.jan);
  });

  it('a token without a role or with an unknown role: UNAUTHENTICATED', async () => {
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(new TextEncoder().encode(TEST_SECRET));
    expectError(await query(await sign({ org: 'GEM-UTRECHT' })), 'UNAUTHENTICATED');
    expectError(await query(await sign({ role: 'SUPERUSER', org: 'GEM-UTRECHT' })), 'UNAUTHENTICATED');
  });

  it('a mutation without a token: UNAUTHENTICATED, nothing stored', async () => {
    expectError(await api.gql(null, REGISTER_CLAIM, { input: claimInput(householdId) }), 'UNAUTHENTICATED');
    await expectUnchanged();
  });
});

describe('who may do what', () => {
  it('a CREDITOR may not register a household', async () => {
    const input = householdInput({ commandId: 'by-creditor' });
    const result = await api.gql(cjib, REGISTER_HOUSEHOLD, { input });
    expectError(result, 'FORBIDDEN');
    expect(result.data).toBeNull();
    // Nothing was stored: still the 6 events of the household set up before.
    expect(await api.eventCount()).toBe(6);
  });

  it('a CREDITOR may not declare income', async () => {
    expectError(await api.gql(cjib, DECLARE_INCOME, { input: incomeInput(householdId) }), 'FORBIDDEN');
    await expectUnchanged();
  });

  it('a COUNSELLOR may not register a claim, charge costs or record a payment', async () => {
    expectError(await api.gql(counsellor, REGISTER_CLAIM, { input: claimInput(householdId) }), 'FORBIDDEN');
    expectError(await api.gql(counsellor, CHARGE_COSTS, { input: costsInput(cjibClaimId) }), 'FORBIDDEN');
    expectError(await api.gql(counsellor, RECORD_PAYMENT, { input: paymentInput(cjibClaimId) }), 'FORBIDDEN');
    await expectUnchanged();
  });

  it('the OMBUDSMAN may not use any of the mutations', async () => {
    const ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
    const attempts: Array<[string, Record<string, unknown>]> = [
      [REGISTER_HOUSEHOLD, householdInput()],
      [DECLARE_INCOME, incomeInput(householdId)],
      [RECORD_PROTECTED_INCOME, protectedIncomeInput(householdId, { amount: 190_000 })],
      [REGISTER_CLAIM, claimInput(householdId)],
      [CHARGE_COSTS, costsInput(cjibClaimId)],
      [RECORD_PAYMENT, paymentInput(cjibClaimId)],
    ];
    for (const [mutation, input] of attempts) {
      const result = await api.gql(ombudsman, mutation, { input });
      expectError(result, 'FORBIDDEN');
      expect(result.data).toBeNull();
    }
    await expectUnchanged();
  });

  it('HOUSEHOLD and ADMIN tokens may not use the ledger mutations', async () => {
    for (const token of [await api.tokenFor('HOUSEHOLD', householdId), await api.tokenFor('ADMIN', 'OPS')]) {
      expectError(await api.gql(token, DECLARE_INCOME, { input: incomeInput(householdId) }), 'FORBIDDEN');
      expectError(await api.gql(token, REGISTER_CLAIM, { input: claimInput(householdId) }), 'FORBIDDEN');
      expectError(await api.gql(token, RECORD_PAYMENT, { input: paymentInput(cjibClaimId) }), 'FORBIDDEN');
    }
    await expectUnchanged();
  });

  it('a counsellor without the mandate may not declare income or record protected income', async () => {
    const zeist = await api.tokenFor('COUNSELLOR', 'GEM-ZEIST');
    expectError(await api.gql(zeist, DECLARE_INCOME, { input: incomeInput(householdId) }), 'FORBIDDEN');
    expectError(await api.gql(zeist, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { amount: 190_000 }) }), 'FORBIDDEN');
    await expectUnchanged();
  });

  it('a creditor without a claim on the household may not record its protected income', async () => {
    const duo = await api.tokenFor('CREDITOR', 'DUO');
    expectError(await api.gql(duo, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { amount: 190_000 }) }), 'FORBIDDEN');
    await expectUnchanged();
  });

  it("a creditor may not charge costs on or pay another creditor's claim", async () => {
    const costs = await api.gql(cjib, CHARGE_COSTS, { input: costsInput(bdClaimId, { amount: 4_000 }) });
    expectError(costs, 'FORBIDDEN');
    const payment = await api.gql(cjib, RECORD_PAYMENT, { input: paymentInput(bdClaimId, { amount: 1_000 }) });
    expectError(payment, 'FORBIDDEN');
    await expectUnchanged();
    const bd = (await api.household(householdId)).data.household.claims.find((c: { id: string }) => c.id === bdClaimId);
    expect(bd).toMatchObject({ costs: 0, paid: 0, outstanding: 50_000 });
  });
});

describe('asOf: what the ledger knew at an instant', () => {
  it('before a claim was registered: fewer claims and a lower revision; before registration: null', async () => {
    const fresh = createTestApi();
    try {
      const c = await fresh.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
      const creditor = await fresh.tokenFor('CREDITOR', 'CJIB');
      fresh.setNow('2025-03-20T09:00:00Z');
      const { householdId: id } = await fresh.registerHousehold(c);
      fresh.setNow('2025-03-20T10:00:00Z');
      await fresh.declareIncome(c, id);
      // Creditors come in by invitation (issue 11): the counsellor asks CJIB for its claims first.
      fresh.setNow('2025-03-20T10:15:00Z');
      await fresh.inviteCreditor(c, id, 'CJIB');
      fresh.setNow('2025-03-20T11:00:00Z');
      const claim = await fresh.registerClaim(creditor, id, { principal: 100_000 });
      fresh.setNow('2025-03-20T12:00:00Z');

      const asOf = (instant: string, token = c) => fresh.gql(token, HOUSEHOLD_QUERY, { id, asOf: instant });

      const now = await asOf('2025-03-20T12:00:00Z');
      expect(now.data.household).toMatchObject({ revision: 4, totals: { outstanding: 100_000, claimCount: 1, creditorCount: 1 } });

      // After the claim-statement request (revision 3), before the claim.
      const beforeClaim = await asOf('2025-03-20T10:30:00Z');
      expectNoErrors(beforeClaim);
      expect(beforeClaim.data.household).toMatchObject({ id, revision: 3, claims: [], totals: { outstanding: 0, claimCount: 0, creditorCount: 0 } });

      // The same instant in another offset names the same moment.
      const sameInstant = await asOf('2025-03-20T11:30:00.000+01:00');
      expect(sameInstant.data.household.revision).toBe(3);

      // Exactly at the instant the claim was stored, it is known.
      const atClaim = await asOf('2025-03-20T11:00:00Z');
      expect(atClaim.data.household.revision).toBe(4);
      expect(atClaim.data.household.claims.map((x: { id: string }) => x.id)).toEqual([claim.id]);

      const justRegistered = await asOf('2025-03-20T09:59:59Z');
      expect(justRegistered.data.household).toMatchObject({ revision: 1, claims: [] });

      const beforeRegistration = await asOf('2025-03-20T08:59:59Z');
      expect(beforeRegistration).toEqual({ data: { household: null } });

      // Without asOf: now.
      const current = await fresh.gql(c, HOUSEHOLD_QUERY, { id });
      expect(current.data.household.revision).toBe(4);
    } finally {
      await fresh.close();
    }
  });

  it('asOf is not a way around visibility', async () => {
    expectHiddenHousehold(await api.gql(await api.tokenFor('CREDITOR', 'DUO'), HOUSEHOLD_QUERY, { id: householdId, asOf: '2030-01-01T00:00:00Z' }));
    expectHiddenHousehold(await api.gql(await api.tokenFor('COUNSELLOR', 'GEM-ZEIST'), HOUSEHOLD_QUERY, { id: householdId, asOf: '2030-01-01T00:00:00Z' }));
  });
});
