import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { YogaInitialContext } from 'graphql-yoga';
import { apiError } from '../errors.js';
import type { QueryLimits } from './settings.js';

/**
 * Limits on what one document may ask (graphql-armor): depth, cost, aliases, directives and
 * tokens. A document over a limit is refused before any resolver runs, with VALIDATION_FAILED
 * and `extensions.limit` naming the limit (`extensions.max` its value).
 */

export type LimitName = 'MAX_DEPTH' | 'MAX_COST' | 'MAX_ALIASES' | 'MAX_DIRECTIVES' | 'MAX_TOKENS' | 'MAX_BODY_BYTES';

export function limitError(limit: LimitName, max: number, message: string, httpStatus = 400): GraphQLError {
  return apiError('VALIDATION_FAILED', message, { limit, max, http: { status: httpStatus } });
}

type ArmorConfig = NonNullable<ConstructorParameters<typeof EnvelopArmor>[0]>;

/** armor's messages start "Syntax Error:" though none of these is one. */
function reason(error: GraphQLError): string {
  return error.message.replace(/^Syntax Error:\s*/, '');
}

/** A validation-time limit: reported as a validation error, so validation finishes normally. */
function reported(limit: LimitName, max: number) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        // armor always passes the validation context for these rules; without one, refuse anyway.
        if (context === null) throw limitError(limit, max, reason(error));
        context.reportError(limitError(limit, max, reason(error)));
      },
    ],
  };
}

export interface DocumentLimitOptions {
  /** Hide "Did you mean …?" in errors: the schema is not to be discovered where introspection is off. */
  hideSuggestions: boolean;
}

/** envelop plugins (validation rules and a parser), as yoga takes them. */
export type DocumentLimitPlugins = ReturnType<EnvelopArmor<YogaInitialContext>['protect']>['plugins'];

export function documentLimits(limits: QueryLimits, options: DocumentLimitOptions): DocumentLimitPlugins {
  const config: ArmorConfig = {
    blockFieldSuggestion: { enabled: options.hideSuggestions },
    maxTokens: {
      n: limits.maxTokens,
      // The parser has no validation context: the error ends parsing at once.
      propagateOnRejection: false,
      onReject: [
        (_context, error) => {
          throw limitError('MAX_TOKENS', limits.maxTokens, reason(error));
        },
      ],
    },
    maxDirectives: { n: limits.maxDirectives, ...reported('MAX_DIRECTIVES', limits.maxDirectives) },
    maxAliases: { n: limits.maxAliases, ...reported('MAX_ALIASES', limits.maxAliases) },
    // Fragments count by what they select, not as a level or a cost of their own.
    costLimit: { maxCost: limits.maxCost, flattenFragments: true, ...reported('MAX_COST', limits.maxCost) },
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ...reported('MAX_DEPTH', limits.maxDepth) },
  };
  return new EnvelopArmor<YogaInitialContext>(config).protect().plugins;
}

/**
 * yoga's own refusal of a body over `maxRequestBodySize` (413) in the words of the rulebook:
 * VALIDATION_FAILED with `limit: MAX_BODY_BYTES`, still answered with 413.
 */
export function bodySizeError(error: unknown, maxBodyBytes: number): GraphQLError | undefined {
  let current: unknown = error;
  // The refusal may arrive wrapped (a body read from a stream that went over the limit).
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof GraphQLError && current.extensions['code'] === 'REQUEST_ENTITY_TOO_LARGE') {
      return limitError('MAX_BODY_BYTES', maxBodyBytes, `The request body is larger than ${maxBodyBytes} bytes`, 413);
    }
    current = current instanceof GraphQLError ? current.originalError : current.cause;
  }
  return undefined;
}
