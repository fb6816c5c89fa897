import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { IncomingMessage } from 'node:http';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
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

/** As yoga's own limit refuses a body (bodySizeError above turns it into the rulebook's words). */
function bodyTooLarge(): GraphQLError {
  return new GraphQLError('Request body too large', { extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' } });
}

/** Only one non-negative integer is a Content-Length (no list, no sign: request smuggling). */
const CONTENT_LENGTH = /^\d+$/;

/**
 * The limit on a request body, as yoga's `maxRequestBodySize` (which createApi turns off for
 * this): a Content-Length over the limit is refused before the body is read, an invalid one
 * with 400, and a body of unknown length is counted as it is read. Yoga also counts a body whose
 * Content-Length it has checked, piping every body through a stream and a second Request (4 %
 * of the server's CPU under small queries, and garbage): a body that Node's HTTP server reads
 * is never longer than its Content-Length (the parser reads exactly that many bytes), so such
 * a body is taken as it is. A request built in process (`yoga.fetch`) may announce a length it
 * does not have: its body is counted.
 */
export function bodySizeLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, serverContext, fetchAPI }) {
      const announced = request.headers.get('content-length');
      if (announced !== null) {
        if (!CONTENT_LENGTH.test(announced)) {
          throw new GraphQLError('Content-Length header is invalid.', { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });
        }
        if (Number(announced) > limit) throw bodyTooLarge();
        if ((serverContext as { req?: unknown }).req instanceof IncomingMessage) return;
      }
      if (requestParser === undefined || request.body === null) return;
      const parse = requestParser;
      setRequestParser((req) => parse(counted(req, limit, fetchAPI)));
    },
  };
}

/** The request with a body that fails once more than `limit` bytes have been read (yoga's way). */
function counted(request: Request, limit: number, fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream }): Request {
  const body = request.body;
  if (!body) return request;
  // A native stream takes only a native TransformStream (graphql-yoga issue 4583).
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let read = 0;
  const limited = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        if (read > limit) {
          controller.error(bodyTooLarge());
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body: limited, duplex: 'half' } as RequestInit);
}
