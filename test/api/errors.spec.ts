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
  expectValidationIssue,
  HOUSEHOLD_QUERY,
  householdInput,
  incomeInput,
  paymentInput,
  protectedIncomeInput,
  RECORD_PAYMENT,
  RECORD_PROTECTED_INCOME,
  REGISTER_CLAIM,
  REGISTER_HOUSEHOLD,
  type GqlResult,
  type TestApi,
} from '../support/api.js';

/**
 * Rejections (policy §9): VALIDATION_FAILED names the field path and reason, every rejection
 * carries a code, and a rejected command stores nothing. No answer leaks a stack trace or a path
 * on the server.
 */

const COUNSELLOR_ORG = 'GEM-UTRECHT';

let api: TestApi;
let counsellor: string;
let cjib: string;
let householdId: string;
let claimId: string;
beforeEach(async () => {
  api = createTestApi();
  counsellor = await api.tokenFor('COUNSELLOR', COUNSELLOR_ORG);
  cjib = await api.tokenFor('CREDITOR', 'CJIB');
  ({ householdId } = await api.registerHousehold(counsellor));
  await api.declareIncome(counsellor, householdId, { netMonthly: 120_000 });
  claimId = (await api.registerClaim(cjib, householdId, { principal: 100_000, incurredOn: '2025-01-15' })).id;
});

afterEach(async () => {
  await api.close();
});

/** No answer shows a stack trace, a source location or a path on the server, or hides its code. */
function expectNoInternals(result: GqlResult): void {
  const text = JSON.stringify(result);
  expect(text).not.toContain('    at ');
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  expect(text).not.toContain('/work/');
  expect(text).not.toContain('node_modules');
  expect(text).not.toContain(process.cwd());
  expect(text).not.toMatch(/stack/i);
  for (const error of result.errors ?? []) {
    expect(typeof error.extensions?.code).toBe('string');
    expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  }
}

