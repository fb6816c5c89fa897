import { z } from 'zod';
import { addDays, addMonths, isBusinessDate, type BusinessDate } from './dates.js';
import { LedgerError } from './errors.js';
import type { Cents } from './money.js';

/**
 * Dated reference parameters (policy §2). Amounts the law changes every half year live here,
 * never as constants in code. The default table ships with the project; a JSON file named by
 * TOTAALBEELD_PARAMETERS replaces it at start-up (infra/parameters.ts reads it).
 */

const dateString = z.string().refine(isBusinessDate, 'must be a calendar date yyyy-mm-dd');
const cents = z.number().int().nonnegative();

export const normRowSchema = z
  .object({
    validFrom: dateString,
    /** Optional; without it a row runs until the next row, the newest for six months. */
    validTo: dateString.optional(),
    /** Social-assistance norms per month including holiday allowance, 21 to state pension age. */
    single: cents,
    couple: cents,
    singlePensionAge: cents,
    couplePensionAge: cents,
    /** State pension (AOW) age on this row's dates. */
    statePensionAge: z.object({ years: z.number().int().min(60).max(75), months: z.number().int().min(0).max(11) }),
    source: z.string().min(1),
    confirmed: z.boolean(),
  })
  .strict()
  .refine((r) => r.validTo === undefined || r.validTo >= r.validFrom, {
    message: 'validTo must not be before validFrom',
    path: ['validTo'],
  });

/** A day designated under art. 3 lid 3 Algemene termijnenwet: for deadlines it counts as a holiday. */
export const designatedDaySchema = z
  .object({
    date: dateString,
    name: z.string().min(1),
    source: z.string().min(1),
  })
  .strict();

/**
 * A row of the statutory interest rate for non-commercial transactions (wettelijke rente,
 * art. 6:119 BW), valid from `validFrom` until the next row. `rate` is a percentage per year
 * with at most two decimals (7 is 7%, 12.25 is 12.25%).
 */
export const interestRateRowSchema = z
  .object({
    validFrom: dateString,
    rate: z
      .number()
      .min(0)
      .max(100)
      .refine((r) => Math.abs(r * 100 - Math.round(r * 100)) < 1e-9, 'at most two decimals'),
    source: z.string().min(1),
    /** False when the rate is not confirmed from the official publication: answers using it are flagged. */
    confirmed: z.boolean(),
  })
  .strict();

export const parameterTableSchema = z
  .object({
    socialAssistanceNorms: z.array(normRowSchema).min(1),
    /** Optional; none designated when absent. */
    designatedDays: z.array(designatedDaySchema).optional(),
    /** Optional in a file: infra/parameters.ts keeps the shipped rates when a file leaves them out. */
    statutoryInterestRates: z.array(interestRateRowSchema).optional(),
  })
  .strict()
  .superRefine((table, ctx) => {
    const rates = table.statutoryInterestRates ?? [];
    for (let i = 1; i < rates.length; i++) {
      if (rates[i]!.validFrom <= rates[i - 1]!.validFrom) {
        ctx.addIssue({ code: 'custom', message: 'rows must be in increasing validFrom order', path: ['statutoryInterestRates', i, 'validFrom'] });
      }
    }
    const days = table.designatedDays ?? [];
    for (let i = 1; i < days.length; i++) {
      if (days[i]!.date <= days[i - 1]!.date) {
        ctx.addIssue({ code: 'custom', message: 'designated days must be in increasing date order, each once', path: ['designatedDays', i, 'date'] });
      }
    }
    const rows = table.socialAssistanceNorms;
    for (let i = 1; i < rows.length; i++) {
      const prev = rows[i - 1]!;
      const row = rows[i]!;
      if (row.validFrom <= prev.validFrom) {
        ctx.addIssue({ code: 'custom', message: 'rows must be in increasing validFrom order', path: ['socialAssistanceNorms', i, 'validFrom'] });
      } else if (prev.validTo !== undefined && addDays(prev.validTo, 1) !== row.validFrom) {
        ctx.addIssue({ code: 'custom', message: 'validTo must be the day before the next row starts (no gaps or overlaps)', path: ['socialAssistanceNorms', i - 1, 'validTo'] });
      }
    }
  });

export type NormRow = z.infer<typeof normRowSchema>;
export type DesignatedDay = z.infer<typeof designatedDaySchema>;
export type InterestRateRow = z.infer<typeof interestRateRowSchema>;
export type ParameterTable = z.infer<typeof parameterTableSchema>;

