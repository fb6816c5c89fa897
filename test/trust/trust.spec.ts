import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { householdIdFor } from '../../infra/ids.js';
import {
  BSN,
  claimInput,
  createTestApi,
  expectError,
  expectNoErrors,
  expectValidationIssue,
  householdInput,
  incomeInput,
  protectedIncomeInput,
  REGISTER_CLAIM,
  REGISTER_HOUSEHOLD,
  DECLARE_INCOME,
  RECORD_PAYMENT,
  RECORD_PROTECTED_INCOME,
  type TestApi,
} from '../support/api.js';

/**
 * Issue 11, tried as an attacker would: command ids bound to their command, bounded amounts,
 * unguessable households, creditors by invitation, creditors that cannot set what they profit
 * from, and reasons that stay with those who may read them. Every figure is written by hand.
 */
const REQUEST = `mutation ($input: RequestClaimStatementInput!) { requestClaimStatement(input: $input) { householdId revision } }`;
const REQUESTS = `query ($first: Int, $after: String) { claimStatementRequests(first: $first, after: $after) {
  edges { cursor node { id householdId counsellorOrg creditorOrg requestedOn dueOn answered } } pageInfo { hasNextPage endCursor } } }`;
const FAIL_ARRANGEMENT = `mutation ($input: FailArrangementInput!) { failArrangement(input: $input) { id status termReason offers { claimId amount } } }`;
const PROPOSE = `mutation ($input: ProposeArrangementInput!) { proposeArrangement(input: $input) { id termReason } }`;
const REVOKE = `mutation ($input: RevokeMandateInput!) { revokeMandate(input: $input) { revision } }`;
const GRANT = `mutation ($input: GrantMandateInput!) { grantMandate(input: $input) { revision } }`;
const HOUSEHOLD = `query ($id: ID!) { household(id: $id) { id totals { outstanding claimCount creditorCount }
  claims { id principal outstanding } capacity(on: "2025-03-20") { netIncome protectedIncome attachable remaining flags allocations { monthly } }
  arrangements { id total termReason offers { amount } } moratoria { reason } } }`;
const DISPUTE = `mutation ($input: DisputeProtectedIncomeInput!) { disputeProtectedIncome(input: $input) { revision } }`;
const RESOLVE = `mutation ($input: ResolveProtectedIncomeDisputeInput!) { resolveProtectedIncomeDispute(input: $input) { revision } }`;
const RECORDS = `query ($id: ID!) { household(id: $id) { protectedIncomeRecords { id amount source recordedBy recordedByRole reference disputed dispute { reason disputedBy } }
  capacity(on: "2025-03-20") { protectedIncome flags } } }`;
const START_MORATORIUM = `mutation ($input: StartMoratoriumInput!) { startMoratorium(input: $input) { householdId } }`;

let api: TestApi;
let counsellor: string;
let cjib: string;
let eneco: string;

beforeEach(async () => {
  api = createTestApi();
  counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
  cjib = await api.tokenFor('CREDITOR', 'CJIB');
  eneco = await api.tokenFor('CREDITOR', 'ENECO');
});
afterEach(async () => {
  await api.close();
});

async function invite(householdId: string, creditorOrg: string, dueOn = '2025-04-17'): Promise<void> {
  expectNoErrors(await api.gql(counsellor, REQUEST, { input: { commandId: `req-${creditorOrg}-${householdId}`, householdId, creditorOrg, dueOn } }));
}

async function householdWithIncome(netMonthly = 200_000): Promise<string> {
  const { householdId } = await api.registerHousehold(counsellor);
  await api.declareIncome(counsellor, householdId, { netMonthly });
  return householdId;
}