/** Sends a request that is to be rejected, and checks its answer for leaks. */
async function send(token: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResult> {
  const result = await api.gql(token, query, variables);
  expectNoInternals(result);
  return result;
}

/**
 * The state set up in beforeEach, unchanged: 4 events (registered, income, CJIB's claim-statement
 * request, which creditors now need before their first claim, and the claim), one claim of
 * €1,000, nothing paid.
 */
async function expectNothingStored(): Promise<void> {
  expect(await api.eventCount()).toBe(4);
  const household = await api.household(householdId);
  expectNoErrors(household);
  expect(household.data.household.revision).toBe(4);
  expect(household.data.household.totals).toEqual({ outstanding: 100_000, claimCount: 1, creditorCount: 1 });
  expect(household.data.household.claims[0]).toMatchObject({ costs: 0, paid: 0, outstanding: 100_000 });
}

/**
 * A household that a rejected registration would have created does not exist. Household ids are
 * random now (issue 11), so it cannot be looked up by id: the counsellor lists only the household
 * of beforeEach, and the command id holds no household id (it is free for a corrected retry).
 */
async function expectNotRegistered(commandId: string): Promise<void> {
  const listed = await api.ledger.households.withCounsellor(COUNSELLOR_ORG);
  expect(listed.map((h) => h.householdId)).toEqual([householdId]);
  expect(await api.ledger.registrations.claim(COUNSELLOR_ORG, commandId, 'not-registered')).toBe('not-registered');
  await api.ledger.registrations.release(COUNSELLOR_ORG, commandId, 'not-registered');
  await expectNothingStored();
}

describe('VALIDATION_FAILED with the field path', () => {
  it('an invalid BSN: input.members.0.bsn', async () => {
    const input = householdInput({ commandId: 'bad-bsn', members: [{ bsn: '123456789', name: 'Jan', birthDate: '1985-06-15' }] });
    const error = expectValidationIssue(await send(counsellor, REGISTER_HOUSEHOLD, { input }), 'input.members.0.bsn');
    expect(error.extensions?.issues).toEqual([{ path: 'input.members.0.bsn', reason: expect.stringContaining('BSN') }]);
    await expectNotRegistered('bad-bsn');
  });

  it('BSNs that are not nine digits: input.members.N.bsn', async () => {
    for (const bsn of ['11122233', '1112223330', '11122233a', '000000000', '']) {
      const input = householdInput({
        commandId: `bsn-${bsn}`,
        composition: 'COUPLE',
        members: [
          { bsn: BSN.jan, name: 'Jan', birthDate: '1985-06-15' },
          { bsn, name: 'Piet', birthDate: '1985-06-15' },
        ],
      });
      expectValidationIssue(await send(counsellor, REGISTER_HOUSEHOLD, { input }), 'input.members.1.bsn');
      await expectNotRegistered(`bsn-${bsn}`);
    }
  });

  it('an invalid BSN in declareIncome: input.memberBsn', async () => {
    expectValidationIssue(await send(counsellor, DECLARE_INCOME, { input: incomeInput(householdId, { memberBsn: '123456789' }) }), 'input.memberBsn');
    await expectNothingStored();
  });

  it('a valid BSN of someone outside the household: input.memberBsn', async () => {
    expectValidationIssue(await send(counsellor, DECLARE_INCOME, { input: incomeInput(householdId, { memberBsn: BSN.anna }) }), 'input.memberBsn');
    await expectNothingStored();
  });

  it('the same BSN twice: input.members.1.bsn', async () => {
    const input = householdInput({
      commandId: 'twice',
      composition: 'COUPLE',
      members: [
        { bsn: BSN.jan, name: 'Jan', birthDate: '1985-06-15' },
        { bsn: BSN.jan, name: 'Jan again', birthDate: '1985-06-15' },
      ],
    });
    expectValidationIssue(await send(counsellor, REGISTER_HOUSEHOLD, { input }), 'input.members.1.bsn');
    await expectNotRegistered('twice');
  });

  it('a member count that does not fit the composition: input.members', async () => {
    const input = householdInput({ commandId: 'couple-of-one', composition: 'COUPLE' });
    expectValidationIssue(await send(counsellor, REGISTER_HOUSEHOLD, { input }), 'input.members');
    await expectNotRegistered('couple-of-one');
  });

  it('negative cents', async () => {
    expectValidationIssue(await send(counsellor, DECLARE_INCOME, { input: incomeInput(householdId, { netMonthly: -1 }) }), 'input.netMonthly');
    expectValidationIssue(await send(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { principal: -100 }) }), 'input.principal');
    expectValidationIssue(await send(cjib, CHARGE_COSTS, { input: costsInput(claimId, { amount: -4_000 }) }), 'input.amount');
    expectValidationIssue(await send(cjib, RECORD_PAYMENT, { input: paymentInput(claimId, { amount: -1 }) }), 'input.amount');
    expectValidationIssue(
      await send(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { amount: -114_000 }) }),
      'input.amount',
    );
    await expectNothingStored();
  });

  it('zero where an amount must be positive', async () => {
    expectValidationIssue(await send(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { principal: 0 }) }), 'input.principal');
    expectValidationIssue(await send(cjib, RECORD_PAYMENT, { input: paymentInput(claimId, { amount: 0 }) }), 'input.amount');
    expectValidationIssue(await send(cjib, CHARGE_COSTS, { input: costsInput(claimId, { amount: 0 }) }), 'input.amount');
    await expectNothingStored();
  });

  it('non-integer, unsafe or non-number cents in variables', async () => {
    expectValidationIssue(await send(counsellor, DECLARE_INCOME, { input: incomeInput(householdId, { netMonthly: 1.5 }) }), 'input.netMonthly');
    expectValidationIssue(await send(cjib, RECORD_PAYMENT, { input: paymentInput(claimId, { amount: 100.01 }) }), 'input.amount');
    expectValidationIssue(await send(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { principal: 2 ** 53 }) }), 'input.principal');
    expectValidationIssue(await send(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { principal: '100000' }) }), 'input.principal');
    await expectNothingStored();
  });

  it('non-integer cents in a query literal', async () => {
    const result = await send(
      cjib,
      `mutation { recordPayment(input: { commandId: "lit-1", claimId: "${claimId}", amount: 1.5, paidOn: "2025-03-10" }) { revision } }`,
    );
    expectValidationIssue(result, 'input.amount');
    await expectNothingStored();
  });

  it('an unknown enum value in variables', async () => {
    const input = householdInput({ commandId: 'enum-var', composition: 'TRIPLE' });
    expectValidationIssue(await send(counsellor, REGISTER_HOUSEHOLD, { input }), 'input.composition');
    expectValidationIssue(await send(counsellor, DECLARE_INCOME, { input: incomeInput(householdId, { kind: 'LOTTERY' }) }), 'input.kind');
    expectValidationIssue(
      await send(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { source: 'NEIGHBOUR' }) }),
      'input.source',
    );
    await expectNotRegistered('enum-var');
  });

  it('an unknown enum value in a query literal', async () => {
    const result = await send(
      counsellor,
      `mutation { registerHousehold(input: { commandId: "enum-lit", composition: TRIPLE, municipality: "Utrecht",
        members: [{ bsn: "${BSN.jan}", name: "Jan", birthDate: "1985-06-15" }], effectiveOn: "2025-01-01" }) { revision } }`,
    );
    expectValidationIssue(result, 'input.composition');
    await expectNotRegistered('enum-lit');
  });

  it('dates that do not exist or are not yyyy-mm-dd, in variables', async () => {
    expectValidationIssue(
      await send(counsellor, REGISTER_HOUSEHOLD, { input: householdInput({ commandId: 'feb-30', effectiveOn: '2025-02-30' }) }),
      'input.effectiveOn',
    );
    for (const paidOn of ['2025-02-30', '2025-13-01', '2025-3-1', '10-03-2025', '2025-03-10T00:00:00Z', '']) {
      expectValidationIssue(await send(cjib, RECORD_PAYMENT, { input: paymentInput(claimId, { paidOn }) }), 'input.paidOn');
    }
    expectValidationIssue(
      await send(counsellor, REGISTER_HOUSEHOLD, {
        input: householdInput({ commandId: 'bd-bad', members: [{ bsn: BSN.jan, name: 'Jan', birthDate: '1985-02-29' }] }),
      }),
      'input.members.0.birthDate',
    );
    await expectNotRegistered('feb-30');
    await expectNotRegistered('bd-bad');
  });

  it('a date that does not exist, in a query literal', async () => {
    const result = await send(
      cjib,
      `mutation { recordPayment(input: { commandId: "lit-2", claimId: "${claimId}", amount: 100, paidOn: "2025-02-30" }) { revision } }`,
    );
    expectValidationIssue(result, 'input.paidOn');
    await expectNothingStored();
  });

  it('a required field left out: its path', async () => {
    const { principal: _left, ...input } = claimInput(householdId);
    expectValidationIssue(await send(cjib, REGISTER_CLAIM, { input }), 'input.principal');
    await expectNothingStored();
  });

  it('empty and whitespace-only strings', async () => {
    expectValidationIssue(
      await send(counsellor, REGISTER_HOUSEHOLD, { input: householdInput({ commandId: 'ws-1', municipality: '   ' }) }),
      'input.municipality',
    );
    expectValidationIssue(
      await send(counsellor, REGISTER_HOUSEHOLD, {
        input: householdInput({ commandId: 'ws-2', members: [{ bsn: BSN.jan, name: '', birthDate: '1985-06-15' }] }),
      }),
      'input.members.0.name',
    );
    expectValidationIssue(await send(counsellor, REGISTER_HOUSEHOLD, { input: householdInput({ commandId: ' ' }) }), 'input.commandId');
    expectValidationIssue(await send(counsellor, DECLARE_INCOME, { input: incomeInput(householdId, { payer: '\t \n' }) }), 'input.payer');
    expectValidationIssue(await send(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { reference: '' }) }), 'input.reference');
    expectValidationIssue(await send(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { description: '  ' }) }), 'input.description');
    expectValidationIssue(
      await send(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { reference: ' ' }) }),
      'input.reference',
    );
    expectValidationIssue(await send(cjib, RECORD_PAYMENT, { input: paymentInput('   ') }), 'input.claimId');
    await expectNotRegistered('ws-1');
    await expectNotRegistered('ws-2');
  });

  it('text that is too long', async () => {
    expectValidationIssue(
      await send(counsellor, REGISTER_HOUSEHOLD, { input: householdInput({ commandId: 'long', municipality: 'U'.repeat(201) }) }),
      'input.municipality',
    );
    expectValidationIssue(await send(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { commandId: 'c'.repeat(101) }) }), 'input.commandId');
    await expectNotRegistered('long');
  });

  it('dates in the future (today is 2025-03-20)', async () => {
    const payment = await send(cjib, RECORD_PAYMENT, { input: paymentInput(claimId, { paidOn: '2025-03-21' }) });
    const error = expectValidationIssue(payment, 'input.paidOn');
    expect(error.extensions?.issues).toEqual([{ path: 'input.paidOn', reason: expect.stringContaining('future') }]);
    expectValidationIssue(await send(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { incurredOn: '2025-04-01' }) }), 'input.incurredOn');
    expectValidationIssue(
      await send(cjib, CHARGE_COSTS, { input: costsInput(claimId, { reminderSentOn: '2025-03-01', chargedOn: '2025-03-21' }) }),
      'input.chargedOn',
    );
    expectValidationIssue(
      await send(counsellor, REGISTER_HOUSEHOLD, {
        input: householdInput({ commandId: 'unborn', members: [{ bsn: BSN.anna, name: 'Anna', birthDate: '2025-12-01' }] }),
      }),
      'input.members.0.birthDate',
    );
    await expectNotRegistered('unborn');
  });

  it('today is not in the future', async () => {
    expectNoErrors(await api.gql(cjib, RECORD_PAYMENT, { input: paymentInput(claimId, { paidOn: '2025-03-20', amount: 100 }) }));
  });

  it('collection costs charged before the reminder, or a reminder before the claim was incurred', async () => {
    expectValidationIssue(
      await send(cjib, CHARGE_COSTS, { input: costsInput(claimId, { reminderSentOn: '2025-03-10', chargedOn: '2025-03-09' }) }),
      'input.chargedOn',
    );
    expectValidationIssue(
      await send(cjib, CHARGE_COSTS, { input: costsInput(claimId, { reminderSentOn: '2025-01-10', chargedOn: '2025-03-01' }) }),
      'input.reminderSentOn',
    );
    await expectNothingStored();
  });

  it('each issue of a request with several bad fields is listed', async () => {
    const result = await send(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { reference: ' ', principal: -1 }) });
    const error = expectError(result, 'VALIDATION_FAILED');
    expect((error.extensions?.issues ?? []).map((i) => i.path).sort()).toEqual(['input.principal', 'input.reference']);
    await expectNothingStored();
  });

  it('every value of the variables that does not fit its type is listed, in one answer', async () => {
    const input = {
      ...householdInput({ commandId: 'many', composition: 'TRIPLE' }),
      members: [{ bsn: BSN.jan, name: 'Jan', birthDate: '1985-02-30' }, null, { bsn: BSN.anna, birthDate: '1979-11-02' }],
      extra: 1,
    };
    const error = expectError(await send(counsellor, REGISTER_HOUSEHOLD, { input }), 'VALIDATION_FAILED');
    expect(error.extensions?.issues).toEqual([
      { path: 'input.composition', reason: 'is not a value of Composition' },
      { path: 'input.members.0.birthDate', reason: 'must be a calendar date yyyy-mm-dd' },
      { path: 'input.members.1', reason: expect.stringContaining('not to be null') },
      { path: 'input.members.2.name', reason: 'is required (String!)' },
      { path: 'input.extra', reason: 'is not a field of RegisterHouseholdInput' },
    ]);
    await expectNotRegistered('many');
  });

  it('a variable left out: its name', async () => {
    const error = expectValidationIssue(await send(cjib, REGISTER_CLAIM, {}), 'input');
    expect(error.extensions?.issues).toEqual([{ path: 'input', reason: 'is required (RegisterClaimInput!)' }]);
    await expectNothingStored();
  });

  it('reasons suggest no names of the schema (it may be served without introspection)', async () => {
    const fromVariables = await send(counsellor, DECLARE_INCOME, { input: incomeInput(householdId, { kind: 'SALARI' }) });
    expect(expectValidationIssue(fromVariables, 'input.kind').extensions?.issues).toEqual([{ path: 'input.kind', reason: 'is not a value of IncomeKind' }]);
    const literal = await send(
      cjib,
      `mutation { recordPayment(input: { commandId: "lit-3", claimId: "${claimId}", amount: 100, paidOn: "2025-03-10", amout: 5 }) { revision } }`,
    );
    expect(expectValidationIssue(literal, 'input.amout').extensions?.issues).toEqual([{ path: 'input.amout', reason: 'is not a field of RecordPaymentInput' }]);
    expect(JSON.stringify([fromVariables, literal])).not.toContain('Did you mean');
    await expectNothingStored();
  });

  it('a bad asOf instant is VALIDATION_FAILED', async () => {
    const result = await send(counsellor, HOUSEHOLD_QUERY, { id: householdId, asOf: 'yesterday' });
    expectError(result, 'VALIDATION_FAILED');
  });

  it('an asOf without an offset is VALIDATION_FAILED: DateTime is an instant "with offset" (contract)', async () => {
    // Without an offset the instant would depend on the server's time zone.
    for (const asOf of ['2025-03-20T10:00:00', '2025-03-20T10:00']) {
      expectError(await send(counsellor, HOUSEHOLD_QUERY, { id: householdId, asOf }), 'VALIDATION_FAILED');
    }
  });
});

