import { resolve } from 'node:path';
import { z } from 'zod';

/** A count the edge limits something to; unset keeps the API's default. */
const limit = z.coerce.number().int().min(1, 'must be a whole number of at least 1').optional();

/** A cache's bound in bytes or its time to live in ms; unset keeps the default. */
const cacheBytes = z.coerce.number().int().min(0, 'must be a whole number of bytes, 0 (off) or more').optional();
const cacheTtl = z.coerce.number().int().min(1, 'must be a whole number of milliseconds, at least 1').optional();

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/**
 * Start-up configuration from the environment, parsed once with zod. A bad value stops the
 * start with one line naming the variable.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  TOTAALBEELD_STORE: z.enum(['sqlite', 'postgres', 'eventstoredb']).default('sqlite'),
  TOTAALBEELD_SQLITE_COMMIT: z.enum(['thread', 'worker'], { error: 'must be thread or worker' }).default('thread'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  EVENTSTORE_URL: z.string().regex(/^(esdb|kurrentdb)(\+discover)?:\/\//, 'must be an esdb:// connection string').optional(),
  TOTAALBEELD_DATA_DIR: z.string().min(1).default('./data'),
  TOTAALBEELD_PARAMETERS: z.string().min(1).optional(),
  TOTAALBEELD_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOTAALBEELD_KEY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOTAALBEELD_JWT_ISSUER: z.string().min(1).optional(),
  TOTAALBEELD_JWT_AUDIENCE: z.string().min(1).optional(),
  TOTAALBEELD_JWKS_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  TOTAALBEELD_INTROSPECTION: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  TOTAALBEELD_LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  TOTAALBEELD_MAX_DEPTH: limit,
  TOTAALBEELD_MAX_COST: limit,
  TOTAALBEELD_MAX_ALIASES: limit,
  TOTAALBEELD_MAX_TOKENS: limit,
  TOTAALBEELD_MAX_BODY_BYTES: limit,
  TOTAALBEELD_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0, 'must be 0 (off) or more').optional(),
  TOTAALBEELD_RATE_LIMIT_BURST: limit,
  TOTAALBEELD_CACHE_COMMAND_STATES_BYTES: cacheBytes,
  TOTAALBEELD_CACHE_COMMAND_STATES_TTL_MS: cacheTtl,
  TOTAALBEELD_CACHE_OVERVIEWS_BYTES: cacheBytes,
  TOTAALBEELD_CACHE_OVERVIEWS_TTL_MS: cacheTtl,
  TOTAALBEELD_CACHE_OPENED_BYTES: cacheBytes,
  TOTAALBEELD_CACHE_OPENED_TTL_MS: cacheTtl,
  TOTAALBEELD_CACHE_TOKENS_BYTES: cacheBytes,
  TOTAALBEELD_CACHE_TOKENS_TTL_MS: cacheTtl,
  TOTAALBEELD_CACHE_KEYS_BYTES: cacheBytes,
  TOTAALBEELD_CACHE_KEYS_TTL_MS: cacheTtl,
  TOTAALBEELD_CACHE_RESPONSES_BYTES: cacheBytes,
  TOTAALBEELD_CACHE_RESPONSES_TTL_MS: cacheTtl,
  TOTAALBEELD_CACHE_RATE_LIMIT_BYTES: z.coerce.number().int().min(1024, 'must be a whole number of bytes, at least 1024').optional(),
  TOTAALBEELD_BSN_ORGS: z.string().default(''),
  TOTAALBEELD_JWT_MAX_LIFETIME: z
    .string()
    .regex(/^\d+\s*[smhd]?$/, 'must be a number of seconds, or a number with s, m, h or d (e.g. 24h)')
    .default('24h'),
});


/** How much memory a cache may hold (bytes, estimated per entry) and how long an entry lives. */
export interface CacheBound {
  /** 0 turns the cache off. */
  maxBytes: number;
  ttlMs: number;
}

/**
 * The in-memory caches and their default bounds: 106 MiB of estimated size together (the
 * documents' estimates run at about twice their real size), so the server runs in a heap of
 * 128 MB however large the households are; each is set with TOTAALBEELD_CACHE_<NAME>_BYTES and
 * _TTL_MS.
 */
export interface CacheBounds {
  /** Household states the command handler decides on without reading the stream. */
  commandStates: CacheBound;
  /** Parsed overview documents of the embedded store. */
  overviews: CacheBound;
  /** Overview documents with their personal data opened. */
  opened: CacheBound;
  /** Verified HS256 tokens; an entry never outlives its token's exp. */
  tokens: CacheBound;
  /** Unwrapped household keys; on PostgreSQL the TTL bounds how long another instance keeps an erased key. */
  keys: CacheBound;
  /** Rate-limit buckets; a bucket lives until it would have refilled (no TTL of its own). */
  rateLimit: Pick<CacheBound, 'maxBytes'>;
  /** Answers to the household overview query, per household revision, day and viewer (api/edge/responseCache.ts). */
  responses: CacheBound;
}