describe('1. a command id is bound to its command', () => {
  it('the same id with another command type is COMMAND_ID_REUSED and stores nothing', async () => {
    const householdId = await householdWithIncome();
    await invite(householdId, 'CJIB');
    const claim = await api.registerClaim(cjib, householdId, { commandId: 'cjib-1' });
    const before = await api.eventCount();
    const reused = await api.gql(cjib, RECORD_PAYMENT, { input: { commandId: 'cjib-1', claimId: claim.id, amount: 10_000, paidOn: '2025-03-01' } });
    const error = expectError(reused, 'COMMAND_ID_REUSED');
    expect(error.message).toContain('cjib-1');
    expect(await api.eventCount()).toBe(before);
    // Over HTTP: status 200 with the error in the body, as for every rule's refusal.
    const response = await api.post(
      JSON.stringify({ query: RECORD_PAYMENT, variables: { input: { commandId: 'cjib-1', claimId: claim.id, amount: 10_000, paidOn: '2025-03-01' } } }),
      { authorization: `Bearer ${cjib}` },
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('COMMAND_ID_REUSED');
    const after = await api.gql(cjib, HOUSEHOLD, { id: householdId });
    expect((after.data['household'] as { claims: Array<{ outstanding: number }> }).claims[0]!.outstanding).toBe(100_000);
  });

  it('the same id with another payload is COMMAND_ID_REUSED; with the same payload it answers as the first time', async () => {
    const householdId = await householdWithIncome();
    await invite(householdId, 'CJIB');
    const input = claimInput(householdId, { commandId: 'cjib-2', principal: 50_000 });
    const first = await api.gql(cjib, REGISTER_CLAIM, { input });
    expectNoErrors(first);
    const before = await api.eventCount();
    // Fields in another order are the same payload.
    const reordered = Object.fromEntries(Object.entries(input).reverse());
    expect(await api.gql(cjib, REGISTER_CLAIM, { input: reordered })).toEqual(first);
    expectError(await api.gql(cjib, REGISTER_CLAIM, { input: { ...input, principal: 60_000 } }), 'COMMAND_ID_REUSED');
    expect(await api.eventCount()).toBe(before);
  });

  it('authorisation comes first: a revoked counsellor replaying an old command id is FORBIDDEN and reads nothing', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    await api.declareIncome(counsellor, householdId, { netMonthly: 200_000 });
    await invite(householdId, 'CJIB');
    await api.registerClaim(cjib, householdId);
    const household = await api.tokenFor('HOUSEHOLD', householdId);
    const proposed = await api.gql(counsellor, PROPOSE, {
      input: { commandId: 'arr-1', householdId, monthlyCapacity: 10_000, termMonths: 36, termReason: 'Ernstige ziekte van de aanvrager', startsOn: '2025-03-20' },
    });
    expectNoErrors(proposed);
    const arrangementId = (proposed.data['proposeArrangement'] as { id: string }).id;
    const failInput = { commandId: 'fail-1', arrangementId, reason: 'Inkomen weggevallen', failedOn: '2025-03-20' };
    expectNoErrors(await api.gql(counsellor, FAIL_ARRANGEMENT, { input: failInput }));
    expectNoErrors(await api.gql(household, REVOKE, { input: { commandId: 'revoke-1', householdId, counsellorOrg: 'GEM-UTRECHT' } }));
    const replay = await api.gql(counsellor, FAIL_ARRANGEMENT, { input: failInput });
    expectError(replay, 'FORBIDDEN');
    expect(replay.data?.['failArrangement'] ?? null).toBeNull();
    // The same replay of registerHousehold by the revoked counsellor does not answer either.
    expectError(await api.gql(counsellor, DECLARE_INCOME, { input: incomeInput(householdId, { commandId: 'inc-replay' }) }), 'FORBIDDEN');
  });
});

