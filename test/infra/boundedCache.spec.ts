import { describe, expect, it } from 'vitest';
import { boundedCache } from '../../infra/boundedCache.js';
import { ConfigError, defaultCacheBounds, loadConfig } from '../../infra/config.js';

/** The caches' common bound (lru-cache with maxSize in bytes and a TTL) and its configuration. */

describe('a bounded cache', () => {
  const bytesOf = (value: string) => value.length;

  it('keeps entries while their sizes add up to at most maxBytes, dropping the least recently used', () => {
    const cache = boundedCache<string>({ maxBytes: 100 }, { bytesOf })!;
    cache.set('a', 'x'.repeat(40));
    cache.set('b', 'x'.repeat(40));
    cache.get('a'); // used again: b is now the least recently used
    cache.set('c', 'x'.repeat(40));
    expect([...cache.keys()].sort()).toEqual(['a', 'c']);
    expect(cache.calculatedSize).toBe(80);
  });

  it('does not keep an entry larger than the whole bound, and drops the older copy it replaces', () => {
    const cache = boundedCache<string>({ maxBytes: 100 }, { bytesOf })!;
    cache.set('a', 'small');
    cache.set('a', 'x'.repeat(101));
    expect(cache.has('a')).toBe(false);
  });

  it('bounds the count as well when asked', () => {
    const cache = boundedCache<string>({ maxBytes: 1_000, maxEntries: 2 }, { bytesOf })!;
    for (const key of ['a', 'b', 'c']) cache.set(key, key);
    expect(cache.size).toBe(2);
  });

  it('never hands out an entry at or after its TTL, on the clock it is given (also one starting at 0)', () => {
    let now = 0;
    const cache = boundedCache<string>({ maxBytes: 100, ttlMs: 2_000 }, { bytesOf, clock: () => now })!;
    cache.set('a', 'value');
    now = 1_999;
    expect(cache.get('a')).toBe('value');
    now = 2_000;
    expect(cache.get('a')).toBeUndefined();
  });

  it('renews an entry on each read when asked (idle expiry)', () => {
    let now = 10;
    const cache = boundedCache<string>({ maxBytes: 100, ttlMs: 1_000 }, { bytesOf, clock: () => now, renewOnRead: true })!;
    cache.set('a', 'value');
    now = 900;
    expect(cache.get('a')).toBe('value');
    now = 1_800;
    expect(cache.get('a')).toBe('value');
    now = 2_800;
    expect(cache.get('a')).toBeUndefined();
  });

  it('is off (null) with a bound of 0 bytes or 0 entries, and refuses a bound that is no whole number', () => {
    expect(boundedCache<string>({ maxBytes: 0 }, { bytesOf })).toBeNull();
    expect(boundedCache<string>({ maxBytes: 100, maxEntries: 0 }, { bytesOf })).toBeNull();
    expect(() => boundedCache<string>({ maxBytes: -1 }, { bytesOf })).toThrow(RangeError);
    expect(() => boundedCache<string>({ maxBytes: 100, ttlMs: 0 }, { bytesOf })).toThrow(RangeError);
  });
});

describe('the caches’ configuration', () => {
  const env = { TOTAALBEELD_DATA_DIR: '/tmp/totaalbeeld-config-test' };

  it('has a byte bound and a TTL for each cache by default', () => {
    expect(loadConfig(env).caches).toEqual(defaultCacheBounds);
    expect(defaultCacheBounds.keys.ttlMs).toBe(5_000);
  });

  it('takes each bound and TTL from its variable', () => {
    const caches = loadConfig({
      ...env,
      TOTAALBEELD_CACHE_COMMAND_STATES_BYTES: '1000',
      TOTAALBEELD_CACHE_COMMAND_STATES_TTL_MS: '2000',
      TOTAALBEELD_CACHE_OVERVIEWS_BYTES: '0',
      TOTAALBEELD_CACHE_OPENED_TTL_MS: '3000',
      TOTAALBEELD_CACHE_TOKENS_BYTES: '4000',
      TOTAALBEELD_CACHE_KEYS_TTL_MS: '1000',
      TOTAALBEELD_CACHE_RATE_LIMIT_BYTES: '65536',
      TOTAALBEELD_CACHE_RESPONSES_BYTES: '0',
    }).caches;
    expect(caches).toEqual({
      commandStates: { maxBytes: 1_000, ttlMs: 2_000 },
      overviews: { maxBytes: 0, ttlMs: defaultCacheBounds.overviews.ttlMs },
      opened: { maxBytes: defaultCacheBounds.opened.maxBytes, ttlMs: 3_000 },
      tokens: { maxBytes: 4_000, ttlMs: defaultCacheBounds.tokens.ttlMs },
      keys: { maxBytes: defaultCacheBounds.keys.maxBytes, ttlMs: 1_000 },
      rateLimit: { maxBytes: 65_536 },
      responses: { maxBytes: 0, ttlMs: defaultCacheBounds.responses.ttlMs },
    });
  });

  it.each([
    ['TOTAALBEELD_CACHE_OVERVIEWS_BYTES', '-1'],
    ['TOTAALBEELD_CACHE_OPENED_BYTES', '1.5'],
    ['TOTAALBEELD_CACHE_KEYS_TTL_MS', '0'],
    ['TOTAALBEELD_CACHE_RATE_LIMIT_BYTES', '10'],
  ])('a bad %s stops the start naming the variable', (name, value) => {
    expect(() => loadConfig({ ...env, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, [name]: value })).toThrow(new RegExp(`^Configuration error: ${name}: `));
  });
});
