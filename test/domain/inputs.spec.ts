import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  LIMITS,
  chargeCollectionCostsInputSchema,
  declareIncomeInputSchema,
  recordPaymentInputSchema,
  recordProtectedIncomeInputSchema,
  registerClaimInputSchema,
  registerHouseholdInputSchema,
} from '../../domain/household/inputs.js';

/** Policy §9: bad input is VALIDATION_FAILED with the field path and the reason. */

interface Issue {
  path: PropertyKey[];
  message: string;
}

function issuesOf(schema: z.ZodType, input: unknown): Issue[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return result.error.issues.map((i) => ({ path: i.path, message: i.message }));
}

function pathsOf(schema: z.ZodType, input: unknown): PropertyKey[][] {
  return issuesOf(schema, input).map((i) => i.path);
}

const jan = { bsn: '111222333', name: 'Jan de Vries', birthDate: '1990-01-01' };
const piet = { bsn: '999993653', name: 'Piet de Vries', birthDate: '1988-05-12' };
const sanne = { bsn: '100000009', name: 'Sanne de Vries', birthDate: '2015-04-04' };

const household = { commandId: 'cmd-1', composition: 'SINGLE', municipality: 'Utrecht', members: [jan], effectiveOn: '2025-01-01' };
const income = { commandId: 'cmd-2', householdId: 'h-1', memberBsn: '111222333', kind: 'WAGES', payer: 'Bouwbedrijf Jansen', netMonthly: 200_000, effectiveOn: '2025-01-01' };
const protectedIncome = { commandId: 'cmd-3', householdId: 'h-1', amount: 130_000, source: 'INLICHTINGENBUREAU', reference: 'IB-1', validFrom: '2025-03-01' };
const claim = { commandId: 'cmd-4', householdId: 'h-1', reference: 'CJIB-123', description: 'Verkeersboete', principal: 100_000, preferential: false, consumer: true, incurredOn: '2025-01-10' };
const costs = { commandId: 'cmd-5', claimId: 'h-1.claim-1', amount: 15_000, vatApplies: false, reminderSentOn: '2025-03-01', chargedOn: '2025-03-16' };
const payment = { commandId: 'cmd-6', claimId: 'h-1.claim-1', amount: 10_000, paidOn: '2025-03-18' };

describe('valid inputs pass', () => {
  it.each<[string, z.ZodType, unknown]>([
    ['registerHousehold', registerHouseholdInputSchema, household],
    ['declareIncome', declareIncomeInputSchema, income],
    ['recordProtectedIncome', recordProtectedIncomeInputSchema, protectedIncome],
    ['registerClaim', registerClaimInputSchema, claim],
    ['chargeCollectionCosts', chargeCollectionCostsInputSchema, costs],
    ['recordPayment', recordPaymentInputSchema, payment],
  ])('%s', (_name, schema, input) => {
    expect(schema.safeParse(input).success).toBe(true);
  });

  it('trims text and ids', () => {
    const parsed = declareIncomeInputSchema.parse({ ...income, commandId: ' cmd-2 ', payer: '  Bouwbedrijf Jansen ' });
    expect(parsed.commandId).toBe('cmd-2');
    expect(parsed.payer).toBe('Bouwbedrijf Jansen');
  });

  it('0 cents of income is allowed (it ends a source)', () => {
    expect(declareIncomeInputSchema.parse({ ...income, netMonthly: 0 }).netMonthly).toBe(0);
  });
});

describe('BSN', () => {
  it.each([['123456789'], ['000000000'], ['11122233'], ['1112223330'], ['11122233a'], ['']])('rejects %j', (bsn) => {
    expect(issuesOf(declareIncomeInputSchema, { ...income, memberBsn: bsn })).toEqual([
      { path: ['memberBsn'], message: 'is not a valid BSN (nine digits passing the elfproef)' },
    ]);
  });

  it('in a member list, names the member', () => {
    expect(pathsOf(registerHouseholdInputSchema, { ...household, members: [{ ...jan, bsn: '123456789' }] })).toEqual([['members', 0, 'bsn']]);
  });

  it('rejects a number instead of a string', () => {
    expect(pathsOf(declareIncomeInputSchema, { ...income, memberBsn: 111_222_333 })).toEqual([['memberBsn']]);
  });
});