const MB = 1024 * 1024;
const TEN_MINUTES = 10 * 60 * 1000;

/**
 * The defaults add up to 58 MiB of estimated size, for the shipped server's 128 MB heap
 * (`npm run start:production`): with twice as much (106 MiB, before 5 December) the caches
 * filled that heap and the collector ran all the time, so the shipped server answered fewer
 * requests with more cached (BENCHMARKS.md: overview queries 1,635 → 2,080 req/s,
 * registerClaim 302 → 703 req/s at 100,000 households). Raise them with the heap.
 */
export const defaultCacheBounds: CacheBounds = {
  commandStates: { maxBytes: 16 * MB, ttlMs: TEN_MINUTES },
  overviews: { maxBytes: 12 * MB, ttlMs: TEN_MINUTES },
  opened: { maxBytes: 12 * MB, ttlMs: TEN_MINUTES },
  tokens: { maxBytes: 4 * MB, ttlMs: 60 * 60 * 1000 },
  keys: { maxBytes: 4 * MB, ttlMs: 5_000 },
  rateLimit: { maxBytes: 2 * MB },
  responses: { maxBytes: 8 * MB, ttlMs: TEN_MINUTES },
};

const SECONDS_PER_UNIT: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `24h` → 86,400; a bare number is seconds. */
export function lifetimeSeconds(value: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!match) throw new RangeError(`not a lifetime: ${value}`);
  return Number(match[1]) * SECONDS_PER_UNIT[match[2] || 's']!;
}

/** The longest token lifetime (exp − iat) accepted when nothing is configured: 24 hours. */
export const DEFAULT_JWT_MAX_LIFETIME_SECONDS = 24 * 3_600;

