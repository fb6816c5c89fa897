import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultQueryLimits } from '../../api/edge/settings.js';
import { codesOf, createEdgeApi, registerHousehold, type EdgeApi } from './support.js';

/**
 * Limits on what one request may ask (issue 4 item 5; TIGER_STYLE "explicit limits"): a
 * document too deep, too costly, with too many aliases or tokens, or a body too large, is
 * refused with VALIDATION_FAILED naming the limit, before any resolver runs.
 */

let api: EdgeApi;
let ombudsman: string;
let householdId: string;

async function setUp(options: Parameters<typeof createEdgeApi>[0] = {}): Promise<void> {
  api = createEdgeApi(options);
  ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
  householdId = await registerHousehold(api, await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT'));
  api.resetLedgerCalls();
}

afterEach(async () => {
  await api.close();
});

/** Exactly one error, VALIDATION_FAILED for this limit; and the ledger was not touched. */
function expectRefusedBy(body: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }, limit: string): string {
  expect(codesOf(body), JSON.stringify(body.errors)).toEqual(['VALIDATION_FAILED']);
  const error = body.errors![0]!;
  expect(error.extensions?.['limit']).toBe(limit);
  expect(typeof error.extensions?.['max']).toBe('number');
  expect(body).not.toHaveProperty('data.household');
  expect(api.ledgerCalls()).toBe(0);
  return error.message;
}

describe('with the default limits', () => {
  beforeEach(async () => {
    await setUp();
  });

  it('serves an ordinary query, which touches the ledger (the spy works)', async () => {
    const answer = await api.post(ombudsman, `query ($id: ID!) { household(id: $id) { id totals { outstanding } capacity { allocations { kind } } } }`, { id: householdId });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.household.id).toBe(householdId);
    expect(api.ledgerCalls()).toBeGreaterThan(0);
  });

  it('refuses a document nested deeper than the limit, saying how deep it is', async () => {
    // The schema is at most 6 deep, so only a made-up nesting goes past 10.
    let nested = 'id';
    for (let i = 0; i < 12; i++) nested = `claims { ${nested} }`;
    const answer = await api.post(ombudsman, `query ($id: ID!) { household(id: $id) { ${nested} } }`, { id: householdId });
    const depthErrors = (answer.body.errors ?? []).filter((e) => e.extensions?.['limit'] === 'MAX_DEPTH');
    expect(depthErrors).toHaveLength(1);
    expect(depthErrors[0]!.extensions?.code).toBe('VALIDATION_FAILED');
    expect(depthErrors[0]!.message).toBe(`Query depth limit of ${defaultQueryLimits.maxDepth} exceeded, found 14.`);
    expect(answer.body.data).toBeUndefined();
    expect(api.ledgerCalls()).toBe(0);
  });

  it('refuses a query whose cost is over the limit (wide pages under many aliases), before any resolver', async () => {
    const page = (alias: string) => `${alias}: household(id: $id) { timeline(first: 100) { edges { node { revision type recordedAt } } } }`;
    // Each alias costs 2 + 1.5 × (2 + 1.5 × (2 + 1.5 × (2 + 1.5 × 3))) × 100 ≈ 2,946: ten are ≈ 29,458.
    const query = `query ($id: ID!) { ${Array.from({ length: 10 }, (_, i) => page(`h${i}`)).join(' ')} }`;
    const answer = await api.post(ombudsman, query, { id: householdId });
    expect(expectRefusedBy(answer.body, 'MAX_COST')).toMatch(/^Query Cost limit of 20000 exceeded, found 2945\d/);
    expect(answer.status).toBe(400);
    // Three of them are within the limit.
    const fewer = await api.post(ombudsman, `query ($id: ID!) { ${[0, 1, 2].map((i) => page(`h${i}`)).join(' ')} }`, { id: householdId });
    expect(fewer.body.errors).toBeUndefined();
    expect(fewer.body.data.h2.timeline.edges).toHaveLength(1);
  });

  it('refuses more aliases than the limit', async () => {
    const query = `query ($id: ID!) { ${Array.from({ length: 16 }, (_, i) => `a${i}: household(id: $id) { id }`).join(' ')} }`;
    expect(expectRefusedBy((await api.post(ombudsman, query, { id: householdId })).body, 'MAX_ALIASES')).toBe('Aliases limit of 15 exceeded, found 16.');
  });

  it('refuses a document of more tokens than the limit while parsing it', async () => {
    const query = `query ($id: ID!) { household(id: $id) { ${'id '.repeat(defaultQueryLimits.maxTokens)} } }`;
    const answer = await api.post(ombudsman, query, { id: householdId });
    expect(expectRefusedBy(answer.body, 'MAX_TOKENS')).toBe(`Token limit of ${defaultQueryLimits.maxTokens} exceeded.`);
  });

  it('refuses a mutation over a limit without storing anything', async () => {
    const counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    const events = (await api.ledger.store.readAll({ after: 0, limit: 1000 })).length;
    api.resetLedgerCalls();
    const aliases = Array.from({ length: 16 }, (_, i) => `m${i}: registerHousehold(input: { commandId: "c${i}", composition: SINGLE, municipality: "Utrecht", effectiveOn: "2025-01-01", members: [{ bsn: "111222333", name: "Jan", birthDate: "1985-06-15" }] }) { householdId }`);
    const answer = await api.post(counsellor, `mutation { ${aliases.join(' ')} }`);
    expectRefusedBy(answer.body, 'MAX_ALIASES');
    expect((await api.ledger.store.readAll({ after: 0, limit: 1000 })).length).toBe(events);
  });

  it('still serves introspection in development (GraphiQL), which the depth and cost limits leave alone', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const answer = await api.post(null, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true }));
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.__schema.queryType.name).toBe('Query');
  });
});

