import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHouseholdEvent } from '../../domain/household/events.js';
import { defaultParameters, parameterTableSchema } from '../../domain/parameters.js';
import { openEmbeddedLedger } from '../../infra/ledger.js';
import { loadParameters } from '../../infra/parameters.js';
import { claimInput, createTestApi, expectError, expectNoErrors, expectValidationIssue, paymentInput, RECORD_PAYMENT, REGISTER_CLAIM, type TestApi } from '../support/api.js';

/**
 * Issue 12 item 9: statutory interest (wettelijke rente, art. 6:119 BW). Every figure below is
 * worked by hand: interest = principal × rate × days / 365 per period (a run of days with one
 * rate and one principal), half up to cents; the year's interest joins the principal at the end
 * of each year from interestFrom; payments go to costs, then interest, then principal.
 * Rates (dutch-debt-rules.md §4.3): 7% from 2024-01-01 and again from 2024-07-01, 6% from
 * 2025-01-01, and from 2025-07-01 an unconfirmed row (6% carried forward).
 */

const CLAIMS_ON = `query ($id: ID!, $on: Date) {
  household(id: $id) {
    claims(on: $on) { id principal costs interest interestFrom paid outstanding status flags }
    totals(on: $on) { outstanding claimCount flags }
  }
}`;
const PROPOSE = `mutation ($input: ProposeArrangementInput!) { proposeArrangement(input: $input) { id status offers { claimId outstanding amount } } }`;
const PAY_ARRANGEMENT = `mutation ($input: RecordArrangementPaymentInput!) { recordArrangementPayment(input: $input) { id status } }`;
const COMPLETE = `mutation ($input: CompleteArrangementInput!) { completeArrangement(input: $input) { id status } }`;
const ANSWER = `mutation ($input: AnswerArrangementInput!) { answerArrangement(input: $input) { id status } }`;
const FAIL = `mutation ($input: FailArrangementInput!) { failArrangement(input: $input) { id status } }`;

interface ClaimOn {
  id: string;
  principal: number;
  costs: number;
  interest: number;
  interestFrom: string | null;
  paid: number;
  outstanding: number;
  status: string;
  flags: string[];
}

let api: TestApi;
let counsellor: string;
let cjib: string;
let householdId: string;

async function start(given?: Parameters<typeof createTestApi>[0]): Promise<void> {
  api = createTestApi(given);
  counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
  cjib = await api.tokenFor('CREDITOR', 'CJIB');
  ({ householdId } = await api.registerHousehold(counsellor, { effectiveOn: '2023-12-01' }));
}

afterEach(async () => {
  await api.close();
});

async function on(date: string | null): Promise<{ claim: ClaimOn; totals: { outstanding: number; claimCount: number; flags: string[] } }> {
  const result = await api.gql(counsellor, CLAIMS_ON, { id: householdId, on: date });
  expectNoErrors(result);
  const household = result.data.household as { claims: ClaimOn[]; totals: { outstanding: number; claimCount: number; flags: string[] } };
  return { claim: household.claims[0]!, totals: household.totals };
}

/** €1,000.00, in default from 2024-01-01. */
const thousandFrom2024 = () => api.registerClaim(cjib, householdId, { principal: 100_000, incurredOn: '2024-01-01', interestFrom: '2024-01-01' });

