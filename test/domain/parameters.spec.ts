import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../domain/errors.js';
import { defaultParameters, normAmount, normRowOn, parameterTableSchema, type NormRow, type ParameterTable } from '../../domain/parameters.js';

/** Policy §2: dated reference parameters. */

const row2024 = defaultParameters.socialAssistanceNorms[0]!;
const row2025 = defaultParameters.socialAssistanceNorms[1]!;

function catchLedgerError(run: () => unknown): LedgerError {
  try {
    run();
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error('expected a LedgerError');
}

describe('the shipped table', () => {
  it('holds the S8 norms of policy §2, in cents, confirmed', () => {
    expect(defaultParameters.socialAssistanceNorms).toHaveLength(2);
    expect(row2024).toMatchObject({
      validFrom: '2024-01-01',
      single: 128_383,
      couple: 183_404,
      singlePensionAge: 142_576,
      couplePensionAge: 193_398,
      statePensionAge: { years: 67, months: 0 },
      confirmed: true,
    });
    expect(row2025).toMatchObject({
      validFrom: '2025-01-01',
      single: 134_545,
      couple: 192_207,
      singlePensionAge: 150_107,
      couplePensionAge: 205_348,
      statePensionAge: { years: 67, months: 0 },
      confirmed: true,
    });
    expect(row2024.source).toMatch(/S8/);
    expect(row2025.source).toMatch(/S8/);
    expect(row2024.validTo).toBeUndefined();
    expect(row2025.validTo).toBeUndefined();
  });

  it('passes its own schema', () => {
    expect(parameterTableSchema.safeParse(defaultParameters).success).toBe(true);
  });

  it('normAmount reads a column', () => {
    expect(normAmount(row2025, 'single')).toBe(134_545);
    expect(normAmount(row2025, 'couple')).toBe(192_207);
    expect(normAmount(row2025, 'singlePensionAge')).toBe(150_107);
    expect(normAmount(row2025, 'couplePensionAge')).toBe(205_348);
  });
});

describe('normRowOn', () => {
  it.each([
    ['2024-01-01', '2024-01-01', false],
    ['2024-06-30', '2024-01-01', false],
    ['2024-12-31', '2024-01-01', false],
    ['2025-01-01', '2025-01-01', false],
    ['2025-03-01', '2025-01-01', false],
    // The newest row is known for six months: through 2025-06-30.
    ['2025-06-30', '2025-01-01', false],
    ['2025-07-01', '2025-01-01', true],
    ['2026-11-22', '2025-01-01', true],
  ])('on %s uses the row from %s (outdated: %s)', (date, validFrom, outdated) => {
    const lookup = normRowOn(defaultParameters, date);
    expect(lookup.row.validFrom).toBe(validFrom);
    expect(lookup.outdated).toBe(outdated);
  });

  it('before the oldest row: PARAMETERS_UNAVAILABLE', () => {
    const error = catchLedgerError(() => normRowOn(defaultParameters, '2023-12-31'));
    expect(error.code).toBe('PARAMETERS_UNAVAILABLE');
    expect(error.details).toEqual({ date: '2023-12-31' });
  });

  it('a row with validTo is known until that day, even as the newest row', () => {
    const table: ParameterTable = { socialAssistanceNorms: [{ ...row2025, validTo: '2025-03-31' }] };
    expect(normRowOn(table, '2025-03-31').outdated).toBe(false);
    expect(normRowOn(table, '2025-04-01').outdated).toBe(true);
    expect(normRowOn(table, '2025-04-01').row.validFrom).toBe('2025-01-01');
  });
});

const row2026: NormRow = {
  validFrom: '2026-07-01',
  single: 140_000,
  couple: 200_000,
  singlePensionAge: 156_000,
  couplePensionAge: 213_000,
  statePensionAge: { years: 67, months: 0 },
  source: 'test: normbedragen 1 juli 2026',
  confirmed: false,
};

/** A replacement table as read from JSON, before validation. */
function rawTable(rows: unknown[]): unknown {
  return { socialAssistanceNorms: rows };
}

function issuesOf(input: unknown): { path: PropertyKey[]; message: string }[] {
  const result = parameterTableSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => ({ path: i.path, message: i.message }));
}