/** Source S8 in dutch-debt-rules.md: normbedragen Participatiewet, republished by Gemeente Westland. */
export const defaultParameters: ParameterTable = {
  socialAssistanceNorms: [
    {
      validFrom: '2024-01-01',
      single: 128383,
      couple: 183404,
      singlePensionAge: 142576,
      couplePensionAge: 193398,
      statePensionAge: { years: 67, months: 0 },
      source: 'S8: normbedragen Participatiewet 1 januari 2024 (Gemeente Westland)',
      confirmed: true,
    },
    {
      validFrom: '2025-01-01',
      single: 134545,
      couple: 192207,
      singlePensionAge: 150107,
      couplePensionAge: 205348,
      statePensionAge: { years: 67, months: 0 },
      source: 'S8: normbedragen Participatiewet 1 januari 2025 (Gemeente Westland)',
      confirmed: true,
    },
  ],
  statutoryInterestRates: defaultInterestRates(),
};

/**
 * Source S37 and the sources beside it in dutch-debt-rules.md §4.3. The 2% row: the file says
 * "2015–2022 (mostly)" without a start date, so it is unconfirmed. From 2025-07-01 the file has
 * no rate ("UNCONFIRMED"): the 2025-01-01 rate is carried forward, unconfirmed, so answers that
 * use it carry INTEREST_RATE_UNCONFIRMED until a confirmed row replaces it.
 */
function defaultInterestRates(): InterestRateRow[] {
  return [
    { validFrom: '2015-07-01', rate: 2, source: 'S37 (dutch-debt-rules.md §4.3: "2015–2022 (mostly) 2 %"; start date not confirmed)', confirmed: false },
    { validFrom: '2023-01-01', rate: 4, source: 'S37; debloggendeadvocaat (dutch-debt-rules.md §4.3)', confirmed: true },
    { validFrom: '2023-07-01', rate: 6, source: 'S37; watsonlaw (dutch-debt-rules.md §4.3)', confirmed: true },
    { validFrom: '2024-01-01', rate: 7, source: 'S37; Wikipedia mirror (dutch-debt-rules.md §4.3)', confirmed: true },
    { validFrom: '2024-07-01', rate: 7, source: 'S37; metaalunie (dutch-debt-rules.md §4.3)', confirmed: true },
    { validFrom: '2025-01-01', rate: 6, source: 'S37; vvoadvocatuur (dutch-debt-rules.md §4.3)', confirmed: true },
    { validFrom: '2025-07-01', rate: 6, source: 'UNCONFIRMED (dutch-debt-rules.md §4.3: "1 Jul 2025 onward"): the 2025-01-01 rate carried forward', confirmed: false },
  ];
}

export interface NormLookup {
  row: NormRow;
  /** The date lies after the last day the table is known to cover: PARAMETERS_OUTDATED. */
  outdated: boolean;
}

/** The last date a row is known to apply: its validTo, else the day before the next row, else six months. */
function knownUntil(rows: readonly NormRow[], index: number): BusinessDate {
  const row = rows[index]!;
  if (row.validTo !== undefined) return row.validTo;
  const next = rows[index + 1];
  if (next !== undefined) return addDays(next.validFrom, -1);
  return addDays(addMonths(row.validFrom, 6), -1);
}

/** The last date the table is known to cover (after it, results are PARAMETERS_OUTDATED). */
export function parametersKnownUntil(table: ParameterTable): BusinessDate {
  const rows = table.socialAssistanceNorms;
  return knownUntil(rows, rows.length - 1);
}

export function normRowOn(table: ParameterTable, date: BusinessDate): NormLookup {
  const rows = table.socialAssistanceNorms;
  let index = -1;
  for (let i = 0; i < rows.length; i++) if (rows[i]!.validFrom <= date) index = i;
  if (index < 0) {
    throw new LedgerError('PARAMETERS_UNAVAILABLE', `No reference parameters for ${date}: the table starts on ${rows[0]!.validFrom}`, { date });
  }
  return { row: rows[index]!, outdated: date > knownUntil(rows, index) };
}

export type NormColumn = 'single' | 'couple' | 'singlePensionAge' | 'couplePensionAge';

export function normAmount(row: NormRow, column: NormColumn): Cents {
  return row[column];
}

/** The days designated under art. 3 lid 3 Algemene termijnenwet, as a set for the working-day count. */
export function designatedDaysOf(table: ParameterTable): ReadonlySet<BusinessDate> {
  return new Set((table.designatedDays ?? []).map((d) => d.date));
}
