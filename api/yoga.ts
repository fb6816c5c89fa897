import { performance } from 'node:perf_hooks';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError, Kind, visit, type ASTNode, type DocumentNode, type ValueNode } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { DateTime } from 'luxon';
import pino, { type Logger } from 'pino';
import { ZONE } from '../domain/dates.js';
import { errorCodes, LedgerError } from '../domain/errors.js';
import { HouseholdErasedError } from '../infra/crypto/keyStore.js';
import type { Ledger } from '../infra/ledger.js';
import { defaultCacheBounds, type CacheBounds } from '../infra/config.js';
import { createTokenVerifier, type TokenSettings } from './auth.js';
import type { Context, LedgerServices } from './context.js';
import { csrfPrevention } from './edge/csrf.js';
import { bodySizeError, documentLimits } from './edge/limits.js';
import { pageSizeLimit } from './edge/pageSize.js';
import { rateLimitPlugin } from './edge/rateLimit.js';
import { requestLogPlugin, yogaLogger } from './edge/requestLog.js';
import { requestStates } from './edge/requestState.js';
import { renderLocalGraphiQL, webPlugin, type OidcSettings } from './edge/web.js';
import { defaultQueryLimits, defaultRateLimit, type QueryLimits, type RateLimit } from './edge/settings.js';
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
  /** Limits on documents and request bodies; each one not given keeps its default. */
  limits?: Partial<QueryLimits> | undefined;
  /** Requests per organisation (token bucket), or false for none; default: defaultRateLimit. */
  rateLimit?: RateLimit | false | undefined;
  /** Serve introspection in production too (TOTAALBEELD_INTROSPECTION=true); outside production it always is. */
  introspection?: boolean | undefined;
  /** The request log (one line per request); default: none. */
  logger?: Logger | undefined;
  /** Monotonic milliseconds for the rate limiter and durations (not the business clock). */
  monotonicNow?: (() => number) | undefined;
  /** Bounds of the edge's caches (verified tokens, rate-limit buckets); the defaults when absent. */
  caches?: Pick<CacheBounds, 'tokens' | 'rateLimit'> | undefined;
  /** The web app's sign-in with an identity provider (OpenID Connect); unset: development sign-in only. */
  oidc?: OidcSettings | undefined;
  /** Where the built web app is served from; default web/dist. */
  webDistDir?: string | undefined;
  /** Organisations that may look households up by BSN (TOTAALBEELD_BSN_ORGS); default none. */
  bsnOrgs?: readonly string[] | undefined;
}

const knownCodes = new Set<string>(errorCodes);
const GRAPHQL_ENDPOINT = '/graphql';

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
  // A document over one of the edge's limits: it names the limit, not a field.
  if (code === 'VALIDATION_FAILED' && typeof error.extensions['limit'] === 'string') return error;
  const at = /at "([^"]+)"/.exec(error.message);
  const variable = /^Variable "\$([^"]+)"/.exec(error.message);
  const literal = error.nodes?.[0] ? literals?.get(error.nodes[0]) : undefined;
  let path = at ? at[1]!.replace(/\[(\d+)\]/g, '.$1') : (literal ?? variable?.[1]);
  const field = /Field "([^"]+)" (?:of required type .* was not provided|is not defined by type)/.exec(error.message);
  // In a literal graphql-js names the field with its type ("RegisterHouseholdInput.composition").
  if (path !== undefined && field) path = `${path}.${field[1]!.slice(field[1]!.lastIndexOf('.') + 1)}`;
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

/**
 * Adds `/health`, answering 200 with the store in use and the serving process's id (so a
 * restart can be seen to have taken effect: the answer comes from the new process).
 */
