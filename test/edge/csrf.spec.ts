import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../api/edge/csrf.js';
import { createEdgeApi, type EdgeApi } from './support.js';

/**
 * CSRF prevention: what a browser may send cross-site without a preflight (a GET, a form,
 * multipart, text/plain) is refused without the CSRF header; JSON POSTs — every client here,
 * GraphiQL included — need nothing.
 */

let api: EdgeApi;
let ombudsman: string;
beforeEach(async () => {
  api = createEdgeApi();
  ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
});
afterEach(async () => {
  await api.close();
});

const QUERY = '{ household(id: "unknown") { id } }';

async function expectCsrfRefusal(response: Response): Promise<void> {
  expect(response.status).toBe(403);
  const body = (await response.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
  expect(body.errors.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
  expect(body.errors[0]!.message).toContain(CSRF_HEADER);
  expect(body.data).toBeUndefined();
  expect(api.ledgerCalls()).toBe(0);
}

describe('requests a browser sends without a preflight', () => {
  it('refuses a form-encoded POST without the header (even with a valid token)', async () => {
    const response = await api.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${ombudsman}` },
      body: new URLSearchParams({ query: QUERY }).toString(),
    });
    await expectCsrfRefusal(response);
  });

  it('refuses a text/plain POST and a multipart POST without the header', async () => {
    await expectCsrfRefusal(await api.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: QUERY }) }));
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: QUERY }));
    form.set('map', '{}');
    await expectCsrfRefusal(await api.fetch('/graphql', { method: 'POST', body: form }));
  });

  it('refuses a GET query without the header', async () => {
    const response = await api.fetch(`/graphql?query=${encodeURIComponent(QUERY)}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${ombudsman}` },
    });
    await expectCsrfRefusal(response);
  });

  it('serves the same GET and form POST with the header', async () => {
    const get = await api.fetch(`/graphql?query=${encodeURIComponent(QUERY)}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${ombudsman}`, [CSRF_HEADER]: '1' },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { household: null } });
    const form = await api.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${ombudsman}`, [CSRF_HEADER]: '1' },
      body: new URLSearchParams({ query: QUERY }).toString(),
    });
    expect(form.status).toBe(200);
    expect(await form.json()).toEqual({ data: { household: null } });
  });
});

describe('JSON POSTs and GraphiQL', () => {
  it('serves a JSON POST without the header', async () => {
    const answer = await api.post(ombudsman, QUERY);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { household: null } });
  });

  it('serves GraphiQL in development: the page (GET, text/html) and its JSON queries', async () => {
    const page = await api.fetch('/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await page.text()).toLowerCase()).toContain('graphiql');
    // GraphiQL posts JSON (introspection first), with no CSRF header of its own.
    const schema = await api.post(null, '{ __schema { queryType { name } } }');
    expect(schema.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('serves no GraphiQL page in production', async () => {
    const production = createEdgeApi({ production: true });
    try {
      const page = await production.fetch('/graphql', { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
    } finally {
      await production.close();
    }
  });
});