describe('2. amounts are bounded and every sum answers', () => {
  it('a principal of 2^53-1 cents and an income of 2^53-1 are VALIDATION_FAILED naming the field, storing nothing', async () => {
    const householdId = await householdWithIncome();
    await invite(householdId, 'CJIB');
    const before = await api.eventCount();
    const claim = await api.gql(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { principal: 9_007_199_254_740_991 }) });
    expect(expectValidationIssue(claim, 'input.principal').message).toContain('€ 100.000.000,00');
    expectValidationIssue(await api.gql(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { principal: 10_000_000_001 }) }), 'input.principal');
    const income = await api.gql(counsellor, DECLARE_INCOME, { input: incomeInput(householdId, { netMonthly: 9_007_199_254_740_991 }) });
    expect(expectValidationIssue(income, 'input.netMonthly').message).toContain('€ 1.000.000,00');
    expectValidationIssue(await api.gql(counsellor, DECLARE_INCOME, { input: incomeInput(householdId, { netMonthly: 100_000_001 }) }), 'input.netMonthly');
    expect(await api.eventCount()).toBe(before);
    // The bounds themselves are allowed.
    expectNoErrors(await api.gql(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { principal: 10_000_000_000 }) }));
    expectNoErrors(await api.gql(counsellor, DECLARE_INCOME, { input: incomeInput(householdId, { netMonthly: 100_000_000 }) }));
  });

  it('the largest allowed household (1,000 claims at the maximum) answers every field', async () => {
    const householdId = await householdWithIncome(100_000_000);
    await invite(householdId, 'CJIB');
    const claimIds: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      const claim = await api.registerClaim(cjib, householdId, { commandId: `max-${i}`, principal: 10_000_000_000, preferential: i % 2 === 0 });
      claimIds.push(claim.id);
    }
    const garnish = await api.gql(cjib, `mutation ($input: RegisterMeasureInput!) { registerMeasure(input: $input) { monthly } }`, {
      input: { commandId: 'g-1', householdId, kind: 'GARNISHMENT', claimIds: claimIds.filter((_, i) => i % 2 === 1).slice(0, 50), startsOn: '2025-03-01' },
    });
    expectNoErrors(garnish);
    const proposed = await api.gql(counsellor, PROPOSE, { input: { commandId: 'arr-max', householdId, monthlyCapacity: 10_000_000_000, startsOn: '2025-03-20' } });
    expectNoErrors(proposed);
    const result = await api.gql(counsellor, HOUSEHOLD, { id: householdId });
    expectNoErrors(result);
    const h = result.data['household'] as {
      totals: { outstanding: number; claimCount: number; creditorCount: number };
      capacity: { netIncome: number; attachable: number; allocations: Array<{ monthly: number }> };
      arrangements: Array<{ total: number; offers: Array<{ amount: number }> }>;
    };
    // 1,000 × €100,000,000.00 = €100,000,000,000.00.
    expect(h.totals).toEqual({ outstanding: 10_000_000_000_000, claimCount: 1_000, creditorCount: 1 });
    expect(h.capacity.netIncome).toBe(100_000_000);
    // Income €1,000,000.00, estimated protected income = the floor = min(95% of the single norm
    // €1,345.45 = €1,278.18, 95% of income): attachable €998,721.82, all of it to the garnishment.
    expect(h.capacity.attachable).toBe(99_872_182);
    expect(h.capacity.allocations).toEqual([{ monthly: 99_872_182 }]);
    // €100,000,000.00 × 18 months = €1,800,000,000.00, all of it distributed.
    expect(h.arrangements[0]!.total).toBe(180_000_000_000);
    expect(h.arrangements[0]!.offers.reduce((s, o) => s + o.amount, 0)).toBe(180_000_000_000);
  }, 120_000);
});