describe('cents', () => {
  it('negative income: "must not be negative"', () => {
    expect(issuesOf(declareIncomeInputSchema, { ...income, netMonthly: -1 })).toEqual([{ path: ['netMonthly'], message: 'must not be negative' }]);
  });

  it('fractional cents: "must be a whole number of cents"', () => {
    expect(issuesOf(declareIncomeInputSchema, { ...income, netMonthly: 1999.5 })).toEqual([
      { path: ['netMonthly'], message: 'must be a whole number of cents' },
    ]);
    expect(issuesOf(recordPaymentInputSchema, { ...payment, amount: 0.01 })).toContainEqual({ path: ['amount'], message: 'must be a whole number of cents' });
  });

  it('beyond the safe integers is not a whole number of cents', () => {
    expect(issuesOf(registerClaimInputSchema, { ...claim, principal: 2 ** 53 })).toContainEqual({ path: ['principal'], message: 'must be a whole number of cents' });
  });

  it('a principal, a cost charge and a payment must be more than 0', () => {
    expect(issuesOf(registerClaimInputSchema, { ...claim, principal: 0 })).toEqual([{ path: ['principal'], message: 'must be more than 0' }]);
    expect(issuesOf(chargeCollectionCostsInputSchema, { ...costs, amount: 0 })).toEqual([{ path: ['amount'], message: 'must be more than 0' }]);
    expect(issuesOf(recordPaymentInputSchema, { ...payment, amount: -5 })).toEqual([{ path: ['amount'], message: 'must be more than 0' }]);
  });

  it('a protected income may not be negative', () => {
    expect(issuesOf(recordProtectedIncomeInputSchema, { ...protectedIncome, amount: -1 })).toEqual([{ path: ['amount'], message: 'must not be negative' }]);
  });

  it('rejects a string of digits', () => {
    expect(pathsOf(recordPaymentInputSchema, { ...payment, amount: '10000' })).toEqual([['amount']]);
  });
});

describe('enums', () => {
  it('an unknown income kind', () => {
    expect(pathsOf(declareIncomeInputSchema, { ...income, kind: 'SALARY' })).toEqual([['kind']]);
  });

  it('an unknown composition', () => {
    expect(pathsOf(registerHouseholdInputSchema, { ...household, composition: 'FAMILY' })).toEqual([['composition']]);
  });

  it('an unknown protected-income source, and enum values are case-sensitive', () => {
    expect(pathsOf(recordProtectedIncomeInputSchema, { ...protectedIncome, source: 'NEIGHBOUR' })).toEqual([['source']]);
    expect(pathsOf(recordProtectedIncomeInputSchema, { ...protectedIncome, source: 'court' })).toEqual([['source']]);
  });
});

describe('dates', () => {
  it.each([['2025-02-30'], ['2025-3-1'], ['2025-13-01'], ['20250301'], ['2025-03-01T00:00:00Z'], ['']])('rejects %j', (date) => {
    expect(issuesOf(declareIncomeInputSchema, { ...income, effectiveOn: date })).toEqual([
      { path: ['effectiveOn'], message: 'must be a calendar date yyyy-mm-dd' },
    ]);
  });

  it('accepts 29 February in a leap year only', () => {
    expect(declareIncomeInputSchema.safeParse({ ...income, effectiveOn: '2024-02-29' }).success).toBe(true);
    expect(pathsOf(declareIncomeInputSchema, { ...income, effectiveOn: '2025-02-29' })).toEqual([['effectiveOn']]);
  });

  it('names the date field in each schema', () => {
    expect(pathsOf(registerHouseholdInputSchema, { ...household, members: [{ ...jan, birthDate: '1990-02-30' }] })).toEqual([['members', 0, 'birthDate']]);
    expect(pathsOf(recordProtectedIncomeInputSchema, { ...protectedIncome, validFrom: '2025-3-1' })).toEqual([['validFrom']]);
    expect(pathsOf(registerClaimInputSchema, { ...claim, incurredOn: '2025-02-30' })).toEqual([['incurredOn']]);
    expect(pathsOf(recordPaymentInputSchema, { ...payment, paidOn: '18-03-2025' })).toEqual([['paidOn']]);
  });

  it('chargedOn before reminderSentOn', () => {
    expect(issuesOf(chargeCollectionCostsInputSchema, { ...costs, reminderSentOn: '2025-03-01', chargedOn: '2025-02-28' })).toEqual([
      { path: ['chargedOn'], message: 'must not be before reminderSentOn' },
    ]);
  });

  it('chargedOn on the reminder date passes the schema (the 14 days are a rule of the decider)', () => {
    expect(chargeCollectionCostsInputSchema.safeParse({ ...costs, chargedOn: '2025-03-01' }).success).toBe(true);
  });

  it('a bad reminder date is reported as such, not as an ordering problem', () => {
    expect(pathsOf(chargeCollectionCostsInputSchema, { ...costs, reminderSentOn: '2025-02-30' })).toEqual([['reminderSentOn']]);
  });
});

