/**
 * Every rejection the ledger can give, by the code in ledger-policy.md §9 and the rules it names.
 * Errors are values: the API maps a LedgerError to a GraphQL error in one place.
 */
export const errorCodes = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'CONFLICT',
  'PARAMETERS_UNAVAILABLE',
  'PROTECTED_INCOME_BELOW_LEGAL_FLOOR',
  'PROTECTED_INCOME_ABOVE_LEGAL_CAP',
  'PAYMENT_EXCEEDS_OUTSTANDING',
  'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM',
  'REMINDER_PERIOD_NOT_ELAPSED',
  'ALREADY_EXISTS',
  'CAPACITY_EXCEEDED',
  'MORATORIUM_ACTIVE',
  'MORATORIUM_TOO_LONG',
  // The same command id from the same organisation with another command type or payload (policy §10).
  'COMMAND_ID_REUSED',
  // The API edge: too many requests from one organisation (retry after `retryAfter` seconds).
  'RATE_LIMITED',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ValidationIssue {
  /** Field path as in the request, e.g. `input.members.0.bsn`. */
  path: string;
  reason: string;
}

export class LedgerError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'LedgerError';
    this.code = code;
    this.details = details;
  }
}

export function validationFailed(issues: ValidationIssue[]): LedgerError {
  const summary = issues.map((i) => `${i.path}: ${i.reason}`).join('; ');
  return new LedgerError('VALIDATION_FAILED', `Invalid input: ${summary}`, { issues });
}