describe('3. households cannot be guessed, creditors come in by invitation', () => {
  it('household ids are random UUIDs (v4), not computable from the organisation and command id, and a repeat finds the same one', async () => {
    const input = householdInput({ commandId: 'same-command' });
    const first = await api.gql(counsellor, REGISTER_HOUSEHOLD, { input });
    expectNoErrors(first);
    const id = (first.data['registerHousehold'] as { householdId: string }).householdId;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).not.toBe(householdIdFor('GEM-UTRECHT', 'same-command'));
    expect(await api.gql(counsellor, REGISTER_HOUSEHOLD, { input })).toEqual(first);
    const other = await api.registerHousehold(counsellor, { members: [{ bsn: BSN.piet, name: 'Piet Pietersen', birthDate: '1980-01-01' }] });
    expect(other.householdId).not.toBe(id);
  });

  it('a registration refused by a rule stores nothing and leaves its command id free for corrected input', async () => {
    const input = householdInput({ commandId: 'typo', members: [{ bsn: BSN.jan, name: 'Jan Jansen', birthDate: '2030-01-01' }] });
    expectValidationIssue(await api.gql(counsellor, REGISTER_HOUSEHOLD, { input }), 'input.members.0.birthDate');
    expect(await api.eventCount()).toBe(0);
    expectNoErrors(await api.gql(counsellor, REGISTER_HOUSEHOLD, { input: { ...input, members: [{ bsn: BSN.jan, name: 'Jan Jansen', birthDate: '1985-06-15' }] } }));
  });

  it('an unknown id and a household the caller may not see answer alike: null to a query, FORBIDDEN with the same message to a command', async () => {
    const householdId = await householdWithIncome();
    const unknown = '3b241101-e2bb-4255-8caf-4136c566a962';
    const other = await api.tokenFor('COUNSELLOR', 'GEM-AMSTERDAM');
    const seen = await api.gql(cjib, HOUSEHOLD, { id: householdId });
    const unseen = await api.gql(cjib, HOUSEHOLD, { id: unknown });
    expect(seen).toEqual({ data: { household: null } });
    expect(unseen).toEqual({ data: { household: null } });
    expect(await api.gql(other, HOUSEHOLD, { id: householdId })).toEqual({ data: { household: null } });
    const onKnown = expectError(await api.gql(other, DECLARE_INCOME, { input: incomeInput(householdId) }), 'FORBIDDEN');
    const onUnknown = expectError(await api.gql(other, DECLARE_INCOME, { input: incomeInput(unknown) }), 'FORBIDDEN');
    expect(onUnknown.message).toBe(onKnown.message);
    const claimKnown = expectError(await api.gql(cjib, REGISTER_CLAIM, { input: claimInput(householdId) }), 'FORBIDDEN');
    const claimUnknown = expectError(await api.gql(cjib, REGISTER_CLAIM, { input: claimInput(unknown) }), 'FORBIDDEN');
    expect(claimUnknown.message).toBe(claimKnown.message);
  });

  it('a creditor registers a claim only when its statement was requested, then may add more; others are FORBIDDEN and store nothing', async () => {
    const householdId = await householdWithIncome();
    const before = await api.eventCount();
    const refused = expectError(await api.gql(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { principal: 1 }) }), 'FORBIDDEN');
    expect(refused.message).toContain('No claim statement was requested from CJIB');
    expect(await api.eventCount()).toBe(before);
    await invite(householdId, 'CJIB');
    await api.registerClaim(cjib, householdId, { commandId: 'first' });
    await api.registerClaim(cjib, householdId, { commandId: 'second' });
    // ENECO was not asked.
    expectError(await api.gql(eneco, REGISTER_CLAIM, { input: claimInput(householdId) }), 'FORBIDDEN');
    // A creditor without a claim sees nothing of the household, not even with a request open.
    await invite(householdId, 'ENECO');
    expect(await api.gql(eneco, HOUSEHOLD, { id: householdId })).toEqual({ data: { household: null } });
  });

  it('only a counsellor with a mandate requests a claim statement', async () => {
    const householdId = await householdWithIncome();
    const other = await api.tokenFor('COUNSELLOR', 'GEM-AMSTERDAM');
    const input = { commandId: 'req-x', householdId, creditorOrg: 'CJIB', dueOn: '2025-04-17' };
    expectError(await api.gql(other, REQUEST, { input }), 'FORBIDDEN');
    expectError(await api.gql(cjib, REQUEST, { input }), 'FORBIDDEN');
    expectValidationIssue(await api.gql(counsellor, REQUEST, { input: { ...input, dueOn: '2025-03-19' } }), 'input.dueOn');
    expectNoErrors(await api.gql(counsellor, REQUEST, { input }));
    expectError(await api.gql(counsellor, REQUEST, { input: { ...input, commandId: 'req-y' } }), 'ALREADY_EXISTS');
  });

  it('claimStatementRequests lists a creditor its open requests, paged, without personal data; answered ones leave the list', async () => {
    const households: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { householdId } = await api.registerHousehold(counsellor, { commandId: `hh-${i}`, members: [{ bsn: Object.values(BSN)[i]!, name: `Lid ${i}`, birthDate: '1980-01-01' }] });
      households.push(householdId);
      await invite(householdId, 'CJIB', `2025-04-1${i}`);
    }
    const page1 = await api.gql(cjib, REQUESTS, { first: 2 });
    expectNoErrors(page1);
    const conn = page1.data['claimStatementRequests'] as { edges: Array<{ node: Record<string, unknown> }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
    expect(conn.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ householdId: households[0], counsellorOrg: 'GEM-UTRECHT', creditorOrg: 'CJIB', requestedOn: '2025-03-20', dueOn: '2025-04-10', answered: false }),
      expect.objectContaining({ householdId: households[1], dueOn: '2025-04-11' }),
    ]);
    expect(Object.keys(conn.edges[0]!.node).sort()).toEqual(['answered', 'counsellorOrg', 'creditorOrg', 'dueOn', 'householdId', 'id', 'requestedOn']);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    await api.registerClaim(cjib, households[2]!);
    const page2 = await api.gql(cjib, REQUESTS, { first: 2, after: conn.pageInfo.endCursor });
    expect((page2.data['claimStatementRequests'] as { edges: unknown[] }).edges).toEqual([]);
    expect(((await api.gql(eneco, REQUESTS, {})).data['claimStatementRequests'] as { edges: unknown[] }).edges).toEqual([]);
    expectError(await api.gql(counsellor, REQUESTS, {}), 'FORBIDDEN');
    expectValidationIssue(await api.gql(cjib, REQUESTS, { after: ' ' }), 'after');
  });
});

