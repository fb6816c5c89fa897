import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../../domain/errors.js';
import type { RateLimit } from './settings.js';
import type { RequestStates } from './requestState.js';
import type { LRUCache } from 'lru-cache';
import { boundedCache, stringBytes } from '../../infra/boundedCache.js';
import { defaultCacheBounds } from '../../infra/config.js';

/**
 * Rate limiting per organisation: a token bucket per verified `org`, in the memory of this API
 * instance (behind a balancer, each instance allows the rate). One organisation's runaway
 * client throttles only that organisation; requests without a valid token share one bucket.
 */

export type Decision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  /** Milliseconds on the limiter's clock when `tokens` was last brought up to date. */
  at: number;
}

/** At most this many buckets are kept; idle (full) ones are dropped first, then the least recently used. */
export const MAX_BUCKETS = 10_000;

/** A bucket in memory: its key (UTF-16), two numbers and the cache's entry. */
function bucketBytes(key: string): number {
  return stringBytes(key) + 64 + 200;
}

export class TokenBuckets {
  /**
   * A bucket lives (TTL) until it would have refilled completely: by then it is no different
   * from a new one. Bounded in bytes and count, least recently used first.
   */
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly maxBuckets: number;

  constructor(
    private readonly limit: RateLimit,
    /** Monotonic milliseconds (never the business clock, which tests pin). */
    private readonly clock: () => number,
    maxBuckets = MAX_BUCKETS,
    maxBytes = defaultCacheBounds.rateLimit.maxBytes,
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new Error('a rate limit needs perSecond > 0 and burst >= 1');
    if (!(maxBuckets >= 1) || !(maxBytes >= 1)) throw new Error('rate-limit buckets need room for at least one bucket');
    this.maxBuckets = maxBuckets;
    const fullAfterMs = Math.max(1, Math.ceil((limit.burst / limit.perSecond) * 1000));
    const buckets = boundedCache<Bucket>(
      { maxBytes, ttlMs: fullAfterMs, maxEntries: maxBuckets },
      { bytesOf: (_bucket, key) => bucketBytes(key), clock },
    );
    if (!buckets) throw new Error('rate-limit buckets need room for at least one bucket');
    this.buckets = buckets;
  }

  take(key: string): Decision {
    const now = this.clock();
    const bucket = this.refilled(key, now);
    // Most recently used, and its TTL starts again.
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond)) };
  }

  /** Buckets held now (for the bound's test). */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key);
    if (!bucket) {
      // Full: forget the buckets that have refilled (idle) before the least recently used.
      if (this.buckets.size >= this.maxBuckets) this.buckets.purgeStale();
      return { tokens: this.limit.burst, at: now };
    }
    const elapsedSeconds = Math.max(0, now - bucket.at) / 1000;
    return { tokens: Math.min(this.limit.burst, bucket.tokens + elapsedSeconds * this.limit.perSecond), at: now };
  }
}

const RATE_LIMITED: ErrorCode = 'RATE_LIMITED';

/** Requests without a verified organisation (no token, or a token that does not verify). */
const UNAUTHENTICATED_BUCKET = '(unauthenticated)';

/**
 * Takes a token for each request to the GraphQL endpoint before it is parsed; `/health` is
 * answered earlier and never counted. A throttled request gets 429 with Retry-After.
 */
export function rateLimitPlugin(
  limit: RateLimit,
  states: RequestStates,
  graphqlEndpoint: string,
  clock: () => number,
  maxBytes = defaultCacheBounds.rateLimit.maxBytes,
): Plugin {
  const buckets = new TokenBuckets(limit, clock, MAX_BUCKETS, maxBytes);
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== graphqlEndpoint) return;
      const state = states.of(request);
      let key = UNAUTHENTICATED_BUCKET;
      try {
        const actor = await state.actor();
        if (actor) key = `org:${actor.org}`;
      } catch {
        // A bad token: refused with UNAUTHENTICATED when the context is built; it counts here
        // against the bucket of requests without a verified organisation.
      }
      const decision = buckets.take(key);
      if (decision.allowed) return;
      state.errorCodes.push(RATE_LIMITED);
      const body = {
        errors: [
          {
            message: `Too many requests from this organisation: retry after ${decision.retryAfterSeconds} s`,
            extensions: { code: RATE_LIMITED, retryAfter: decision.retryAfterSeconds },
          },
        ],
      };
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), {
          status: 429,
          headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(decision.retryAfterSeconds) },
        }),
      );
    },
  };
}
