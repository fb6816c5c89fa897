import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHARGE_COSTS,
  costsInput,
  createTestApi,
  expectError,
  expectNoErrors,
  expectValidationIssue,
  type TestApi,
} from '../support/api.js';

/**
 * Issue 12 item 8: WIK costs from 14 days after receipt of the reminder (Hoge Raad 25 November
 * 2016; receipt presumed on the second day after sending), VAT fixed per claim, and one reminder
 * for several claims of one creditor: the scale on the sum of the principals, shared pro rata.
 */

let api: TestApi;
let counsellor: string;
let cjib: string;
let householdId: string;

beforeEach(async () => {
  api = createTestApi();
  counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
  cjib = await api.tokenFor('CREDITOR', 'CJIB');
  ({ householdId } = await api.registerHousehold(counsellor));
});

afterEach(async () => {
  await api.close();
});

const charge = (claimId: string, overrides: Record<string, unknown>) => api.gql(cjib, CHARGE_COSTS, { input: costsInput(claimId, overrides) });

async function costsOf(claimId: string): Promise<number> {
  const result = await api.household(householdId);
  expectNoErrors(result);
  return result.data.household.claims.find((c: { id: string }) => c.id === claimId).costs as number;
}

describe('14 days from receipt of the reminder', () => {
  it('received 2025-02-05: days 6–19 February, costs from 2025-02-20', async () => {
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    const early = await charge(claim.id, { reminderSentOn: '2025-02-03', reminderReceivedOn: '2025-02-05', chargedOn: '2025-02-19' });
    expect(expectError(early, 'REMINDER_PERIOD_NOT_ELAPSED').extensions).toMatchObject({ firstAllowedOn: '2025-02-20' });
    expectNoErrors(await charge(claim.id, { reminderSentOn: '2025-02-03', reminderReceivedOn: '2025-02-05', chargedOn: '2025-02-20' }));
  });

  it('sent 2025-02-10 without a receipt date: presumed received 02-12, costs from 2025-02-27', async () => {
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    const early = await charge(claim.id, { reminderSentOn: '2025-02-10', chargedOn: '2025-02-26' });
    expect(expectError(early, 'REMINDER_PERIOD_NOT_ELAPSED').extensions).toMatchObject({ firstAllowedOn: '2025-02-27' });
    expectNoErrors(await charge(claim.id, { reminderSentOn: '2025-02-10', chargedOn: '2025-02-27' }));
  });

  it('sent 2025-02-10 but received only 2025-02-20: costs from 2025-03-07', async () => {
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    const early = await charge(claim.id, { reminderSentOn: '2025-02-10', reminderReceivedOn: '2025-02-20', chargedOn: '2025-03-06' });
    expect(expectError(early, 'REMINDER_PERIOD_NOT_ELAPSED').extensions).toMatchObject({ firstAllowedOn: '2025-03-07' });
    expectNoErrors(await charge(claim.id, { reminderSentOn: '2025-02-10', reminderReceivedOn: '2025-02-20', chargedOn: '2025-03-07' }));
  });

  it('a receipt before sending is VALIDATION_FAILED', async () => {
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    expectValidationIssue(await charge(claim.id, { reminderSentOn: '2025-02-10', reminderReceivedOn: '2025-02-09' }), 'input.reminderReceivedOn');
  });
});

describe('VAT is fixed per claim', () => {
  it('first charge without VAT; a later charge with VAT is VALIDATION_FAILED and stores nothing', async () => {
    const claim = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    expectNoErrors(await charge(claim.id, { amount: 4_000, vatApplies: false }));
    const before = await api.eventCount();
    expectValidationIssue(await charge(claim.id, { amount: 1_000, vatApplies: true }), 'input.vatApplies');
    expect(await api.eventCount()).toBe(before);
    expectNoErrors(await charge(claim.id, { amount: 1_000, vatApplies: false }));
    expect(await costsOf(claim.id)).toBe(5_000);
  });
});

describe('one reminder for several claims of one creditor', () => {
  // €1,000 + €2,000 = €3,000: 15% of €2,500 + 10% of €500 = €375 + €50 = €425.00 for both,
  // instead of €150 + €300 apart. Pro rata 1:2 → €141.666… and €283.333…: 14,166 + 28,333 = 42,499,
  // the last cent to the larger remainder (claim A, .67) → A 14,167, B 28,333.
  it('shares €425.00 as €141.67 and €283.33', async () => {
    const a = await api.registerClaim(cjib, householdId, { reference: 'A', principal: 100_000 });
    const b = await api.registerClaim(cjib, householdId, { reference: 'B', principal: 200_000 });
    expectNoErrors(await charge(a.id, { amount: 10_000, reminderReference: 'AANMANING-7' }));
    const tooMuch = await charge(b.id, { amount: 28_334, reminderReference: 'AANMANING-7' });
    expect(expectError(tooMuch, 'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM').extensions).toMatchObject({ maximum: 28_333, reminderMaximum: 42_500 });
    expectNoErrors(await charge(b.id, { amount: 28_333, reminderReference: 'AANMANING-7' }));
    const aTooMuch = await charge(a.id, { amount: 4_168, reminderReference: 'AANMANING-7' });
    expect(expectError(aTooMuch, 'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM').extensions).toMatchObject({ maximum: 14_167, available: 4_167 });
    expectNoErrors(await charge(a.id, { amount: 4_167 }));
    expect([await costsOf(a.id), await costsOf(b.id)]).toEqual([14_167, 28_333]);
  });

  it('a claim charged in full alone (€150) leaves €275.00 for the other under the shared reminder', async () => {
    const a = await api.registerClaim(cjib, householdId, { reference: 'A', principal: 100_000 });
    const b = await api.registerClaim(cjib, householdId, { reference: 'B', principal: 200_000 });
    expectNoErrors(await charge(a.id, { amount: 15_000, reminderReference: 'AANMANING-8' }));
    const over = await charge(b.id, { amount: 27_501, reminderReference: 'AANMANING-8' });
    expect(expectError(over, 'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM').extensions).toMatchObject({ available: 27_500 });
    expectNoErrors(await charge(b.id, { amount: 27_500, reminderReference: 'AANMANING-8' }));
  });

  it('another creditor citing the same reference does not share', async () => {
    const eneco = await api.tokenFor('CREDITOR', 'ENECO');
    const a = await api.registerClaim(cjib, householdId, { principal: 100_000 });
    const e = await api.registerClaim(eneco, householdId, { principal: 200_000 });
    expectNoErrors(await charge(a.id, { amount: 15_000, reminderReference: 'R-1' }));
    expectNoErrors(await api.gql(eneco, CHARGE_COSTS, { input: costsInput(e.id, { amount: 30_000, reminderReference: 'R-1' }) }));
  });
});
