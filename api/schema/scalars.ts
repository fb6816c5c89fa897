import { Kind } from 'graphql';
import { isBusinessDate, isInstant } from '../../domain/dates.js';
import { builder } from '../builder.js';
import { ScalarInputError } from '../errors.js';

function cents(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new ScalarInputError('must be a whole number of cents');
  return value;
}

function date(value: unknown): string {
  if (typeof value !== 'string' || !isBusinessDate(value)) throw new ScalarInputError('must be a calendar date yyyy-mm-dd');
  return value;
}

function dateTime(value: unknown): string {
  if (typeof value !== 'string' || !isInstant(value)) throw new ScalarInputError('must be an ISO-8601 instant with offset');
  return value;
}

builder.scalarType('Cents', {
  description: 'Integer euro cents; a JSON number that is a safe integer.',
  serialize: (v) => cents(v),
  parseValue: cents,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw new ScalarInputError('must be a whole number of cents');
    return cents(Number(ast.value));
  },
});

builder.scalarType('Date', {
  description: 'Calendar date yyyy-mm-dd (Europe/Amsterdam).',
  serialize: (v) => date(v),
  parseValue: date,
  parseLiteral: (ast) => date(ast.kind === Kind.STRING ? ast.value : undefined),
});

builder.scalarType('DateTime', {
  description: 'Instant, ISO-8601 with offset.',
  serialize: (v) => dateTime(v),
  parseValue: dateTime,
  parseLiteral: (ast) => dateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});