describe('€1,000.00 from 2024-01-01, no payments', () => {
  beforeEach(() => start());

  it('on 2024-12-31: 182 days (Jan–Jun) and 184 days (Jul–Dec) at 7% → €34.90 + €35.29 = €70.19', async () => {
    await thousandFrom2024();
    // 100000 × 7% × 182 / 365 = 3490.41 → 3490; 100000 × 7% × 184 / 365 = 3528.77 → 3529.
    const { claim, totals } = await on('2024-12-31');
    expect(claim).toMatchObject({ principal: 100_000, interest: 7_019, interestFrom: '2024-01-01', outstanding: 107_019, flags: [] });
    expect(totals).toEqual({ outstanding: 107_019, claimCount: 1, flags: [] });
  });

  it('on 2025-03-01: €70.19 added to the principal on 2025-01-01, then 60 days at 6% on €1,070.19 → €10.56, €80.75 in all', async () => {
    await thousandFrom2024();
    // 107019 × 6% × 60 / 365 = 1055.53 → 1056; 7019 + 1056 = 8075.
    const { claim, totals } = await on('2025-03-01');
    expect(claim).toMatchObject({ interest: 8_075, outstanding: 108_075, flags: [] });
    expect(totals.outstanding).toBe(108_075);
  });

  it('on 2025-12-31 the days from 2025-07-01 use the unconfirmed row: €134.40 and INTEREST_RATE_UNCONFIRMED on claim and totals', async () => {
    await thousandFrom2024();
    // 107019 × 6% × 181 / 365 = 3184.18 → 3184; 107019 × 6% × 184 / 365 = 3236.96 → 3237; 7019 + 3184 + 3237 = 13440.
    const { claim, totals } = await on('2025-12-31');
    expect(claim).toMatchObject({ interest: 13_440, outstanding: 113_440, flags: ['INTEREST_RATE_UNCONFIRMED'] });
    expect(totals).toMatchObject({ outstanding: 113_440, flags: ['INTEREST_RATE_UNCONFIRMED'] });
  });

  it('without `on`, claims are as of today (the pinned 2025-03-20): 79 days in 2025 → 107019 × 6% × 79 / 365 = 1389.78 → €13.90, €84.09 in all', async () => {
    await thousandFrom2024();
    const { claim } = await on(null);
    expect(claim.interest).toBe(8_409);
  });

  it('the day before interestFrom and a claim without interestFrom: no interest', async () => {
    await thousandFrom2024();
    await api.registerClaim(cjib, householdId, { principal: 50_000, incurredOn: '2024-01-01' });
    const result = await api.gql(counsellor, CLAIMS_ON, { id: householdId, on: '2025-03-01' });
    expectNoErrors(result);
    const [, plain] = result.data.household.claims as ClaimOn[];
    expect(plain).toMatchObject({ interest: 0, interestFrom: null, outstanding: 50_000 });
    expect((await on('2023-12-31')).claim.interest).toBe(0);
  });

  it('interestFrom before incurredOn is VALIDATION_FAILED and stores nothing', async () => {
    const before = await api.eventCount();
    const result = await api.gql(cjib, REGISTER_CLAIM, { input: claimInput(householdId, { incurredOn: '2024-02-01', interestFrom: '2024-01-31' }) });
    expectValidationIssue(result, 'input.interestFrom');
    expect(await api.eventCount()).toBe(before);
  });
});

describe('a payment goes to costs, then interest, then principal (art. 6:44 BW)', () => {
  beforeEach(() => start());

  it('€150.00 costs, €300.00 paid on 2024-04-01: interest runs on €867.45 from that day', async () => {
    const claim = await thousandFrom2024();
    await api.chargeCosts(cjib, claim.id, { amount: 15_000, reminderSentOn: '2024-01-15', chargedOn: '2024-03-01' });
    await api.recordPayment(cjib, claim.id, { amount: 30_000, paidOn: '2024-04-01' });
    // 2024-01-01..03-31, 91 days: 100000 × 7% × 91 / 365 = 1745.21 → 1745.
    // The €300.00: €150.00 costs, €17.45 interest, €132.55 principal → principal 86745.
    // 04-01..06-30, 91 days: 86745 × 7% × 91 / 365 = 1513.88 → 1514; 07-01..12-31, 184 days: 3061.03 → 3061.
    const end2024 = await on('2024-12-31');
    expect(end2024.claim).toMatchObject({ costs: 15_000, paid: 30_000, interest: 6_320, outstanding: 91_320 });
    // 2025-01-01: 86745 + 1514 + 3061 = 91320 bears interest; 60 days at 6%: 91320 × 6% × 60 / 365 = 900.69 → 901.
    const march = await on('2025-03-01');
    expect(march.claim).toMatchObject({ interest: 7_221, outstanding: 92_221 });
    // Before the payment, the payment does not count yet: 2024-03-31 is 91 days at 7% on 100000.
    expect((await on('2024-03-31')).claim.interest).toBe(1_745);
  });
});