describe('unknown ids', () => {
  it('an unknown claim id', async () => {
    // An id that names no household at all is simply not found.
    expectError(await send(cjib, RECORD_PAYMENT, { input: paymentInput('nonsense') }), 'NOT_FOUND');
    expectError(await send(cjib, CHARGE_COSTS, { input: costsInput('nonsense') }), 'NOT_FOUND');
    // A well-formed claim id that does not exist (on this household or on an unknown one) is
    // refused as someone else's claim is (issue 11): the answer does not tell which ids exist.
    const unknown = [`${householdId}.claim-0000000000000000`, '00000000-0000-8000-8000-000000000000.claim-0000000000000000'];
    for (const id of unknown) {
      expect(expectError(await send(cjib, RECORD_PAYMENT, { input: paymentInput(id) }), 'FORBIDDEN').message).toBe(`CJIB has no claim with id ${id}`);
      expect(expectError(await send(cjib, CHARGE_COSTS, { input: costsInput(id) }), 'FORBIDDEN').message).toBe(`CJIB has no claim with id ${id}`);
    }
    await expectNothingStored();
  });

  it('an unknown household for income, protected income and claims', async () => {
    // An unknown household refuses as one the caller has no relation to (issue 11), not NOT_FOUND.
    const missing = '00000000-0000-8000-8000-000000000000';
    const income = expectError(await send(counsellor, DECLARE_INCOME, { input: incomeInput(missing) }), 'FORBIDDEN');
    expect(income.message).toBe(`${COUNSELLOR_ORG} holds no mandate for this household`);
    expectError(await send(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(missing) }), 'FORBIDDEN');
    expectError(await send(cjib, REGISTER_CLAIM, { input: claimInput(missing) }), 'FORBIDDEN');
    await expectNothingStored();
    expect(await api.household(missing)).toEqual({ data: { household: null } });
  });
});

