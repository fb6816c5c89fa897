import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../domain/errors.js';
import { defaultParameters } from '../../domain/parameters.js';
import {
  checkOfficialAmount,
  defaultRole,
  incomesInForce,
  legalBounds,
  netIncomeOn,
  normColumn,
  officialRecordOn,
  protectedIncomeOn,
  type Composition,
  type IncomeDeclaration,
  type IncomeFacts,
  type MemberFacts,
  type ProtectedIncomeRecord,
  type ProtectedIncomeSource,
} from '../../domain/protectedIncome.js';

/** Policy §3 (protected income) with the worked numbers of dutch-debt-rules.md §1.5 and §1.6. */

const table = defaultParameters;

const adult: MemberFacts = { memberId: 'm1', birthDate: '1990-01-01', role: 'DEBTOR' };
const partner: MemberFacts = { memberId: 'm2', birthDate: '1988-05-12', role: 'PARTNER' };

let seq = 0;
function income(netMonthly: number, effectiveOn = '2025-01-01', rest: Partial<IncomeDeclaration> = {}): IncomeDeclaration {
  seq += 1;
  return { memberId: 'm1', kind: 'WAGES', payer: 'Bouwbedrijf Jansen', netMonthly, effectiveOn, seq, ...rest };
}

function record(amount: number, validFrom: string, source: ProtectedIncomeSource = 'INLICHTINGENBUREAU', rest: Partial<ProtectedIncomeRecord> = {}): ProtectedIncomeRecord {
  seq += 1;
  return { amount, source, reference: `REF-${seq}`, validFrom, seq, ...rest };
}

function facts(parts: Partial<IncomeFacts> = {}): IncomeFacts {
  return { composition: 'SINGLE', members: [adult], incomes: [], protectedIncomes: [], ...parts };
}

/** A single person whose income was recorded first (seq 0), before any official record. */
function single(netMonthly: number, more: Partial<IncomeFacts> = {}): IncomeFacts {
  return facts({ incomes: [income(netMonthly, '2025-01-01', { seq: 0 })], ...more });
}