describe('commands count the interest: what a payment may settle', () => {
  beforeEach(() => start());

  it('on 2025-03-01 the balance is €1,000.00 + €80.57 (interest to 02-28: 7019 + 1038): €1,080.57 settles it, one cent more is refused', async () => {
    const claim = await thousandFrom2024();
    const before = await api.eventCount();
    const tooMuch = await api.gql(cjib, RECORD_PAYMENT, { input: paymentInput(claim.id, { amount: 108_058, paidOn: '2025-03-01' }) });
    expect(expectError(tooMuch, 'PAYMENT_EXCEEDS_OUTSTANDING').extensions).toMatchObject({ outstanding: 108_057 });
    expect(await api.eventCount()).toBe(before);
    await api.recordPayment(cjib, claim.id, { amount: 108_057, paidOn: '2025-03-01' });
    // €10.38 interest of 2025 first, then the principal €1,070.19 (with 2024's interest): nothing left to bear interest.
    const { claim: settled } = await on('2025-12-31');
    expect(settled).toMatchObject({ interest: 8_057, paid: 108_057, outstanding: 0, status: 'SETTLED', flags: [] });
  });
});

describe('an accepted debt arrangement stops the interest from its activation date', () => {
  beforeEach(() => start());

  async function activate(startsOn: string): Promise<string> {
    const proposed = await api.gql(counsellor, PROPOSE, { input: { commandId: `arr-${startsOn}`, householdId, monthlyCapacity: 5_000, startsOn } });
    expectNoErrors(proposed);
    const arrangementId = proposed.data.proposeArrangement.id as string;
    const answered = await api.gql(cjib, ANSWER, { input: { commandId: `ans-${startsOn}`, arrangementId, answer: 'ACCEPT' } });
    expectNoErrors(answered);
    expect(answered.data.answerArrangement.status).toBe('ACTIVE');
    return arrangementId;
  }

  it('active from 2025-03-01: 2025-01-01..02-28 is 59 days at 6% on €1,070.19 → €10.38, and nothing after (no unconfirmed row used)', async () => {
    await thousandFrom2024();
    await activate('2025-03-01');
    // 107019 × 6% × 59 / 365 = 1037.94 → 1038; 7019 + 1038 = 8057.
    expect((await on('2025-02-28')).claim.interest).toBe(8_057);
    const later = await on('2026-06-30');
    expect(later.claim).toMatchObject({ interest: 8_057, status: 'IN_ARRANGEMENT', flags: [] });
  });

  it('the offer is on the balance with interest to the day before the start (€1,080.57); completed, the rest is written off', async () => {
    await thousandFrom2024();
    const proposed = await api.gql(counsellor, PROPOSE, { input: { commandId: 'arr-1', householdId, monthlyCapacity: 5_000, startsOn: '2025-03-01' } });
    expectNoErrors(proposed);
    const arrangementId = proposed.data.proposeArrangement.id as string;
    // 18 months × €50.00 = €900.00 for the one claim of €1,080.57.
    expect(proposed.data.proposeArrangement.offers).toMatchObject([{ outstanding: 108_057, amount: 90_000 }]);
    expectNoErrors(await api.gql(cjib, ANSWER, { input: { commandId: 'ans-1', arrangementId, answer: 'ACCEPT' } }));
    const claimId = (await on('2025-03-20')).claim.id;
    expectNoErrors(await api.gql(counsellor, PAY_ARRANGEMENT, { input: { commandId: 'pay-1', arrangementId, claimId, amount: 90_000, paidOn: '2025-03-20' } }));
    expectNoErrors(await api.gql(counsellor, COMPLETE, { input: { commandId: 'done-1', arrangementId, completedOn: '2025-03-20' } }));
    // Written off: 108057 − 90000 = 18057.
    const result = await api.gql(counsellor, `query ($id: ID!) { household(id: $id) { claims { interest paid writtenOff outstanding status } } }`, { id: householdId });
    expectNoErrors(result);
    expect(result.data.household.claims).toEqual([{ interest: 8_057, paid: 90_000, writtenOff: 18_057, outstanding: 0, status: 'WRITTEN_OFF' }]);
  });

  it('a failed arrangement no longer covers the claim: interest runs again from the failure date', async () => {
    await thousandFrom2024();
    const arrangementId = await activate('2025-03-01');
    expectNoErrors(await api.gql(counsellor, FAIL, { input: { commandId: 'fail-1', arrangementId, reason: 'payments stopped', failedOn: '2025-03-11' } }));
    // 2025-03-11..03-20, 10 days at 6% on 107019: 175.92 → 176; 8057 + 176 = 8233.
    expect((await on('2025-03-20')).claim.interest).toBe(8_233);
  });
});