describe('4. creditors cannot set what they profit from', () => {
  it('a creditor records BAILIFF or INLICHTINGENBUREAU only; COURT and OTHER_OFFICIAL are FORBIDDEN and store nothing', async () => {
    const householdId = await householdWithIncome(200_000);
    await invite(householdId, 'CJIB');
    await api.registerClaim(cjib, householdId);
    const before = await api.eventCount();
    for (const source of ['COURT', 'OTHER_OFFICIAL']) {
      const refused = await api.gql(cjib, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { source, amount: 200_000, reference: 'VERZONNEN-1' }) });
      expectError(refused, 'FORBIDDEN');
    }
    expect(await api.eventCount()).toBe(before);
    // Within [floor, 95% of €2,000.00 = €1,900.00] a bailiff's record is accepted; above it not.
    expectError(await api.gql(cjib, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { source: 'BAILIFF', amount: 190_001 }) }), 'PROTECTED_INCOME_ABOVE_LEGAL_CAP');
    expectNoErrors(await api.gql(cjib, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { source: 'BAILIFF', amount: 150_000, reference: 'DW-2025-77' }) }));
    // The counsellor with a mandate records a COURT record.
    expectNoErrors(await api.gql(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { source: 'COURT', amount: 195_000, validFrom: '2025-03-15' }) }));
  });

  it('each record shows who recorded it; a counsellor disputes one, which flags PROTECTED_INCOME_DISPUTED until resolved', async () => {
    const householdId = await householdWithIncome(200_000);
    await invite(householdId, 'CJIB');
    await api.registerClaim(cjib, householdId);
    expectNoErrors(await api.gql(cjib, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { source: 'BAILIFF', amount: 150_000, reference: 'DW-2025-77', validFrom: '2025-03-01' }) }));
    const seen = await api.gql(counsellor, RECORDS, { id: householdId });
    const h = seen.data['household'] as { protectedIncomeRecords: Array<{ id: string; recordedBy: string; recordedByRole: string; disputed: boolean }>; capacity: { protectedIncome: number; flags: string[] } };
    expect(h.protectedIncomeRecords).toEqual([
      expect.objectContaining({ amount: 150_000, source: 'BAILIFF', recordedBy: 'CJIB', recordedByRole: 'CREDITOR', reference: 'DW-2025-77', disputed: false, dispute: null }),
    ]);
    expect(h.capacity.flags).not.toContain('PROTECTED_INCOME_DISPUTED');
    const recordId = h.protectedIncomeRecords[0]!.id;
    expectError(await api.gql(cjib, DISPUTE, { input: { commandId: 'd-0', recordId, reason: 'x' } }), 'FORBIDDEN');
    expectNoErrors(await api.gql(counsellor, DISPUTE, { input: { commandId: 'd-1', recordId, reason: 'Uitgegaan van een alleenstaande; mevrouw heeft twee kinderen' } }));
    const disputed = (await api.gql(counsellor, RECORDS, { id: householdId })).data['household'] as typeof h;
    expect(disputed.capacity.flags).toContain('PROTECTED_INCOME_DISPUTED');
    expect(disputed.capacity.protectedIncome).toBe(150_000);
    // The creditor sees that it is disputed, not why.
    const asCreditor = (await api.gql(cjib, RECORDS, { id: householdId })).data['household'] as { protectedIncomeRecords: Array<{ disputed: boolean; dispute: { reason: string | null; disputedBy: string } }>; capacity: { flags: string[] } };
    expect(asCreditor.protectedIncomeRecords[0]!).toMatchObject({ disputed: true, dispute: { reason: null, disputedBy: 'GEM-UTRECHT' } });
    expect(asCreditor.capacity.flags).toContain('PROTECTED_INCOME_DISPUTED');
    expectNoErrors(await api.gql(counsellor, RESOLVE, { input: { commandId: 'r-1', recordId, resolution: 'Beslaglegger heeft de beslagvrije voet herberekend' } }));
    const resolved = (await api.gql(counsellor, RECORDS, { id: householdId })).data['household'] as typeof h;
    expect(resolved.capacity.flags).not.toContain('PROTECTED_INCOME_DISPUTED');
  });
});

