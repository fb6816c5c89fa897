import { readFileSync } from 'node:fs';
import { defaultParameters, parameterTableSchema, type ParameterTable } from '../domain/parameters.js';
import { ConfigError } from './config.js';

/**
 * The shipped table, or the JSON file named by TOTAALBEELD_PARAMETERS (validated; a bad file stops
 * the start). A file without `statutoryInterestRates` keeps the shipped interest rates.
 */
export function loadParameters(file: string | undefined): ParameterTable {
  if (file === undefined) return defaultParameters;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`TOTAALBEELD_PARAMETERS: cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = parameterTableSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`TOTAALBEELD_PARAMETERS: ${file} is not a valid parameter table: ${issue.path.join('.')}: ${issue.message}`);
  }
  return { ...parsed.data, statutoryInterestRates: parsed.data.statutoryInterestRates ?? defaultParameters.statutoryInterestRates };
}
