import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyBearer } from '../../api/auth.js';
import { createApi } from '../../api/yoga.js';
import { defaultParameters } from '../../domain/parameters.js';
import { openEmbeddedLedger } from '../../infra/ledger.js';
import { BSN, createTestApi, expectError, expectNoErrors, TEST_SECRET, type TestApi } from '../support/api.js';
import { freshDir, removeFreshDirs } from '../support/host.js';

/** The server's browser side, in-process: the web app's files, GraphiQL without a CDN, sign-in helpers. */

afterAll(() => removeFreshDirs());

function builtApp(): string {
  const dist = freshDir('totaalbeeld-web-dist-');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Totaalbeeld app</title><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("app")');
  return dist;
}

function apiWith(options: { production: boolean; dist?: string; secret?: string }) {
  const ledger = openEmbeddedLedger(':memory:', defaultParameters);
  const yoga = createApi({
    ledger,
    tokens: { secret: options.secret },
    production: options.production,
    webDistDir: options.dist,
    oidc: options.production ? { authority: 'https://idp.example.nl/realms/tb', clientId: 'totaalbeeld-web', scope: 'openid profile' } : undefined,
  });
  return { yoga, close: () => ledger.close() };
}

describe('the web app and GraphiQL served by the API', () => {
  const dist = builtApp();
  const { yoga, close } = apiWith({ production: false, dist, secret: TEST_SECRET });
  afterAll(() => close());

  it('serves index.html at / and for the app routes, the built files as they are, and 404 for a missing file', async () => {
    for (const path of ['/', '/huishoudens/abc', '/ombudsman']) {
      const response = await yoga.fetch(`http://test${path}`, { headers: { accept: 'text/html' } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toContain('Totaalbeeld app');
    }
    const asset = await yoga.fetch('http://test/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log("app")');
    expect((await yoga.fetch('http://test/assets/missing.js')).status).toBe(404);
    expect((await yoga.fetch('http://test/%2e%2e/package.json')).status).toBe(404);
    expect((await yoga.fetch('http://test/assets/..%2f..%2fpackage.json')).status).toBe(404);
  });

  it('leaves /health and /graphql as they were', async () => {
    const health = await yoga.fetch('http://test/health');
    // The serving process id is there too (restart tests prove a restart by it).
    expect(await health.json()).toEqual({ status: 'ok', store: 'sqlite', pid: process.pid });
    const graphql = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await graphql.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('renders GraphiQL with its scripts, styles and workers from this server, none from a CDN', async () => {
    const page = await (await yoga.fetch('http://test/graphql', { headers: { accept: 'text/html' } })).text();
    expect(page).not.toMatch(/https?:\/\//);
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(['/graphiql-assets/graphiql.css', '/graphiql-assets/yoga-graphiql.umd.js']);
    for (const path of [...assets, '/graphiql-assets/monacoeditorwork/editor.worker.bundle.js']) {
      const response = await yoga.fetch(`http://test${path}`);
      expect(response.status, path).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    expect((await yoga.fetch('http://test/graphiql-assets/../../package.json')).status).toBe(404);
  });

  it('gives a development token for a role and organisation, valid on the API', async () => {
    const response = await yoga.fetch('http://test/auth/dev-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'COUNSELLOR', org: 'GEMEENTE-UTRECHT' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string };
    expect(await verifyBearer(`Bearer ${body.token}`, { secret: TEST_SECRET })).toEqual({
      role: 'COUNSELLOR',
      org: 'GEMEENTE-UTRECHT',
      sub: 'counsellor@GEMEENTE-UTRECHT',
    });
    const bad = await yoga.fetch('http://test/auth/dev-token', { method: 'POST', body: JSON.stringify({ role: 'KING', org: 'X' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^role: /);
    const config = await (await yoga.fetch('http://test/auth/config')).json();
    expect(config).toEqual({ devSignIn: true, oidc: null });
  });
});

describe('in production', () => {
  const { yoga, close } = apiWith({ production: true, secret: TEST_SECRET });
  afterAll(() => close());

  it('answers the development token with 404 and tells the app to sign in with the identity provider', async () => {
    const response = await yoga.fetch('http://test/auth/dev-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'OMBUDSMAN', org: 'NO' }),
    });
    expect(response.status).toBe(404);
    expect(JSON.stringify(await response.json())).not.toContain('.');
    expect(await (await yoga.fetch('http://test/auth/config')).json()).toEqual({
      devSignIn: false,
      oidc: { authority: 'https://idp.example.nl/realms/tb', clientId: 'totaalbeeld-web', scope: 'openid profile' },
    });
  });
});

describe('myHouseholds', () => {
  let api: TestApi;
  beforeEach(() => {
    api = createTestApi();
  });
  afterEach(async () => {
    await api.close();
  });
  const MINE = `{ myHouseholds { id members { name } } }`;

  it('lists the households the counsellor holds a mandate for today, not others, and not after a revoke', async () => {
    const utrecht = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    const noord = await api.tokenFor('COUNSELLOR', 'SCHULDHULP-NOORD');
    const a = await api.registerHousehold(utrecht, { members: [{ bsn: BSN.jan, name: 'Jan Jansen', birthDate: '1985-06-15' }] });
    const b = await api.registerHousehold(noord, { members: [{ bsn: BSN.piet, name: 'Piet Pietersen', birthDate: '1970-01-01' }] });
    const mine = await api.gql(utrecht, MINE);
    expectNoErrors(mine);
    expect(mine.data).toEqual({ myHouseholds: [{ id: a.householdId, members: [{ name: 'Jan Jansen' }] }] });
    const theirs = await api.gql(noord, MINE);
    expect(theirs.data).toEqual({ myHouseholds: [{ id: b.householdId, members: [{ name: 'Piet Pietersen' }] }] });

    const household = await api.tokenFor('HOUSEHOLD', a.householdId);
    expectNoErrors(await api.gql(household, `mutation ($i: RevokeMandateInput!) { revokeMandate(input: $i) { revision } }`, { i: { commandId: 'r1', householdId: a.householdId, counsellorOrg: 'GEM-UTRECHT' } }));
    expect((await api.gql(utrecht, MINE)).data).toEqual({ myHouseholds: [] });
  });

  it('is for counsellors only', async () => {
    expectError(await api.gql(await api.tokenFor('CREDITOR', 'CJIB'), MINE), 'FORBIDDEN');
    expectError(await api.gql(await api.tokenFor('OMBUDSMAN', 'NO'), MINE), 'FORBIDDEN');
  });
});

describe('GraphQL over HTTP status codes a browser or script can rely on', () => {
  let api: TestApi;
  beforeEach(() => {
    api = createTestApi();
  });
  afterEach(async () => {
    await api.close();
  });

  for (const accept of ['application/json', 'application/graphql-response+json']) {
    it(`answers a body that is not JSON with 400 (Accept: ${accept})`, async () => {
      const response = await api.yoga.fetch('http://test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: '{"query": ' });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('VALIDATION_FAILED');
    });

    it(`answers an invalid token with 401 UNAUTHENTICATED (Accept: ${accept})`, async () => {
      const response = await api.yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization: 'Bearer abc.def.ghi' },
        body: JSON.stringify({ query: '{ signalWorklist { id } }' }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    });
  }
});