function catchLedgerError(run: () => unknown): LedgerError {
  try {
    run();
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error('expected a LedgerError');
}

describe('estimated protected income (no official record)', () => {
  it('single, net €1,200 on 2025-03-01: 95% of income €1,140.00, attachable €60.00 (example 1)', () => {
    expect(protectedIncomeOn(single(120_000), table, '2025-03-01')).toEqual({
      on: '2025-03-01',
      netIncome: 120_000,
      protectedIncome: 114_000,
      basis: 'ESTIMATE',
      attachable: 6_000,
      floor: 114_000,
      cap: 114_000,
      flags: ['PROTECTED_INCOME_ESTIMATED'],
    });
  });

  it('single, net €2,000 on 2025-03-01: min(95% of €1,345.45 = €1,278.18, €1,900) → attachable €721.82 (example 2, kop 0)', () => {
    const result = protectedIncomeOn(single(200_000), table, '2025-03-01');
    expect(result).toMatchObject({
      netIncome: 200_000,
      protectedIncome: 127_818,
      basis: 'ESTIMATE',
      attachable: 72_182,
      floor: 127_818,
      cap: 190_000,
      flags: ['PROTECTED_INCOME_ESTIMATED'],
    });
    expect(result.official).toBeUndefined();
  });

  it('uses the 2024 row on a 2024 date: 95% of €1,283.83 = €1,219.64', () => {
    expect(protectedIncomeOn(facts({ incomes: [income(200_000, '2024-01-01')] }), table, '2024-06-30')).toMatchObject({ protectedIncome: 121_964, attachable: 78_036, flags: ['PROTECTED_INCOME_ESTIMATED'] });
  });

  it('without income: protected income 0, attachable 0', () => {
    expect(protectedIncomeOn(facts(), table, '2025-03-01')).toMatchObject({ netIncome: 0, protectedIncome: 0, attachable: 0, floor: 0, cap: 0 });
  });

  it('flags PARAMETERS_OUTDATED on 2026-11-22, still on the 2025 row', () => {
    expect(protectedIncomeOn(single(200_000), table, '2026-11-22')).toMatchObject({
      protectedIncome: 127_818,
      attachable: 72_182,
      flags: ['PROTECTED_INCOME_ESTIMATED', 'PARAMETERS_OUTDATED'],
    });
  });

  it('is not outdated on 2025-06-30, outdated on 2025-07-01', () => {
    expect(protectedIncomeOn(single(200_000), table, '2025-06-30').flags).toEqual(['PROTECTED_INCOME_ESTIMATED']);
    expect(protectedIncomeOn(single(200_000), table, '2025-07-01').flags).toEqual(['PROTECTED_INCOME_ESTIMATED', 'PARAMETERS_OUTDATED']);
  });

  it('before the table: PARAMETERS_UNAVAILABLE', () => {
    expect(catchLedgerError(() => protectedIncomeOn(single(200_000), table, '2023-12-31')).code).toBe('PARAMETERS_UNAVAILABLE');
  });
});

describe('which norm column applies', () => {
  function withMembers(composition: Composition, ...birthDates: string[]): IncomeFacts {
    return facts({ composition, members: birthDates.map((birthDate, i) => ({ memberId: `m${i + 1}`, birthDate, role: defaultRole(composition, i) })) });
  }

  it.each<[Composition, string]>([
    ['SINGLE', 'single'],
    ['SINGLE_PARENT', 'single'],
    ['COUPLE', 'couple'],
    ['COUPLE_WITH_CHILDREN', 'couple'],
  ])('%s under pension age uses the %s column', (composition, column) => {
    const birthDates = composition === 'SINGLE' ? ['1990-01-01'] : composition === 'SINGLE_PARENT' ? ['1990-01-01', '2015-04-04'] : composition === 'COUPLE' ? ['1990-01-01', '1988-05-12'] : ['1990-01-01', '1988-05-12', '2015-04-04'];
    expect(normColumn(withMembers(composition, ...birthDates), table, '2025-03-01')).toBe(column);
  });

  it('couple, net €2,500: 95% of the couple norm €1,922.07 = €1,825.97 (1,825.9665 rounds up)', () => {
    const couple = facts({
      composition: 'COUPLE',
      members: [adult, partner],
      incomes: [income(150_000), income(100_000, '2025-01-01', { memberId: 'm2', payer: 'Zorggroep Noord' })],
    });
    expect(protectedIncomeOn(couple, table, '2025-03-01')).toMatchObject({ netIncome: 250_000, protectedIncome: 182_597, attachable: 67_403 });
  });

  it('single at pension age: the single pension-age column, 95% of €1,501.07 = €1,426.02', () => {
    const pensioner = facts({ members: [{ memberId: 'm1', birthDate: '1950-06-01', role: 'DEBTOR' }], incomes: [income(200_000, '2025-01-01', { kind: 'PENSION', payer: 'SVB' })] });
    expect(normColumn(pensioner, table, '2025-03-01')).toBe('singlePensionAge');
    expect(protectedIncomeOn(pensioner, table, '2025-03-01')).toMatchObject({ protectedIncome: 142_602, attachable: 57_398 });
  });

  it('pension age is reached on the 67th birthday, not the day before', () => {
    expect(normColumn(withMembers('SINGLE', '1958-03-01'), table, '2025-03-01')).toBe('singlePensionAge');
    expect(normColumn(withMembers('SINGLE', '1958-03-02'), table, '2025-03-01')).toBe('single');
  });

  it('couple where both adults reached 67: the couple pension-age column, 95% of €2,053.48 = €1,950.81', () => {
    const couple = facts({
      composition: 'COUPLE',
      members: [
        { memberId: 'm1', birthDate: '1950-01-01', role: 'DEBTOR' },
        { memberId: 'm2', birthDate: '1957-12-31', role: 'PARTNER' },
      ],
      incomes: [income(250_000, '2025-01-01', { kind: 'PENSION', payer: 'SVB' })],
    });
    expect(normColumn(couple, table, '2025-03-01')).toBe('couplePensionAge');
    expect(protectedIncomeOn(couple, table, '2025-03-01')).toMatchObject({ protectedIncome: 195_081, attachable: 54_919 });
  });

  it('couple where only one adult reached 67: the ordinary couple column', () => {
    expect(normColumn(withMembers('COUPLE', '1950-01-01', '1965-01-01'), table, '2025-03-01')).toBe('couple');
    expect(normColumn(withMembers('COUPLE', '1965-01-01', '1950-01-01'), table, '2025-03-01')).toBe('couple');
  });

  it('children under 18 are ignored for the pension test', () => {
    expect(normColumn(withMembers('COUPLE_WITH_CHILDREN', '1950-01-01', '1952-01-01', '2010-06-01'), table, '2025-03-01')).toBe('couplePensionAge');
    expect(normColumn(withMembers('SINGLE_PARENT', '1950-01-01', '2010-06-01'), table, '2025-03-01')).toBe('singlePensionAge');
  });

  it('a child does not count for the pension test, also after its 18th birthday (issue 12: debtor and partner only)', () => {
    const household = withMembers('SINGLE_PARENT', '1950-01-01', '2007-03-01');
    expect(normColumn(household, table, '2025-02-28')).toBe('singlePensionAge');
    expect(normColumn(household, table, '2025-03-01')).toBe('singlePensionAge');
  });
});

describe('household net income', () => {
  it("sums the members' sources", () => {
    const household = facts({
      composition: 'COUPLE',
      members: [adult, partner],
      incomes: [
        income(150_000),
        income(20_000, '2025-01-01', { kind: 'BENEFIT_OTHER', payer: 'UWV' }),
        income(95_000, '2025-01-01', { memberId: 'm2', payer: 'Zorggroep Noord' }),
      ],
    });
    expect(netIncomeOn(household, '2025-03-01')).toBe(265_000);
  });

  it('a second payer of the same kind is a separate source', () => {
    expect(netIncomeOn(facts({ incomes: [income(100_000), income(30_000, '2025-01-01', { payer: 'Bakkerij de Graaf' })] }), '2025-03-01')).toBe(130_000);
  });

  it('a later declaration for the same member, kind and payer replaces the earlier from its effectiveOn', () => {
    const household = facts({ incomes: [income(120_000, '2025-01-01'), income(150_000, '2025-03-01')] });
    expect(netIncomeOn(household, '2025-02-28')).toBe(120_000);
    expect(netIncomeOn(household, '2025-03-01')).toBe(150_000);
    expect(incomesInForce(household, '2025-03-01')).toHaveLength(1);
  });

  it('two declarations on the same date: the one recorded later wins', () => {
    const first = income(120_000, '2025-02-01');
    const second = income(125_000, '2025-02-01');
    expect(netIncomeOn(facts({ incomes: [first, second] }), '2025-03-01')).toBe(125_000);
    expect(netIncomeOn(facts({ incomes: [second, first] }), '2025-03-01')).toBe(125_000);
  });

  it('0 ends a source', () => {
    const household = facts({ incomes: [income(120_000, '2025-01-01'), income(50_000, '2025-01-01', { kind: 'ALIMONY', payer: 'LBIO' }), income(0, '2025-04-01')] });
    expect(netIncomeOn(household, '2025-03-31')).toBe(170_000);
    expect(netIncomeOn(household, '2025-04-01')).toBe(50_000);
    expect(incomesInForce(household, '2025-04-01').map((d) => d.kind)).toEqual(['ALIMONY']);
  });

  it('declarations effective after the date are ignored', () => {
    const household = facts({ incomes: [income(120_000, '2025-04-01')] });
    expect(netIncomeOn(household, '2025-03-31')).toBe(0);
    expect(netIncomeOn(household, '2025-04-01')).toBe(120_000);
  });
});

describe('official protected income', () => {
  it('is used as recorded, basis OFFICIAL, without the estimate flag', () => {
    const official = record(130_000, '2025-02-01');
    const result = protectedIncomeOn(single(200_000, { protectedIncomes: [official] }), table, '2025-03-01');
    expect(result).toEqual({
      on: '2025-03-01',
      netIncome: 200_000,
      protectedIncome: 130_000,
      basis: 'OFFICIAL',
      attachable: 70_000,
      floor: 127_818,
      cap: 190_000,
      flags: [],
      official,
    });
  });

  it('applies from its validFrom; before it the estimate counts', () => {
    const household = single(200_000, { protectedIncomes: [record(130_000, '2025-03-01')] });
    expect(protectedIncomeOn(household, table, '2025-02-28')).toMatchObject({ protectedIncome: 127_818, basis: 'ESTIMATE' });
    expect(protectedIncomeOn(household, table, '2025-03-01')).toMatchObject({ protectedIncome: 130_000, basis: 'OFFICIAL' });
  });

  it('the newest validFrom wins, whatever the recording order', () => {
    const later = record(140_000, '2025-03-01');
    const earlier = record(130_000, '2025-02-01'); // recorded after `later`
    const household = single(200_000, { protectedIncomes: [later, earlier] });
    expect(officialRecordOn(household, '2025-02-15')).toBe(earlier);
    expect(officialRecordOn(household, '2025-03-10')).toBe(later);
    expect(protectedIncomeOn(household, table, '2025-03-10').protectedIncome).toBe(140_000);
  });

  it('on the same validFrom, the record made last wins', () => {
    const first = record(130_000, '2025-02-01');
    const correction = record(135_000, '2025-02-01');
    expect(officialRecordOn(facts({ protectedIncomes: [correction, first] }), '2025-03-01')).toBe(correction);
  });

  it('PARAMETERS_OUTDATED applies to an official amount too', () => {
    expect(protectedIncomeOn(single(200_000, { protectedIncomes: [record(130_000, '2025-02-01')] }), table, '2026-11-22').flags).toEqual(['PARAMETERS_OUTDATED']);
  });
});

describe('checkOfficialAmount: [floor, cap] of the income on validFrom', () => {
  const household = single(200_000); // floor 127818, cap 190000

  it('accepts the floor and the cap themselves', () => {
    expect(() => checkOfficialAmount(household, table, 127_818, 'INLICHTINGENBUREAU', '2025-03-01')).not.toThrow();
    expect(() => checkOfficialAmount(household, table, 190_000, 'BAILIFF', '2025-03-01')).not.toThrow();
  });

  it('rejects one cent below the floor: PROTECTED_INCOME_BELOW_LEGAL_FLOOR', () => {
    const error = catchLedgerError(() => checkOfficialAmount(household, table, 127_817, 'INLICHTINGENBUREAU', '2025-03-01'));
    expect(error.code).toBe('PROTECTED_INCOME_BELOW_LEGAL_FLOOR');
    expect(error.details).toEqual({ floor: 127_818, netIncome: 200_000 });
  });

  it('rejects one cent above the cap: PROTECTED_INCOME_ABOVE_LEGAL_CAP', () => {
    const error = catchLedgerError(() => checkOfficialAmount(household, table, 190_001, 'OTHER_OFFICIAL', '2025-03-01'));
    expect(error.code).toBe('PROTECTED_INCOME_ABOVE_LEGAL_CAP');
    expect(error.details).toEqual({ cap: 190_000, netIncome: 200_000 });
  });

  it('a COURT record (hardship clause) may exceed the cap up to net income, not beyond', () => {
    expect(() => checkOfficialAmount(household, table, 195_000, 'COURT', '2025-03-01')).not.toThrow();
    expect(() => checkOfficialAmount(household, table, 200_000, 'COURT', '2025-03-01')).not.toThrow();
    const error = catchLedgerError(() => checkOfficialAmount(household, table, 200_001, 'COURT', '2025-03-01'));
    expect(error.code).toBe('PROTECTED_INCOME_ABOVE_LEGAL_CAP');
    expect(error.details).toEqual({ cap: 200_000, netIncome: 200_000 });
  });

  it('a COURT record is still held to the floor', () => {
    expect(catchLedgerError(() => checkOfficialAmount(household, table, 127_817, 'COURT', '2025-03-01')).code).toBe('PROTECTED_INCOME_BELOW_LEGAL_FLOOR');
  });

  it('low income: floor and cap are both 95% of income', () => {
    const low = single(120_000);
    expect(legalBounds(low, table, '2025-03-01')).toEqual({ netIncome: 120_000, norm: 134_545, floor: 114_000, cap: 114_000, parametersOutdated: false });
    expect(() => checkOfficialAmount(low, table, 114_000, 'INLICHTINGENBUREAU', '2025-03-01')).not.toThrow();
    expect(catchLedgerError(() => checkOfficialAmount(low, table, 113_999, 'INLICHTINGENBUREAU', '2025-03-01')).code).toBe('PROTECTED_INCOME_BELOW_LEGAL_FLOOR');
    expect(catchLedgerError(() => checkOfficialAmount(low, table, 114_001, 'INLICHTINGENBUREAU', '2025-03-01')).code).toBe('PROTECTED_INCOME_ABOVE_LEGAL_CAP');
  });

  it('uses the income in force on validFrom, not later changes', () => {
    const household2 = facts({ incomes: [income(200_000, '2025-01-01'), income(120_000, '2025-04-01')] });
    expect(() => checkOfficialAmount(household2, table, 130_000, 'INLICHTINGENBUREAU', '2025-03-01')).not.toThrow();
    expect(catchLedgerError(() => checkOfficialAmount(household2, table, 130_000, 'INLICHTINGENBUREAU', '2025-04-01')).code).toBe('PROTECTED_INCOME_ABOVE_LEGAL_CAP');
  });

  it('before the table: PARAMETERS_UNAVAILABLE', () => {
    expect(catchLedgerError(() => checkOfficialAmount(household, table, 130_000, 'INLICHTINGENBUREAU', '2023-06-01')).code).toBe('PARAMETERS_UNAVAILABLE');
  });
});

describe('stale official protected income (income declared after the record)', () => {
  it('income falls after the record: flagged stale, clamped down to the new cap', () => {
    // Official €1,300 at income €2,000; from 2025-03-01 income is €1,200: floor = cap = €1,140.
    const household = facts({
      incomes: [income(200_000, '2025-01-01'), income(120_000, '2025-03-01')],
      protectedIncomes: [record(130_000, '2025-02-01')],
    });
    expect(protectedIncomeOn(household, table, '2025-02-28')).toMatchObject({ protectedIncome: 130_000, basis: 'OFFICIAL', flags: [] });
    expect(protectedIncomeOn(household, table, '2025-03-10')).toMatchObject({
      netIncome: 120_000,
      protectedIncome: 114_000,
      basis: 'OFFICIAL',
      attachable: 6_000,
      flags: ['PROTECTED_INCOME_STALE'],
    });
  });

  it('income rises after the record: flagged stale, clamped up to the new floor', () => {
    // Official €1,235 (= 95% of €1,300) at income €1,300; from 2025-03-01 income is €2,000: floor €1,278.18.
    const household = facts({
      incomes: [income(130_000, '2025-01-01'), income(200_000, '2025-03-01')],
      protectedIncomes: [record(123_500, '2025-02-01')],
    });
    expect(protectedIncomeOn(household, table, '2025-03-01')).toMatchObject({
      protectedIncome: 127_818,
      attachable: 72_182,
      flags: ['PROTECTED_INCOME_STALE'],
    });
  });

  it('a stale amount already inside the new bounds is kept, still flagged', () => {
    const household = facts({
      incomes: [income(200_000, '2025-01-01'), income(300_000, '2025-03-01')],
      protectedIncomes: [record(130_000, '2025-02-01')],
    });
    expect(protectedIncomeOn(household, table, '2025-03-01')).toMatchObject({ protectedIncome: 130_000, attachable: 170_000, flags: ['PROTECTED_INCOME_STALE'] });
  });

  it('a new source or an ended source also makes it stale', () => {
    const added = facts({
      incomes: [income(200_000, '2025-01-01'), income(10_000, '2025-03-01', { kind: 'ALIMONY', payer: 'LBIO' })],
      protectedIncomes: [record(130_000, '2025-02-01')],
    });
    expect(protectedIncomeOn(added, table, '2025-03-01').flags).toEqual(['PROTECTED_INCOME_STALE']);
    const ended = facts({
      incomes: [income(200_000, '2025-01-01'), income(60_000, '2025-01-01', { kind: 'ALIMONY', payer: 'LBIO' }), income(0, '2025-03-01', { kind: 'ALIMONY', payer: 'LBIO' })],
      protectedIncomes: [record(210_000, '2025-02-01')],
    });
    expect(protectedIncomeOn(ended, table, '2025-03-01')).toMatchObject({ netIncome: 200_000, protectedIncome: 190_000, attachable: 10_000, flags: ['PROTECTED_INCOME_STALE'] });
  });

  it('income effective on the same day as the record, or not yet effective, does not make it stale', () => {
    const sameDay = facts({ incomes: [income(200_000, '2025-02-01')], protectedIncomes: [record(130_000, '2025-02-01')] });
    expect(protectedIncomeOn(sameDay, table, '2025-03-01').flags).toEqual([]);
    const future = facts({ incomes: [income(200_000, '2025-01-01'), income(120_000, '2025-04-01')], protectedIncomes: [record(130_000, '2025-02-01')] });
    expect(protectedIncomeOn(future, table, '2025-03-01')).toMatchObject({ protectedIncome: 130_000, flags: [] });
  });

  it('a stale COURT record is clamped to net income, not to 95% of it', () => {
    const household = facts({
      incomes: [income(200_000, '2025-01-01'), income(190_000, '2025-03-01')],
      protectedIncomes: [record(195_000, '2025-02-01', 'COURT')],
    });
    expect(protectedIncomeOn(household, table, '2025-03-01')).toMatchObject({ protectedIncome: 190_000, attachable: 0, flags: ['PROTECTED_INCOME_STALE'] });
  });
});
