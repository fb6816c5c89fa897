import { LRUCache } from 'lru-cache';

/** A cache's bound: its memory in bytes (0: no cache) and how long an entry lives. */
export interface CacheLimits {
  maxBytes: number;
  /** Unset: entries live until they are evicted. */
  ttlMs?: number | undefined;
  /** At most this many entries as well, whatever their size. */
  maxEntries?: number | undefined;
}

export interface BoundedCacheOptions<V> {
  /** An honest estimate of the bytes an entry holds in memory (its key included). */
  bytesOf: (value: V, key: string) => number;
  /** Milliseconds for the TTL; performance.now() unless a test drives it. */
  clock?: (() => number) | undefined;
  /** A read makes the entry live another TTL (idle expiry) instead of counting from its write. */
  renewOnRead?: boolean;
}

/**
 * An LRU cache (lru-cache) bounded in bytes, by `maxBytes` with each entry's estimated size, so
 * a few very large households cannot take the heap the way a count bound lets them; an entry
 * larger than the whole bound is simply not kept. Null when the bound is 0: the cache is off.
 *
 * lru-cache counts an entry stale once its age *exceeds* the TTL; the TTL handed to it is one
 * millisecond less, so an entry is never used at or after `ttlMs` (the bound this project
 * documents, e.g. for erased keys on other instances).
 */
export function boundedCache<V extends {}>(limits: CacheLimits, options: BoundedCacheOptions<V>): LRUCache<string, V> | null {
  const { maxBytes, ttlMs, maxEntries } = limits;
  if (!Number.isInteger(maxBytes) || maxBytes < 0) throw new RangeError(`a cache bound must be a whole number of bytes >= 0, not ${maxBytes}`);
  if (ttlMs !== undefined && !(Number.isInteger(ttlMs) && ttlMs >= 1)) throw new RangeError(`a cache TTL must be a whole number of ms >= 1, not ${ttlMs}`);
  if (maxEntries !== undefined && !(Number.isInteger(maxEntries) && maxEntries >= 0)) throw new RangeError(`a cache's entry bound must be a whole number >= 0, not ${maxEntries}`);
  if (maxBytes === 0 || maxEntries === 0) return null;
  const clock = options.clock;
  return new LRUCache<string, V>({
    maxSize: maxBytes,
    sizeCalculation: (value, key) => Math.max(1, Math.ceil(options.bytesOf(value, key))),
    ...(maxEntries !== undefined ? { max: maxEntries } : {}),
    ...(ttlMs !== undefined ? { ttl: Math.max(1, ttlMs - 1), updateAgeOnGet: options.renewOnRead ?? false, ttlResolution: 0 } : {}),
    // lru-cache takes a start time of 0 for "no TTL": a clock that starts at 0 (tests) is moved on by 1 ms.
    ...(clock ? { perf: { now: () => clock() + 1 } } : {}),
  });
}

/** Bytes of a string in memory (UTF-16). */
export function stringBytes(text: string): number {
  return text.length * 2;
}
