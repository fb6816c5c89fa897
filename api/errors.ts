import { GraphQLError } from 'graphql';
import { LedgerError, type ErrorCode, type ValidationIssue } from '../domain/errors.js';

/** The one place where rejections become GraphQL errors with `extensions.code` (policy §9). */
export function toGraphQLError(error: LedgerError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });
}

export function apiError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

/** Standard-schema issue paths to our field paths: ['members', 0, 'bsn'] under `input` → `input.members.0.bsn`. */
export function issuesToValidationError(
  issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> | undefined }>,
  prefix: string,
): GraphQLError {
  const mapped: ValidationIssue[] = issues.map((issue) => {
    const segments = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p));
    return { path: [prefix, ...segments].filter((s) => s.length > 0).join('.'), reason: issue.message };
  });
  const summary = mapped.map((i) => `${i.path}: ${i.reason}`).join('; ');
  return apiError('VALIDATION_FAILED', `Invalid input: ${summary}`, { issues: mapped });
}

/** A plain error carrying extensions: graphql-js keeps them when it wraps scalar parse errors. */
export class ScalarInputError extends Error {
  readonly extensions: { code: 'VALIDATION_FAILED'; reason: string };
  constructor(reason: string) {
    super(reason);
    this.extensions = { code: 'VALIDATION_FAILED', reason };
  }
}