export interface Config {
  production: boolean;
  port: number;
  store: 'sqlite' | 'postgres' | 'eventstoredb';
  /** Where the embedded store's group commit runs: on the event loop, or on a worker thread owning the write connection. */
  sqliteCommit: 'thread' | 'worker';
  databaseUrl: string | undefined;
  eventStoreUrl: string | undefined;
  dataDir: string;
  parametersFile: string | undefined;
  /** Master secret of the households' keys; unset outside production: generated in the data directory. */
  keySecret: string | undefined;
  /** HS256 secret (unset outside production: generated); RS256 from an identity provider's JWKS. */
  jwt: {
    secret: string | undefined;
    issuer: string | undefined;
    audience: string | undefined;
    jwksUrl: string | undefined;
    /** Tokens living longer than this (exp − iat, or exp − now without iat) are refused. */
    maxLifetimeSeconds: number;
  };
  /**
   * Organisations with a legal basis to use the BSN (TOTAALBEELD_BSN_ORGS, comma-separated;
   * default none): only they may look a household up by BSN (`findHouseholds`).
   */
  bsnOrgs: string[];
  /** Serve introspection in production. */
  introspection: boolean;
  logLevel: LogLevel;
  /** Only what is set: the API keeps its defaults for the rest. */
  limits: { maxDepth?: number; maxCost?: number; maxAliases?: number; maxTokens?: number; maxBodyBytes?: number };
  /** Per organisation; `perSecond: 0` turns it off. Unset: the API's default. */
  rateLimit: { perSecond?: number; burst?: number };
  caches: CacheBounds;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Configuration error: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  // With an identity provider, production needs no secret of its own (then HS256 tokens are refused).
  if (e.NODE_ENV === 'production' && e.TOTAALBEELD_JWT_SECRET === undefined && e.TOTAALBEELD_JWKS_URL === undefined) {
    throw new ConfigError('Configuration error: TOTAALBEELD_JWT_SECRET must be set in production');
  }
  if (e.TOTAALBEELD_JWKS_URL !== undefined) {
    for (const name of ['TOTAALBEELD_JWT_ISSUER', 'TOTAALBEELD_JWT_AUDIENCE'] as const) {
      if (e[name] === undefined) throw new ConfigError(`Configuration error: ${name} must be set when TOTAALBEELD_JWKS_URL is set`);
    }
    if (e.NODE_ENV === 'production' && !e.TOTAALBEELD_JWKS_URL.startsWith('https://')) {
      throw new ConfigError('Configuration error: TOTAALBEELD_JWKS_URL must be an https:// URL in production');
    }
  }
  if (e.NODE_ENV === 'production' && e.TOTAALBEELD_KEY_SECRET === undefined) {
    throw new ConfigError('Configuration error: TOTAALBEELD_KEY_SECRET must be set in production');
  }
  const dataDir = resolve(e.TOTAALBEELD_DATA_DIR);
  const maxLifetime = lifetimeSeconds(e.TOTAALBEELD_JWT_MAX_LIFETIME);
  if (maxLifetime < 60) throw new ConfigError('Configuration error: TOTAALBEELD_JWT_MAX_LIFETIME: must be at least 60 seconds');
  if (e.TOTAALBEELD_STORE !== 'sqlite' && e.DATABASE_URL === undefined) {
    throw new ConfigError(`Configuration error: DATABASE_URL must be set when TOTAALBEELD_STORE=${e.TOTAALBEELD_STORE}`);
  }
  if (e.TOTAALBEELD_STORE === 'eventstoredb' && e.EVENTSTORE_URL === undefined) {
    throw new ConfigError('Configuration error: EVENTSTORE_URL must be set when TOTAALBEELD_STORE=eventstoredb');
  }
  return {
    production: e.NODE_ENV === 'production',
    port: e.PORT,
    store: e.TOTAALBEELD_STORE,
    sqliteCommit: e.TOTAALBEELD_SQLITE_COMMIT,
    databaseUrl: e.DATABASE_URL,
    eventStoreUrl: e.EVENTSTORE_URL,
    dataDir,
    parametersFile: e.TOTAALBEELD_PARAMETERS,
    keySecret: e.TOTAALBEELD_KEY_SECRET,
    jwt: {
      secret: e.TOTAALBEELD_JWT_SECRET,
      issuer: e.TOTAALBEELD_JWT_ISSUER,
      audience: e.TOTAALBEELD_JWT_AUDIENCE,
      jwksUrl: e.TOTAALBEELD_JWKS_URL,
      maxLifetimeSeconds: maxLifetime,
    },
    bsnOrgs: e.TOTAALBEELD_BSN_ORGS.split(',')
      .map((org) => org.trim())
      .filter((org) => org.length > 0),
    introspection: e.TOTAALBEELD_INTROSPECTION === 'true',
    logLevel: e.TOTAALBEELD_LOG_LEVEL,
    limits: definedOnly({
      maxDepth: e.TOTAALBEELD_MAX_DEPTH,
      maxCost: e.TOTAALBEELD_MAX_COST,
      maxAliases: e.TOTAALBEELD_MAX_ALIASES,
      maxTokens: e.TOTAALBEELD_MAX_TOKENS,
      maxBodyBytes: e.TOTAALBEELD_MAX_BODY_BYTES,
    }),
    rateLimit: definedOnly({ perSecond: e.TOTAALBEELD_RATE_LIMIT_PER_SECOND, burst: e.TOTAALBEELD_RATE_LIMIT_BURST }),
    caches: {
      commandStates: bound(defaultCacheBounds.commandStates, e.TOTAALBEELD_CACHE_COMMAND_STATES_BYTES, e.TOTAALBEELD_CACHE_COMMAND_STATES_TTL_MS),
      overviews: bound(defaultCacheBounds.overviews, e.TOTAALBEELD_CACHE_OVERVIEWS_BYTES, e.TOTAALBEELD_CACHE_OVERVIEWS_TTL_MS),
      opened: bound(defaultCacheBounds.opened, e.TOTAALBEELD_CACHE_OPENED_BYTES, e.TOTAALBEELD_CACHE_OPENED_TTL_MS),
      tokens: bound(defaultCacheBounds.tokens, e.TOTAALBEELD_CACHE_TOKENS_BYTES, e.TOTAALBEELD_CACHE_TOKENS_TTL_MS),
      keys: bound(defaultCacheBounds.keys, e.TOTAALBEELD_CACHE_KEYS_BYTES, e.TOTAALBEELD_CACHE_KEYS_TTL_MS),
      rateLimit: { maxBytes: e.TOTAALBEELD_CACHE_RATE_LIMIT_BYTES ?? defaultCacheBounds.rateLimit.maxBytes },
      responses: bound(defaultCacheBounds.responses, e.TOTAALBEELD_CACHE_RESPONSES_BYTES, e.TOTAALBEELD_CACHE_RESPONSES_TTL_MS),
    },
  };
}

function bound(fallback: CacheBound, maxBytes: number | undefined, ttlMs: number | undefined): CacheBound {
  return { maxBytes: maxBytes ?? fallback.maxBytes, ttlMs: ttlMs ?? fallback.ttlMs };
}

/** Leaves out what is unset (`exactOptionalPropertyTypes`: absent, not undefined). */
function definedOnly<T extends Record<string, number | undefined>>(values: T): { [K in keyof T]?: number } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: number };
}
