import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { DateTime } from 'luxon';
import { ZONE } from '../domain/dates.js';
import { errorCodes, LedgerError } from '../domain/errors.js';
import type { Ledger } from '../infra/ledger.js';
import { verifyBearer, type TokenSettings } from './auth.js';
import type { Context } from './context.js';
import { apiError, toGraphQLError } from './errors.js';
import { schema } from './schema/index.js';

export interface ApiOptions {
  ledger: Ledger;
  tokens: TokenSettings;
  production: boolean;
  /** The clock; tests pin it. */
  now?: () => Date;
  /** Where internal errors are reported (never to the client). */
  logError?: (error: unknown) => void;
}

const knownCodes = new Set<string>(errorCodes);
const MAX_CORRELATION_ID = 100;

/**
 * Errors graphql-js raises before any resolver runs (a variable that does not fit its type,
 * an unknown enum value, a missing field) are bad input: VALIDATION_FAILED with the field path.
 */
function inputErrorCode(error: Error): GraphQLError {
  if (!(error instanceof GraphQLError)) return apiError('VALIDATION_FAILED', error.message);
  const code = error.extensions['code'];
  if (typeof code === 'string' && knownCodes.has(code) && code !== 'VALIDATION_FAILED') return error;
  if (Array.isArray(error.extensions['issues'])) return error;
  const at = /at "([^"]+)"/.exec(error.message);
  const path = at ? at[1]!.replace(/\[(\d+)\]/g, '.$1') : undefined;
  const reason = error.message.includes('; ') ? error.message.slice(error.message.indexOf('; ') + 2) : error.message;
  return new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    extensions: { code: 'VALIDATION_FAILED', ...(path ? { issues: [{ path, reason }] } : {}) },
  });
}

/** Adds `/health`, answering 200 with the store in use. */
function healthPlugin(ledger: Ledger): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/health') {
        endResponse(
          new fetchAPI.Response(JSON.stringify({ status: 'ok', store: ledger.store.kind }), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
        );
      }
    },
  };
}

/** Marks request errors (no resolver ran) as VALIDATION_FAILED where they are about input. */
const inputErrorsPlugin: Plugin = {
  onValidate() {
    return ({ result, setResult }) => {
      if (result.length > 0) setResult(result.map(inputErrorCode));
    };
  },
  onExecute() {
    return {
      onExecuteDone({ result, setResult }) {
        if (!('errors' in result) || !result.errors || 'data' in result && result.data !== undefined && result.data !== null) return;
        setResult({ ...result, errors: result.errors.map(inputErrorCode) });
      },
    };
  },
};

export function createApi(options: ApiOptions): YogaServerInstance<Record<string, never>, Context> {
  const now = options.now ?? (() => new Date());
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: !options.production,
    plugins: [healthPlugin(options.ledger), inputErrorsPlugin],
    maskedErrors: {
      maskError(error, message) {
        if (error instanceof GraphQLError && error.path === undefined) {
          // A request error (no resolver ran): keep it when it carries one of our codes.
          const code = error.extensions['code'];
          if (typeof code === 'string' && knownCodes.has(code)) {
            return new GraphQLError(error.message, { ...(error.nodes ? { nodes: error.nodes } : {}), extensions: error.extensions });
          }
        }
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof LedgerError) return toGraphQLError(original);
        if (original instanceof GraphQLError) return original;
        if (error instanceof GraphQLError) {
          const code = error.extensions['code'];
          // Our own errors and graphql-js's input errors carry a code; anything else is internal.
          if (typeof code === 'string' && knownCodes.has(code)) {
            return new GraphQLError(error.message, { ...(error.nodes ? { nodes: error.nodes } : {}), ...(error.path ? { path: error.path } : {}), extensions: error.extensions });
          }
          if (!original) return error;
        }
        options.logError?.(original ?? error);
        return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
    },
    context: async ({ request }): Promise<Context> => {
      let actor;
      try {
        actor = await verifyBearer(request.headers.get('authorization'), options.tokens);
      } catch (error) {
        if (error instanceof LedgerError) throw toGraphQLError(error);
        throw error;
      }
      const supplied = request.headers.get('x-correlation-id');
      const correlationId = supplied && supplied.length <= MAX_CORRELATION_ID ? supplied : randomUUID();
      return {
        actor,
        ledger: options.ledger,
        requestedAt: DateTime.fromJSDate(now()).setZone(ZONE).toISO() ?? now().toISOString(),
        correlationId,
      };
    },
  });
}