function healthPlugin(ledger: Ledger): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/health') {
        endResponse(
          new fetchAPI.Response(JSON.stringify({ status: 'ok', store: ledger.store.kind, pid: process.pid }), {
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
  const monotonicNow = options.monotonicNow ?? (() => performance.now());
  const limits: QueryLimits = { ...defaultQueryLimits, ...definedOnly(options.limits ?? {}) };
  const rateLimit = options.rateLimit ?? defaultRateLimit;
  const logger = options.logger ?? pino({ level: 'silent' });
  // Outside production the schema is open (GraphiQL); in production only when asked for.
  const introspectionOff = options.production && options.introspection !== true;
  const pubsub = createLivePubSub();
  const { queries, households, registrations, vault, audit, parameters } = options.ledger;
  // Named one by one: the context gets commands and queries, never the store or the read models.
  const ledger: LedgerServices = { commands: publishing(options.ledger.commands, pubsub), queries, households, registrations, vault, audit, parameters };
  const bsnOrgs: ReadonlySet<string> = new Set(options.bsnOrgs ?? []);
  const states = requestStates(createTokenVerifier(options.tokens, { cache: (options.caches ?? defaultCacheBounds).tokens }), monotonicNow);
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    // Yoga's own health check answers /health with an empty body before our plugin runs.
    healthCheckEndpoint: '/_yoga/health',
    landingPage: false,
    graphiql: !options.production,
    renderGraphiQL: renderLocalGraphiQL,
    maxRequestBodySize: limits.maxBodyBytes,
    logging: yogaLogger(logger),
    plugins: [
      // /health first: never logged, limited or checked.
      healthPlugin(options.ledger),
      webPlugin(
        { production: options.production, secret: options.tokens.secret, issuer: options.tokens.issuer, audience: options.tokens.audience, oidc: options.oidc, distDir: options.webDistDir },
        GRAPHQL_ENDPOINT,
      ),
      requestLogPlugin(logger, states, GRAPHQL_ENDPOINT, monotonicNow),
      ...(rateLimit === false ? [] : [rateLimitPlugin(rateLimit, states, GRAPHQL_ENDPOINT, monotonicNow, (options.caches ?? defaultCacheBounds).rateLimit.maxBytes)]),
      csrfPrevention(),
      ...(introspectionOff ? [useDisableIntrospection({ isDisabled: () => true })] : []),
      ...documentLimits(limits, { hideSuggestions: introspectionOff }),
      pageSizeLimit(),
      errorCodesPlugin,
    ],
    maskedErrors: {
      maskError(error, message) {
        const tooLarge = bodySizeError(error, limits.maxBodyBytes);
        if (tooLarge) return tooLarge;
        if (error instanceof GraphQLError) {
          const code = error.extensions['code'];
          // yoga's codes for a body that is no GraphQL request or a document that does not parse:
          // bad input (policy §9), with the HTTP status yoga chose and nothing of the parser's internals.
          if (code === 'BAD_REQUEST' || code === 'GRAPHQL_PARSE_FAILED') return requestError(error);
          // Our own errors (codes from the rulebook) go out as they are.
          if (typeof code === 'string' && knownCodes.has(code)) return error;
          if (error.originalError instanceof LedgerError) return toGraphQLError(error.originalError);
          // graphql-js's own errors (syntax, unknown field) are about the request, not internal.
          if (!error.originalError || error.originalError instanceof GraphQLError) return error;
        }
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof LedgerError) return toGraphQLError(original);
        // The household's key is gone: its personal data can no longer be read or written.
        if (original instanceof HouseholdErasedError) return apiError('FORBIDDEN', 'The household\u2019s personal data was erased');
        options.logError?.(original ?? error);
        return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
    },
    context: async ({ request }): Promise<Context> => {
      const state = states.of(request);
      let actor;
      try {
        actor = await state.actor();
      } catch (error) {
        // A token that does not verify (bad, expired, another issuer): 401, whatever the Accept header.
        if (error instanceof LedgerError && error.code === 'UNAUTHENTICATED') {
          const refused = toGraphQLError(error);
          throw new GraphQLError(refused.message, {
            extensions: { ...refused.extensions, http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
          });
        }
        if (error instanceof LedgerError) throw toGraphQLError(error);
        throw error;
      }
      return {
        actor,
        ledger,
        pubsub,
        requestedAt: DateTime.fromJSDate(now()).setZone(ZONE).toISO() ?? now().toISOString(),
        correlationId: state.correlationId,
        purpose: request.headers.get('x-purpose')?.slice(0, 100) ?? null,
        bsnOrgs,
      };
    },
  });
}

/** A request that is not well-formed GraphQL over HTTP: VALIDATION_FAILED, keeping yoga's 4xx status. */
function requestError(error: GraphQLError): GraphQLError {
  // A body that is not JSON at all is a bad request also for a client that accepts only
  // application/json (yoga would answer that one 200): 400.
  // yoga marks its own status as "spec", which it drops for application/json: ours is not.
  const http = error.extensions['code'] === 'BAD_REQUEST' ? { status: 400 } : error.extensions['http'];
  return new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    extensions: { code: 'VALIDATION_FAILED', issues: [{ path: 'request', reason: error.message }], ...(http ? { http } : {}) },
  });
}

/** `{ maxDepth: undefined }` keeps the default rather than turning it off. */
function definedOnly<T extends object>(partial: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined)) as Partial<T>;
}
