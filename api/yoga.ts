import { randomUUID } from 'node:crypto';
import { GraphQLError, Kind, visit, type ASTNode, type DocumentNode, type ValueNode } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { DateTime } from 'luxon';
import { ZONE } from '../domain/dates.js';
import { errorCodes, LedgerError } from '../domain/errors.js';
import type { Ledger } from '../infra/ledger.js';
import { verifyBearer, type TokenSettings } from './auth.js';
import type { Context } from './context.js';
import { createLivePubSub, publishing } from './live.js';
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

/** Each argument value in a document by its field path (`input.members.0.bsn`), for literal errors. */
function literalPaths(document: DocumentNode): Map<ASTNode, string> {
  const paths = new Map<ASTNode, string>();
  const walk = (node: ValueNode, path: string): void => {
    paths.set(node, path);
    if (node.kind === Kind.OBJECT) for (const f of node.fields) walk(f.value, `${path}.${f.name.value}`);
    if (node.kind === Kind.LIST) node.values.forEach((v, i) => walk(v, `${path}.${i}`));
  };
  visit(document, { Argument: (arg) => walk(arg.value, arg.name.value) });
  return paths;
}

/**
 * Errors graphql-js raises before any resolver runs (a variable that does not fit its type,
 * an unknown enum value, a missing field) are bad input: VALIDATION_FAILED with the field path.
 */
function inputErrorCode(error: Error, literals?: Map<ASTNode, string>): GraphQLError {
  if (!(error instanceof GraphQLError)) return apiError('VALIDATION_FAILED', error.message);
  const code = error.extensions['code'];
  if (typeof code === 'string' && knownCodes.has(code) && code !== 'VALIDATION_FAILED') return error;
  if (Array.isArray(error.extensions['issues'])) return error;
  const at = /at "([^"]+)"/.exec(error.message);
  const variable = /^Variable "\$([^"]+)"/.exec(error.message);
  const literal = error.nodes?.[0] ? literals?.get(error.nodes[0]) : undefined;
  let path = at ? at[1]!.replace(/\[(\d+)\]/g, '.$1') : (literal ?? variable?.[1]);
  const field = /Field "([^"]+)" (?:of required type .* was not provided|is not defined by type)/.exec(error.message);
  if (path !== undefined && field) path = `${path}.${field[1]}`;
  const reason = error.message.includes('; ') ? error.message.slice(error.message.indexOf('; ') + 2) : error.message;
  return new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    extensions: { code: 'VALIDATION_FAILED', ...(path ? { issues: [{ path, reason }] } : {}) },
  });
}

/** A rejection by the rules (a LedgerError from a resolver) keeps its path and gets its code. */
function ruleError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (!(original instanceof LedgerError)) return error;
  return new GraphQLError(original.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: { code: original.code, ...original.details },
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

/**
 * Gives every error its policy code: rule rejections from resolvers, and request errors (no
 * resolver ran) as VALIDATION_FAILED where they are about input.
 */
const errorCodesPlugin: Plugin = {
  onValidate({ params }) {
    return ({ result, setResult }) => {
      if (result.length === 0) return;
      const literals = literalPaths(params.documentAST);
      setResult(result.map((e) => inputErrorCode(e, literals)));
    };
  },
  onExecute() {
    return {
      onExecuteDone({ result, setResult }) {
        if (!('errors' in result) || !result.errors) return;
        // Only errors raised before any resolver ran have no path; a resolver's own errors keep theirs.
        setResult({ ...result, errors: result.errors.map((e) => (e instanceof GraphQLError && e.path !== undefined ? ruleError(e) : inputErrorCode(e))) });
      },
    };
  },
};

export function createApi(options: ApiOptions): YogaServerInstance<Record<string, never>, Context> {
  const now = options.now ?? (() => new Date());
  const pubsub = createLivePubSub();
  const ledger: Ledger = { ...options.ledger, commands: publishing(options.ledger.commands, pubsub) };
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // Yoga's own health check answers /health with an empty body before our plugin runs.
    healthCheckEndpoint: '/_yoga/health',
    landingPage: false,
    graphiql: !options.production,
    plugins: [healthPlugin(options.ledger), errorCodesPlugin],
    maskedErrors: {
      maskError(error, message) {
        if (error instanceof GraphQLError) {
          const code = error.extensions['code'];
          // Our own errors (codes from the rulebook) go out as they are.
          if (typeof code === 'string' && knownCodes.has(code)) return error;
          if (error.originalError instanceof LedgerError) return toGraphQLError(error.originalError);
          // graphql-js's own errors (syntax, unknown field) are about the request, not internal.
          if (!error.originalError || error.originalError instanceof GraphQLError) return error;
        }
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof LedgerError) return toGraphQLError(original);
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
        ledger,
        pubsub,
        requestedAt: DateTime.fromJSDate(now()).setZone(ZONE).toISO() ?? now().toISOString(),
        correlationId,
        purpose: request.headers.get('x-purpose')?.slice(0, 100) ?? null,
      };
    },
  });
}

