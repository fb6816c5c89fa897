import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFixture, DOCUMENTED_CODES, newEvents, post, seedOption } from './support.js';

process.setSourceMapsEnabled(false);

/**
 * Requests that are not well-formed GraphQL-over-HTTP at all: random bodies, JSON that is not a
 * request object, batches, wrong parameter types, and GraphQL documents with syntax errors.
 */
const STACK = /\n\s+at |\.ts:\d+|node_modules|file:\/\//;

describe('fuzzed requests', () => {
  it('malformed bodies answer 4xx JSON with VALIDATION_FAILED, no stack, and store nothing', async () => {
    const fx = await createFixture();
    try {
      const position = (await newEvents(fx, 0)).position;
      const body = fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.jsonValue().map((v) => JSON.stringify(v)).filter((t) => !t.startsWith('{')),
        fc.array(fc.record({ query: fc.constant('{ __typename }') }), { minLength: 1, maxLength: 3 }).map((v) => JSON.stringify(v)),
        fc.record({ query: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string())), variables: fc.constant({}) }).map((v) => JSON.stringify(v)),
        fc.record({ query: fc.constant('{ __typename }'), variables: fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer())) }).map((v) => JSON.stringify(v)),
        fc.string({ maxLength: 50 }).map((s) => `{"query": "${s}`),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fx.tokens), body, async (token, text) => {
          const answer = await post(fx, token, text);
          expect(answer.status, text).toBeGreaterThanOrEqual(400);
          expect(answer.status, text).toBeLessThan(500);
          expect(answer.body, answer.text).not.toBeNull();
          expect(STACK.test(answer.text), answer.text).toBe(false);
          for (const e of answer.body!.errors ?? []) {
            const code = String(e.extensions?.['code']);
            expect(DOCUMENTED_CODES.has(code), `${code} for ${text}`).toBe(true);
            expect(e.extensions?.['originalError'], text).toBeUndefined();
          }
        }),
        { numRuns: 3_000, ...seedOption('requests') },
      );
      expect((await newEvents(fx, position)).correlationIds).toEqual([]);
      expect(fx.internalErrors).toEqual([]);
    } finally {
      await fx.close();
    }
  }, 300_000);
});
