import { performance } from 'node:perf_hooks';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import pino, { type Logger } from 'pino';
import { LedgerError } from '../domain/errors.js';
import type { Ledger } from '../infra/ledger.js';
import { defaultCacheBounds, type CacheBounds } from '../infra/config.js';
import { createTokenVerifier, type TokenSettings } from './auth.js';
import type { Context, LedgerServices } from './context.js';
import { csrfPrevention } from './edge/csrf.js';
import { bodySizeError, bodySizeLimit, documentLimits } from './edge/limits.js';
import { pageSizeLimit } from './edge/pageSize.js';
import { rateLimitPlugin } from './edge/rateLimit.js';
import { requestLogPlugin, yogaLogger } from './edge/requestLog.js';
import { requestStates } from './edge/requestState.js';
import { instantInAmsterdam } from './edge/requestedAt.js';
import { renderLocalGraphiQL, webPlugin, type OidcSettings } from './edge/web.js';
import { defaultQueryLimits, defaultRateLimit, type QueryLimits, type RateLimit } from './edge/settings.js';
import { createLivePubSub, publishing } from './live.js';
import { createResponseCache, forgetting } from './edge/responseCache.js';
import { errorCodesPlugin, maskedError, toGraphQLError } from './errors.js';
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
  /** Bounds of the edge's caches (verified tokens, rate-limit buckets, answers); the defaults when absent. */
  caches?: (Pick<CacheBounds, 'tokens' | 'rateLimit'> & Partial<Pick<CacheBounds, 'responses'>>) | undefined;
  /** The web app's sign-in with an identity provider (OpenID Connect); unset: development sign-in only. */
  oidc?: OidcSettings | undefined;
  /** Where the built web app is served from; default web/dist. */
  webDistDir?: string | undefined;
  /** Organisations that may look households up by BSN (TOTAALBEELD_BSN_ORGS); default none. */
  bsnOrgs?: readonly string[] | undefined;
}

const GRAPHQL_ENDPOINT = '/graphql';

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
  const responses = createResponseCache((options.caches ?? defaultCacheBounds).responses ?? defaultCacheBounds.responses, { queries, keys: vault.keys });
  // Named one by one: the context gets commands and queries, never the store or the read models.
  const ledger: LedgerServices = {
    // A command drops the household's cached answers at once (a new revision would miss them anyway).
    commands: forgetting(publishing(options.ledger.commands, pubsub), responses),
    queries,
    households,
    registrations,
    vault,
    audit,
    parameters,
  };
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
    // Our own (api/edge/limits.ts bodySizeLimit): the same limit without a stream per request.
    maxRequestBodySize: false,
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
      // After the checks of the variables (pageSizeLimit, errorCodesPlugin): a hit skips only the execution.
      ...(responses ? [responses.plugin] : []),
      // Last, as yoga places its own: it wraps whichever request parser the plugins before chose.
      bodySizeLimit(limits.maxBodyBytes),
    ],
    maskedErrors: {
      maskError: (error, message) => bodySizeError(error, limits.maxBodyBytes) ?? maskedError(error, message, options.logError),
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
        requestedAt: instantInAmsterdam(now()),
        correlationId: state.correlationId,
        purpose: request.headers.get('x-purpose')?.slice(0, 100) ?? null,
        bsnOrgs,
        forgetAnswers: (householdId) => responses?.forget(householdId),
      };
    },
  });
}

/** `{ maxDepth: undefined }` keeps the default rather than turning it off. */
function definedOnly<T extends object>(partial: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined)) as Partial<T>;
}