describe('5. personal free text stays with those who may read it', () => {
  it('moratorium reasons and arrangement term reasons are null for creditors', async () => {
    const householdId = await householdWithIncome(200_000);
    await invite(householdId, 'CJIB');
    await api.registerClaim(cjib, householdId);
    expectNoErrors(await api.gql(counsellor, PROPOSE, {
      input: { commandId: 'arr-r', householdId, monthlyCapacity: 10_000, termMonths: 36, termReason: 'Psychische klachten, lange behandeling', startsOn: '2025-03-20' },
    }));
    expectNoErrors(await api.gql(counsellor, START_MORATORIUM, {
      input: { commandId: 'mor-r', householdId, startsOn: '2025-03-20', endsOn: '2025-06-19', reason: 'Opname in ziekenhuis' },
    }));
    const asCreditor = (await api.gql(cjib, HOUSEHOLD, { id: householdId })).data['household'] as { arrangements: Array<{ termReason: string | null }>; moratoria: Array<{ reason: string | null }> };
    expect(asCreditor.arrangements.map((a) => a.termReason)).toEqual([null]);
    expect(asCreditor.moratoria.map((m) => m.reason)).toEqual([null]);
    const asCounsellor = (await api.gql(counsellor, HOUSEHOLD, { id: householdId })).data['household'] as typeof asCreditor;
    expect(asCounsellor.arrangements.map((a) => a.termReason)).toEqual(['Psychische klachten, lange behandeling']);
    expect(asCounsellor.moratoria.map((m) => m.reason)).toEqual(['Opname in ziekenhuis']);
  });

  it('a mandate handed over lets the new counsellor request statements (and the old one keeps its own mandate)', async () => {
    const householdId = await householdWithIncome();
    const other = await api.tokenFor('COUNSELLOR', 'GEM-AMSTERDAM');
    expectNoErrors(await api.gql(counsellor, GRANT, { input: { commandId: 'g-1', householdId, counsellorOrg: 'GEM-AMSTERDAM', startsOn: '2025-03-20' } }));
    expectNoErrors(await api.gql(other, REQUEST, { input: { commandId: 'req-ams', householdId, creditorOrg: 'DUO', dueOn: '2025-04-17' } }));
  });
});
