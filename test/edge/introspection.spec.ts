import { getIntrospectionQuery } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { codesOf, createEdgeApi, type EdgeApi } from './support.js';

/**
 * Introspection: open outside production (GraphiQL); in production refused unless enabled
 * (TOTAALBEELD_INTROSPECTION=true). Where it is refused, "Did you mean …?" does not give the
 * schema away either. Masked errors stay as they were.
 */

let api: EdgeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const SCHEMA = '{ __schema { queryType { name } } }';
const TYPE = '{ __type(name: "Household") { fields { name } } }';

describe('in production', () => {
  it('refuses __schema and __type with VALIDATION_FAILED, before any resolver, for every caller', async () => {
    api = createEdgeApi({ production: true });
    const ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
    for (const token of [null, ombudsman]) {
      for (const query of [SCHEMA, TYPE, getIntrospectionQuery()]) {
        const answer = await api.post(token, query);
        // One error per field of an introspection type (`__schema`, then `queryType`, …).
        const codes = codesOf(answer.body);
        expect(codes.length, query).toBeGreaterThan(0);
        expect(new Set(codes), query).toEqual(new Set(['VALIDATION_FAILED']));
        expect(answer.body.errors![0]!.message).toMatch(/introspection has been disabled/);
        expect(answer.body.data).toBeUndefined();
      }
    }
    expect(api.ledgerCalls()).toBe(0);
  });

  it('still answers __typename and ordinary queries', async () => {
    api = createEdgeApi({ production: true });
    const ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
    expect((await api.post(ombudsman, '{ __typename household(id: "unknown") { id } }')).body).toEqual({ data: { __typename: 'Query', household: null } });
  });

  it('hides field suggestions', async () => {
    api = createEdgeApi({ production: true });
    const answer = await api.post(null, '{ househol(id: "x") { id } }');
    expect(codesOf(answer.body)).toEqual(['VALIDATION_FAILED']);
    expect(answer.body.errors![0]!.message).not.toContain('household');
    expect(answer.body.errors![0]!.message).not.toMatch(/did you mean/i);
  });

  it('serves introspection when enabled (TOTAALBEELD_INTROSPECTION=true)', async () => {
    api = createEdgeApi({ production: true, introspection: true });
    expect((await api.post(null, SCHEMA)).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const full = await api.post(null, getIntrospectionQuery());
    expect(full.body.errors).toBeUndefined();
    expect(full.body.data.__schema.types.length).toBeGreaterThan(10);
  });
});

describe('outside production', () => {
  it('serves introspection, and suggests field names', async () => {
    api = createEdgeApi({ production: false });
    expect((await api.post(null, SCHEMA)).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    expect((await api.post(null, TYPE)).body.errors).toBeUndefined();
    const typo = await api.post(null, '{ househol(id: "x") { id } }');
    expect(typo.body.errors![0]!.message).toContain('Did you mean "household"');
  });
});

describe('masked errors (unchanged)', () => {
  it('answers an internal failure as INTERNAL_SERVER_ERROR without its message, and reports it to the server only', async () => {
    const reported: unknown[] = [];
    api = createEdgeApi({ logError: (error) => reported.push(error) });
    const ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
    // Break the read model underneath the API: the next read throws a plain Error.
    const overviews = api.ledger.overviews as unknown as Record<string, unknown>;
    const original = overviews['read'];
    overviews['read'] = () => {
      throw new Error('disk on fire at /var/lib/secret-path');
    };
    try {
      const answer = await api.post(ombudsman, '{ household(id: "any") { id } }');
      expect(codesOf(answer.body)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(JSON.stringify(answer.body)).not.toContain('disk on fire');
      expect(JSON.stringify(answer.body)).not.toContain('secret-path');
      expect(reported.map((e) => (e as Error).message)).toEqual(['disk on fire at /var/lib/secret-path']);
    } finally {
      overviews['read'] = original;
    }
  });
});
