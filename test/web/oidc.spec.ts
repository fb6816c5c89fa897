import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, freshDir, removeFreshDirs } from '../support/host.js';
import { startIdentityProvider, type IdentityProvider } from './identityProvider.js';
import { checkPage, chromiumPath, dutchPage, ensureWebBuilt, gql, launch, SCREENS, startServer, type ServerProcess } from './support.js';
import { join } from 'node:path';

/**
 * Signing in with OpenID Connect against a real identity provider (oidc-provider on a loopback
 * port): the web app sends the browser to the provider with authorization code + PKCE, a person
 * signs in and consents on the provider's own pages, and the app comes back signed in as the
 * counsellor the provider says, with the provider's RS256 access token — which the server
 * verifies against the provider's published keys (JWKS), issuer and audience. The token is kept
 * in session storage and is never part of any URL the browser loads.
 */

const browserPath = chromiumPath();
if (!browserPath) console.log('test/web/oidc.spec.ts: skipped — no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH)');

const LONG = 120_000;

describe.skipIf(!browserPath)('OpenID Connect sign-in with a real identity provider in Chromium', () => {
  let server: ServerProcess;
  let idp: IdentityProvider;
  let browser: Browser;
  let context: BrowserContext | undefined;
  const pageErrors: string[] = [];

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  beforeAll(async () => {
    ensureWebBuilt();
    // The server must know the provider's address before it starts, the provider the app's origin (its redirect URI).
    const idpPort = await freePort();
    const issuer = `http://127.0.0.1:${idpPort}`;
    server = await startServer(freshDir('totaalbeeld-web-oidc-'), {
      TOTAALBEELD_JWKS_URL: `${issuer}/jwks`,
      TOTAALBEELD_JWT_ISSUER: issuer,
      TOTAALBEELD_JWT_AUDIENCE: 'urn:totaalbeeld:api',
      TOTAALBEELD_OIDC_AUTHORITY: issuer,
      TOTAALBEELD_OIDC_CLIENT_ID: 'totaalbeeld-web',
      TOTAALBEELD_OIDC_SCOPE: 'openid profile ledger',
    });
    idp = await startIdentityProvider({
      port: idpPort,
      appOrigin: server.url,
      accounts: { 'anna.devries': { name: 'Anna de Vries', role: 'COUNSELLOR', org: 'GEM-HOUTEN' } },
    });
    expect(idp.issuer).toBe(issuer);
    browser = await launch(browserPath!);
  }, LONG);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await idp?.stop();
    removeFreshDirs();
  }, LONG);

  it('signs a counsellor in through the provider\u2019s login and consent pages (code + PKCE) into the workspace, the RS256 token never in a URL', async () => {
    const fresh = await dutchPage(browser, pageErrors);
    context = fresh.context;
    const page = fresh.page;
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    page.on('framenavigated', (frame) => urls.push(frame.url()));
    const apiCalls: Array<{ authorization: string | undefined; status: number }> = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/graphql') apiCalls.push({ authorization: response.request().headers()['authorization'], status: response.status() });
    });

    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Aanmelden bij uw organisatie' }).click();

    // The provider's own login page (any password; the login name is the account).
    await page.waitForURL((url) => url.origin === idp.issuer && url.pathname.startsWith('/interaction/'));
    await page.locator('input[name="login"]').fill('anna.devries');
    await page.locator('input[name="password"]').fill('geheim');
    await page.screenshot({ path: join(SCREENS, '23-oidc-provider-login.png'), fullPage: true });
    await page.getByRole('button', { name: 'Sign-in' }).click();
    // Its consent page.
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Mijn huishoudens' }).waitFor();
    expect(page.url()).toBe(`${server.url}/`);

    // Authorization code with PKCE (S256), for this client; the code came back to the callback.
    const authorize = new URL(urls.find((u) => u.startsWith(`${idp.issuer}/auth?`))!);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('client_id')).toBe('totaalbeeld-web');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${server.url}/auth/callback`);
    const callback = new URL(urls.find((u) => u.startsWith(`${server.url}/auth/callback?`))!);
    expect(callback.searchParams.get('code')).not.toBeNull();

    // The provider's RS256 access token, with the role and organisation of the account, in session storage only.
    const token = (await page.evaluate(() => sessionStorage.getItem('totaalbeeld.session')))!;
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: 'test-rs256' });
    expect(decodeJwt(token)).toMatchObject({ iss: idp.issuer, aud: 'urn:totaalbeeld:api', sub: 'anna.devries', role: 'COUNSELLOR', org: 'GEM-HOUTEN' });
    expect(await page.evaluate(() => Object.values(localStorage).join('\n'))).not.toContain(token);
    // One copy only: oidc-client-ts's own user store (also session storage) is emptied after the callback.
    expect(await page.evaluate((t) => Object.keys(sessionStorage).filter((k) => sessionStorage.getItem(k)!.includes(t)), token)).toEqual(['totaalbeeld.session']);
    // Never in any URL the browser loaded or showed, before or after the callback, and not in the history entry left behind.
    expect(urls.filter((u) => u.includes(token) || /[?#&](access_token|id_token)=/.test(u))).toEqual([]);
    expect(await page.evaluate(() => location.href)).not.toMatch(/code=|state=/);

    // The API took it: every GraphQL call carried it and none was refused.
    await expect.poll(() => apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.every((c) => c.authorization === `Bearer ${token}` && c.status === 200)).toBe(true);
    await checkPage(page, '24-oidc-counsellor-workspace');

    // The same token works for a command: the counsellor registers a household, and (after a reload, still signed in) sees it.
    await gql(server, token, 'mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId } }', {
      input: { commandId: 'oidc-household', composition: 'SINGLE', municipality: 'Houten', members: [{ bsn: '111222333', name: 'Sanne Bakker', birthDate: '1990-02-02' }], effectiveOn: '2025-01-01' },
    });
    await page.reload();
    await page.getByRole('link', { name: 'Sanne Bakker' }).waitFor();
    // Signing out ends the provider's session too (RP-initiated logout with the ID token as hint):
    // the provider asks to confirm on its own page and sends the browser back to the app.
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    const endSession = new URL(urls.filter((u) => u.startsWith(`${idp.issuer}/session/end`))[0]!);
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${server.url}/`);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL((url) => url.origin === server.url);
    await page.getByRole('button', { name: 'Aanmelden bij uw organisatie' }).waitFor();
    // It leaves the token nowhere in the tab.
    expect(await page.evaluate((t) => Object.values(sessionStorage).concat(Object.values(localStorage)).filter((v) => v.includes(t)).length, token)).toBe(0);
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('totaalbeeld.')))).toEqual([]);
    // Signing in again asks for the credentials again: no silent pass on the provider's old session.
    await page.getByRole('button', { name: 'Aanmelden bij uw organisatie' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer && url.pathname.startsWith('/interaction/'));
    await page.locator('input[name="login"]').fill('anna.devries');
    await page.locator('input[name="password"]').fill('geheim');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    const consent = page.getByRole('button', { name: 'Continue' });
    const workspace = page.getByRole('heading', { name: 'Mijn huishoudens' });
    await consent.or(workspace).first().waitFor();
    if (await consent.isVisible()) await consent.click();
    await workspace.waitFor();

    // A token the provider did not sign (its payload changed) is refused: 401 UNAUTHENTICATED.
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(token), org: 'GEM-ANDERS' })).toString('base64url')}.${signature}`;
    const refused = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${forged}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(payload).not.toBe('');

    // When the API refuses the tab's token, the app goes back to the sign-in page and says why
    // (instead of a workspace that silently empties).
    await page.evaluate((t) => sessionStorage.setItem('totaalbeeld.session', t), forged);
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'De server accepteert uw aanmelding niet meer' }).waitFor();
    await page.getByRole('button', { name: 'Aanmelden bij uw organisatie' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('totaalbeeld.session'))).toBeNull();
    await checkPage(page, '25-signed-out-token-refused');
  }, LONG);
});