describe('parameterTableSchema (a replacement table loaded at start-up)', () => {
  it('accepts a table with a newer row; 2026-11-22 is then current', () => {
    const parsed = parameterTableSchema.parse(rawTable([row2024, row2025, row2026]));
    const lookup = normRowOn(parsed, '2026-11-22');
    expect(lookup.row.validFrom).toBe('2026-07-01');
    expect(lookup.row.single).toBe(140_000);
    expect(lookup.outdated).toBe(false);
    // The 2025 row now runs until the day before the new row.
    expect(normRowOn(parsed, '2026-06-30')).toMatchObject({ row: { validFrom: '2025-01-01' }, outdated: false });
    expect(normRowOn(parsed, '2027-01-01').outdated).toBe(true);
  });

  it('accepts rows whose validTo meets the next row exactly', () => {
    const table = rawTable([{ ...row2024, validTo: '2024-12-31' }, row2025]);
    expect(parameterTableSchema.safeParse(table).success).toBe(true);
  });

  it('rejects rows out of validFrom order', () => {
    expect(issuesOf(rawTable([row2025, row2024]))).toEqual([
      { path: ['socialAssistanceNorms', 1, 'validFrom'], message: 'rows must be in increasing validFrom order' },
    ]);
  });

  it('rejects two rows with the same validFrom', () => {
    expect(issuesOf(rawTable([row2025, { ...row2026, validFrom: '2025-01-01' }]))[0]?.path).toEqual(['socialAssistanceNorms', 1, 'validFrom']);
  });

  it('rejects a gap after a validTo', () => {
    expect(issuesOf(rawTable([{ ...row2024, validTo: '2024-11-30' }, row2025]))).toEqual([
      { path: ['socialAssistanceNorms', 0, 'validTo'], message: 'validTo must be the day before the next row starts (no gaps or overlaps)' },
    ]);
  });

  it('rejects an overlap after a validTo', () => {
    expect(issuesOf(rawTable([{ ...row2024, validTo: '2025-01-31' }, row2025]))[0]?.path).toEqual(['socialAssistanceNorms', 0, 'validTo']);
  });

  it('rejects validTo before validFrom', () => {
    expect(issuesOf(rawTable([{ ...row2025, validTo: '2024-12-31' }]))[0]?.path).toEqual(['socialAssistanceNorms', 0, 'validTo']);
  });

  it.each([['2025-02-30'], ['2025-1-1'], ['01-01-2025'], ['2025-01-01T00:00:00Z'], ['']])('rejects the bad date %j', (date) => {
    expect(issuesOf(rawTable([{ ...row2025, validFrom: date }]))[0]?.path).toEqual(['socialAssistanceNorms', 0, 'validFrom']);
  });

  it('rejects negative and fractional amounts', () => {
    expect(issuesOf(rawTable([{ ...row2025, single: -1 }]))[0]?.path).toEqual(['socialAssistanceNorms', 0, 'single']);
    expect(issuesOf(rawTable([{ ...row2025, couplePensionAge: 2053.48 }]))[0]?.path).toEqual(['socialAssistanceNorms', 0, 'couplePensionAge']);
    expect(issuesOf(rawTable([{ ...row2025, couple: '192207' }]))[0]?.path).toEqual(['socialAssistanceNorms', 0, 'couple']);
  });

  it('rejects unknown keys, in a row and at the top', () => {
    expect(issuesOf(rawTable([{ ...row2025, singleParent: 134_545 }]))[0]).toMatchObject({ path: ['socialAssistanceNorms', 0] });
    expect(parameterTableSchema.safeParse({ ...defaultParameters, interestRates: [] }).success).toBe(false);
  });

  it('rejects missing fields', () => {
    const { source: _source, ...withoutSource } = row2025;
    expect(issuesOf(rawTable([withoutSource]))[0]?.path).toEqual(['socialAssistanceNorms', 0, 'source']);
    const { confirmed: _confirmed, ...withoutConfirmed } = row2025;
    expect(issuesOf(rawTable([withoutConfirmed]))[0]?.path).toEqual(['socialAssistanceNorms', 0, 'confirmed']);
    expect(parameterTableSchema.safeParse({}).success).toBe(false);
  });

  it('rejects an empty table, an empty source and an implausible pension age', () => {
    expect(issuesOf(rawTable([]))[0]?.path).toEqual(['socialAssistanceNorms']);
    expect(issuesOf(rawTable([{ ...row2025, source: '' }]))[0]?.path).toEqual(['socialAssistanceNorms', 0, 'source']);
    expect(issuesOf(rawTable([{ ...row2025, statePensionAge: { years: 67, months: 12 } }]))[0]?.path).toEqual([
      'socialAssistanceNorms',
      0,
      'statePensionAge',
      'months',
    ]);
  });
});