describe('rule rejections store nothing', () => {
  it('each rule code leaves the ledger as it was', async () => {
    expectError(await send(cjib, RECORD_PAYMENT, { input: paymentInput(claimId, { amount: 100_001 }) }), 'PAYMENT_EXCEEDS_OUTSTANDING');
    expectError(await send(cjib, CHARGE_COSTS, { input: costsInput(claimId, { amount: 15_001 }) }), 'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM');
    expectError(
      await send(cjib, CHARGE_COSTS, { input: costsInput(claimId, { reminderSentOn: '2025-03-10', chargedOn: '2025-03-20' }) }),
      'REMINDER_PERIOD_NOT_ELAPSED',
    );
    expectError(
      await send(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { amount: 1 }) }),
      'PROTECTED_INCOME_BELOW_LEGAL_FLOOR',
    );
    expectError(
      await send(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { amount: 120_000 }) }),
      'PROTECTED_INCOME_ABOVE_LEGAL_CAP',
    );
    expectError(
      await send(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { validFrom: '2023-01-01' }) }),
      'PARAMETERS_UNAVAILABLE',
    );
    await expectNothingStored();
  });
});

describe('no internals in answers', () => {
  it('malformed requests answer without a stack trace', async () => {
    const badJson = await api.post('{not json');
    expect(badJson.status).toBe(400);
    const badJsonBody = (await badJson.json()) as GqlResult;
    expectNoInternals(badJsonBody);
    expect(badJsonBody.errors).toHaveLength(1);

    const syntax = await send(counsellor, 'mutation { registerHousehold(');
    expect(syntax.errors).toHaveLength(1);

    const unknownField = await send(counsellor, `{ household(id: "${householdId}") { secretField } }`);
    expect(unknownField.errors).toHaveLength(1);
  });
});
