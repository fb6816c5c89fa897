import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../api/edge/rateLimit.js';
import { codesOf, createEdgeApi, type EdgeApi } from './support.js';
import { syntheticBsn } from '../support/api.js';

/**
 * Rate limiting per organisation (a token bucket per verified `org`): one organisation's flood
 * throttles only that organisation, with RATE_LIMITED and Retry-After; /health is never counted.
 */

describe('a token bucket', () => {
  it('allows a burst, then one request per 1/perSecond seconds', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 499;
    expect(buckets.take('a').allowed).toBe(false);
    now = 500;
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    // Never more than the burst, however long it waited.
    now = 3_600_000;
    expect([1, 2, 3, 4].map(() => buckets.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('keeps each key to itself', () => {
    const buckets = new TokenBuckets({ perSecond: 1, burst: 1 }, () => 0);
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    expect(buckets.take('b').allowed).toBe(true);
  });

  it('says how long to wait for a slow refill', () => {
    const buckets = new TokenBuckets({ perSecond: 0.1, burst: 1 }, () => 0);
    buckets.take('a');
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('holds at most its bound of buckets, dropping idle ones first, then the least recently used', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 1, burst: 2 }, () => now, 3);
    buckets.take('a');
    buckets.take('a');
    buckets.take('b');
    buckets.take('c');
    expect(buckets.size).toBe(3);
    // Nothing is idle yet: the least recently used ("a") goes.
    buckets.take('d');
    expect(buckets.size).toBe(3);
    expect(buckets.take('a').allowed).toBe(true); // a fresh bucket: "a" was forgotten
    now = 10_000; // every bucket has refilled: all idle
    buckets.take('e');
    expect(buckets.size).toBe(1);
  });

  it('refuses a limit that allows nothing', () => {
    expect(() => new TokenBuckets({ perSecond: 0, burst: 10 }, () => 0)).toThrow();
    expect(() => new TokenBuckets({ perSecond: 1, burst: 0 }, () => 0)).toThrow();
  });
});

describe('the API', () => {
  let api: EdgeApi;
  let now: number;
  const QUERY = '{ household(id: "unknown") { id } }';

  beforeEach(() => {
    now = 1_000;
    api = createEdgeApi({ rateLimit: { perSecond: 1, burst: 3 }, monotonicNow: () => now });
  });
  afterEach(async () => {
    await api.close();
  });

  it('throttles one organisation with RATE_LIMITED (429, Retry-After) and not another', async () => {
    const cjib = await api.tokenFor('CREDITOR', 'CJIB');
    const cjibColleague = await api.tokenFor('COUNSELLOR', 'CJIB');
    const duo = await api.tokenFor('CREDITOR', 'DUO');

    for (let i = 0; i < 3; i++) expect((await api.post(i === 1 ? cjibColleague : cjib, QUERY)).body).toEqual({ data: { household: null } });
    api.resetLedgerCalls();
    const throttled = await api.post(cjib, QUERY);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(codesOf(throttled.body)).toEqual(['RATE_LIMITED']);
    expect(throttled.body.errors![0]!.extensions?.['retryAfter']).toBe(1);
    expect(throttled.body.data).toBeUndefined();
    expect(api.ledgerCalls()).toBe(0);
    // The same organisation under another role shares its bucket.
    expect((await api.post(cjibColleague, QUERY)).status).toBe(429);

    // Another organisation is not affected.
    for (let i = 0; i < 3; i++) expect((await api.post(duo, QUERY)).body).toEqual({ data: { household: null } });

    // A second later CJIB has one request again.
    now += 1_000;
    expect((await api.post(cjib, QUERY)).body).toEqual({ data: { household: null } });
    expect((await api.post(cjib, QUERY)).status).toBe(429);
  });

  it('throttles mutations and subscriptions alike: every request to /graphql counts', async () => {
    const counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    const register = `mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId } }`;
    const input = (n: number) => ({ input: { commandId: `c-${n}`, composition: 'SINGLE', municipality: 'Utrecht', effectiveOn: '2025-01-01', members: [{ bsn: syntheticBsn(n), name: 'Jan', birthDate: '1985-06-15' }] } });
    for (let n = 0; n < 3; n++) expect((await api.post(counsellor, register, input(n))).body.errors).toBeUndefined();
    const events = (await api.ledger.store.readAll({ after: 0, limit: 100 })).length;
    const refused = await api.post(counsellor, register, input(3));
    expect(codesOf(refused.body)).toEqual(['RATE_LIMITED']);
    expect((await api.ledger.store.readAll({ after: 0, limit: 100 })).length).toBe(events);
  });

  it('never counts /health', async () => {
    const cjib = await api.tokenFor('CREDITOR', 'CJIB');
    for (let i = 0; i < 20; i++) {
      const health = await api.fetch('/health', { headers: { authorization: `Bearer ${cjib}` } });
      expect(health.status).toBe(200);
    }
    for (let i = 0; i < 3; i++) expect((await api.post(cjib, QUERY)).status).toBe(200);
    expect((await api.post(cjib, QUERY)).status).toBe(429);
    expect((await api.fetch('/health')).status).toBe(200);
  });

  it('puts requests without a verified organisation in one bucket of their own', async () => {
    const cjib = await api.tokenFor('CREDITOR', 'CJIB');
    for (let i = 0; i < 3; i++) expect(codesOf((await api.post(i === 0 ? 'not-a-token' : null, QUERY)).body)).toEqual(['UNAUTHENTICATED']);
    expect(codesOf((await api.post(null, QUERY)).body)).toEqual(['RATE_LIMITED']);
    expect((await api.post(cjib, QUERY)).body).toEqual({ data: { household: null } });
  });
});

describe('the default', () => {
  it('is generous enough for a burst of requests from one organisation', async () => {
    const api = createEdgeApi();
    try {
      const cjib = await api.tokenFor('CREDITOR', 'CJIB');
      const answers = await Promise.all(Array.from({ length: 200 }, () => api.post(cjib, '{ household(id: "unknown") { id } }')));
      expect(answers.every((a) => a.status === 200)).toBe(true);
    } finally {
      await api.close();
    }
  });

  it('can be turned off', async () => {
    const api = createEdgeApi({ rateLimit: false });
    try {
      const cjib = await api.tokenFor('CREDITOR', 'CJIB');
      const answers = await Promise.all(Array.from({ length: 1_100 }, () => api.post(cjib, '{ __typename }')));
      expect(answers.every((a) => a.status === 200)).toBe(true);
    } finally {
      await api.close();
    }
  });
});