describe('text and ids', () => {
  it.each([[''], ['   ']])('an empty or blank payer (%j): "must not be empty"', (payer) => {
    expect(issuesOf(declareIncomeInputSchema, { ...income, payer })).toEqual([{ path: ['payer'], message: 'must not be empty' }]);
  });

  it('blank ids, names, references and descriptions', () => {
    expect(pathsOf(declareIncomeInputSchema, { ...income, commandId: ' ' })).toEqual([['commandId']]);
    expect(pathsOf(declareIncomeInputSchema, { ...income, householdId: '' })).toEqual([['householdId']]);
    expect(pathsOf(registerHouseholdInputSchema, { ...household, members: [{ ...jan, name: '\t' }] })).toEqual([['members', 0, 'name']]);
    expect(pathsOf(registerHouseholdInputSchema, { ...household, municipality: '' })).toEqual([['municipality']]);
    expect(pathsOf(recordProtectedIncomeInputSchema, { ...protectedIncome, reference: '  ' })).toEqual([['reference']]);
    expect(pathsOf(registerClaimInputSchema, { ...claim, description: '' })).toEqual([['description']]);
    expect(pathsOf(chargeCollectionCostsInputSchema, { ...costs, claimId: '' })).toEqual([['claimId']]);
  });

  it('over-long ids and text', () => {
    expect(issuesOf(declareIncomeInputSchema, { ...income, commandId: 'x'.repeat(LIMITS.id + 1) })).toEqual([
      { path: ['commandId'], message: 'at most 100 characters' },
    ]);
    expect(declareIncomeInputSchema.safeParse({ ...income, commandId: 'x'.repeat(LIMITS.id) }).success).toBe(true);
    expect(issuesOf(declareIncomeInputSchema, { ...income, payer: 'p'.repeat(LIMITS.shortText + 1) })).toEqual([
      { path: ['payer'], message: 'at most 200 characters' },
    ]);
    expect(issuesOf(registerClaimInputSchema, { ...claim, description: 'd'.repeat(LIMITS.longText + 1) })).toEqual([
      { path: ['description'], message: 'at most 2000 characters' },
    ]);
  });

  it('missing fields', () => {
    const { payer: _payer, ...withoutPayer } = income;
    expect(pathsOf(declareIncomeInputSchema, withoutPayer)).toEqual([['payer']]);
    const { consumer: _consumer, ...withoutConsumer } = claim;
    expect(pathsOf(registerClaimInputSchema, withoutConsumer)).toEqual([['consumer']]);
  });
});

describe('household composition and members', () => {
  it.each<[string, unknown[], string]>([
    ['SINGLE', [jan, piet], 'SINGLE takes 1 member(s), got 2'],
    ['COUPLE', [jan], 'COUPLE takes 2 member(s), got 1'],
    ['COUPLE', [jan, piet, sanne], 'COUPLE takes 2 member(s), got 3'],
    ['SINGLE_PARENT', [jan], 'SINGLE_PARENT takes 2 to 20 member(s), got 1'],
    ['COUPLE_WITH_CHILDREN', [jan, piet], 'COUPLE_WITH_CHILDREN takes 3 to 20 member(s), got 2'],
  ])('%s with %#: rejected at members', (composition, members, message) => {
    expect(issuesOf(registerHouseholdInputSchema, { ...household, composition, members })).toEqual([{ path: ['members'], message }]);
  });

  it.each<[string, unknown[]]>([
    ['SINGLE', [jan]],
    ['COUPLE', [jan, piet]],
    ['SINGLE_PARENT', [jan, sanne]],
    ['COUPLE_WITH_CHILDREN', [jan, piet, sanne]],
  ])('%s with a fitting member count passes', (composition, members) => {
    expect(registerHouseholdInputSchema.safeParse({ ...household, composition, members }).success).toBe(true);
  });

  it('no members, or more than 20', () => {
    expect(pathsOf(registerHouseholdInputSchema, { ...household, members: [] })).toContainEqual(['members']);
    const many = Array.from({ length: LIMITS.members + 1 }, () => jan);
    expect(issuesOf(registerHouseholdInputSchema, { ...household, composition: 'SINGLE_PARENT', members: many })).toContainEqual({
      path: ['members'],
      message: 'at most 20 members',
    });
  });

  it('the same BSN twice: rejected at the second occurrence', () => {
    expect(issuesOf(registerHouseholdInputSchema, { ...household, composition: 'COUPLE', members: [jan, { ...piet, bsn: jan.bsn }] })).toEqual([
      { path: ['members', 1, 'bsn'], message: 'appears twice in this household' },
    ]);
    expect(pathsOf(registerHouseholdInputSchema, { ...household, composition: 'COUPLE_WITH_CHILDREN', members: [jan, piet, { ...sanne, bsn: piet.bsn }] })).toEqual([
      ['members', 2, 'bsn'],
    ]);
  });
});