describe('with limits set lower (TOTAALBEELD_MAX_*)', () => {
  beforeEach(async () => {
    await setUp({ limits: { maxDepth: 3, maxCost: 30, maxAliases: 1, maxTokens: 60 } });
  });

  it('refuses a valid query one level too deep, and serves it one level less deep', async () => {
    const tooDeep = await api.post(ombudsman, `query ($id: ID!) { household(id: $id) { capacity { allocations { kind } } } }`, { id: householdId });
    expect(expectRefusedBy(tooDeep.body, 'MAX_DEPTH')).toBe('Query depth limit of 3 exceeded, found 4.');
    expect(tooDeep.body.errors![0]!.extensions?.['max']).toBe(3);
    const fits = await api.post(ombudsman, `query ($id: ID!) { household(id: $id) { capacity { remaining } } }`, { id: householdId });
    expect(fits.body.errors).toBeUndefined();
  });

  it('counts fragments by what they select, not as levels of their own', async () => {
    const answer = await api.post(ombudsman, `query ($id: ID!) { household(id: $id) { ...H } } fragment H on Household { totals { ... on DebtTotals { outstanding } } }`, { id: householdId });
    expect(answer.body.errors).toBeUndefined();
  });

  it('refuses by cost a query that is shallow but wide', async () => {
    const fields = 'id composition municipality revision registeredOn';
    const answer = await api.post(ombudsman, `query ($id: ID!) { household(id: $id) { ${fields} totals { outstanding claimCount creditorCount } claims { id principal costs paid outstanding } } }`, { id: householdId });
    expect(expectRefusedBy(answer.body, 'MAX_COST')).toMatch(/^Query Cost limit of 30 exceeded, found \d+(\.\d+)?\.$/);
  });

  it('refuses a second alias, and counts tokens from the configured limit', async () => {
    expectRefusedBy((await api.post(ombudsman, `{ a: household(id: "x") { id } b: household(id: "y") { id } }`)).body, 'MAX_ALIASES');
    const tokens = await api.post(ombudsman, `{ household(id: "x") { ${'id '.repeat(60)} } }`);
    expect(expectRefusedBy(tokens.body, 'MAX_TOKENS')).toBe('Token limit of 60 exceeded.');
  });
});

describe('the size of a request body', () => {
  beforeEach(async () => {
    await setUp();
  });

  const overLimit = (): string => JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(defaultQueryLimits.maxBodyBytes) } });

  it('answers 413 with VALIDATION_FAILED for a body over 100 kB (announced by Content-Length)', async () => {
    const body = overLimit();
    const response = await api.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      body,
    });
    expect(response.status).toBe(413);
    const answer = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(answer.errors).toEqual([
      { message: 'The request body is larger than 102400 bytes', extensions: { code: 'VALIDATION_FAILED', limit: 'MAX_BODY_BYTES', max: 102_400 } },
    ]);
    expect(api.ledgerCalls()).toBe(0);
  });

  it('answers 413 also for a streamed body without Content-Length that grows over the limit', async () => {
    const chunk = new TextEncoder().encode(overLimit());
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < chunk.length; at += 8192) controller.enqueue(chunk.slice(at, at + 8192));
        controller.close();
      },
    });
    const response = await api.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      // @ts-expect-error Node's fetch needs duplex for a stream body; lib.dom's RequestInit does not know it.
      duplex: 'half',
    });
    expect(response.status).toBe(413);
    const answer = (await response.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(answer.errors.map((e) => [e.extensions['code'], e.extensions['limit']])).toEqual([['VALIDATION_FAILED', 'MAX_BODY_BYTES']]);
  });

  it('counts a body built in process that announces less than it holds', async () => {
    // Node's HTTP server never reads past Content-Length; a Request built in process may hold more.
    const body = overLimit();
    const response = await api.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100' }, body });
    expect(response.status).toBe(413);
    const answer = (await response.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(answer.errors.map((e) => [e.extensions['code'], e.extensions['limit']])).toEqual([['VALIDATION_FAILED', 'MAX_BODY_BYTES']]);
  });

  it('takes a body just under the limit', async () => {
    const body = JSON.stringify({ query: `query ($id: ID!) { household(id: $id) { id } }`, variables: { id: householdId }, extensions: { padding: 'x'.repeat(defaultQueryLimits.maxBodyBytes - 200) } });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(defaultQueryLimits.maxBodyBytes);
    const response = await api.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ombudsman}` }, body });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { household: { id: householdId } } });
  });

  it('takes no batch of operations (a JSON array)', async () => {
    const response = await api.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ombudsman}` },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    const answer = (await response.json()) as { data?: unknown; errors: unknown[] };
    expect(answer.data).toBeUndefined();
    expect(answer.errors.length).toBeGreaterThan(0);
  });

  it('uses the configured maximum', async () => {
    const small = createEdgeApi({ limits: { maxBodyBytes: 64 } });
    try {
      const response = await small.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ ${'__typename '.repeat(10)} }` }) });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { errors: Array<{ extensions: { max: number } }> }).errors[0]!.extensions.max).toBe(64);
    } finally {
      await small.close();
    }
  });
});