describe('the rate table is a parameter', () => {
  it('a table with one unconfirmed 7% row from 2024-01-01: 366 days → 100000 × 7% × 366 / 365 = 7019.18 → €70.19, flagged', async () => {
    const table = parameterTableSchema.parse({
      ...defaultParameters,
      statutoryInterestRates: [{ validFrom: '2024-01-01', rate: 7, source: 'test', confirmed: false }],
    });
    await start(openEmbeddedLedger(':memory:', table));
    await thousandFrom2024();
    const { claim, totals } = await on('2024-12-31');
    expect(claim).toMatchObject({ interest: 7_019, flags: ['INTEREST_RATE_UNCONFIRMED'] });
    expect(totals.flags).toEqual(['INTEREST_RATE_UNCONFIRMED']);
  });

  it('days before the first row count no interest and are flagged INTEREST_RATE_UNAVAILABLE', async () => {
    const table = parameterTableSchema.parse({
      ...defaultParameters,
      statutoryInterestRates: [{ validFrom: '2024-07-01', rate: 7, source: 'test', confirmed: true }],
    });
    await start(openEmbeddedLedger(':memory:', table));
    await thousandFrom2024();
    // Only 07-01..12-31 counts: 3528.77 → 3529.
    const { claim } = await on('2024-12-31');
    expect(claim).toMatchObject({ interest: 3_529, flags: ['INTEREST_RATE_UNAVAILABLE'] });
  });

  it('the shipped rows: 2% (unconfirmed), 4%, 6%, 7%, 7%, 6%, and the unconfirmed row from 2025-07-01', () => {
    expect(defaultParameters.statutoryInterestRates?.map((r) => [r.validFrom, r.rate, r.confirmed])).toEqual([
      ['2015-07-01', 2, false],
      ['2023-01-01', 4, true],
      ['2023-07-01', 6, true],
      ['2024-01-01', 7, true],
      ['2024-07-01', 7, true],
      ['2025-01-01', 6, true],
      ['2025-07-01', 6, false],
    ]);
  });

  it('a TOTAALBEELD_PARAMETERS file replaces the rates; a file without them keeps the shipped ones; rows out of order are refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'interest-'));
    const { statutoryInterestRates: _shipped, ...normsOnly } = defaultParameters;
    writeFileSync(join(dir, 'norms.json'), JSON.stringify(normsOnly));
    expect(loadParameters(join(dir, 'norms.json')).statutoryInterestRates).toEqual(defaultParameters.statutoryInterestRates);
    const own = [{ validFrom: '2024-01-01', rate: 12.25, source: 'own', confirmed: true }];
    writeFileSync(join(dir, 'own.json'), JSON.stringify({ ...normsOnly, statutoryInterestRates: own }));
    expect(loadParameters(join(dir, 'own.json')).statutoryInterestRates).toEqual(own);
    const unordered = [own[0], { ...own[0], validFrom: '2023-01-01' }];
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...normsOnly, statutoryInterestRates: unordered }));
    expect(() => loadParameters(join(dir, 'bad.json'))).toThrow(/statutoryInterestRates\.1\.validFrom/);
  });
});

describe('ClaimRegistered v1 → v2', () => {
  it('an old event reads with interestFrom null', () => {
    const meta = { org: 'CJIB', role: 'CREDITOR', sub: 'inning@cjib.nl', commandId: 'c', correlationId: 'k', recordedAt: '2025-03-20T10:00:00.000+01:00', effectiveOn: '2025-01-10' };
    const data = { claimId: 'h.c', creditorId: 'CJIB', reference: 'R', description: 'boete', principal: 100_000, preferential: false, consumer: true };
    expect(parseHouseholdEvent({ type: 'ClaimRegistered', v: 1, data, meta })).toEqual({ type: 'ClaimRegistered', v: 2, data: { ...data, interestFrom: null }, meta });
  });
});
