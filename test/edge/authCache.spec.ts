import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier, signToken } from '../../api/auth.js';
import { LedgerError } from '../../domain/errors.js';
import { TEST_SECRET } from '../support/api.js';

/**
 * The verifier's caches: our secret is imported as a WebCrypto key once, and an HS256 token that
 * verified is remembered by its exact text until its exp. Everything a token is checked for still
 * holds: expiry, signature, issuer and audience; identity-provider tokens are verified each time.
 */

const signing = { secret: TEST_SECRET };
const bearer = (token: string) => `Bearer ${token}`;

async function token(sub: string, expiresIn = '1h', settings: Parameters<typeof signToken>[1] = signing): Promise<string> {
  return signToken({ role: 'COUNSELLOR', org: 'GEM-UTRECHT', sub, expiresIn }, settings);
}

async function refusal(promise: Promise<unknown>): Promise<LedgerError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LedgerError);
  expect((error as LedgerError).code).toBe('UNAUTHENTICATED');
  return error as LedgerError;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('an HS256 token', () => {
  it('is checked once: later requests with the same token verify no signature and import no key', async () => {
    const first = await token('medewerker-1');
    const second = await token('medewerker-2');
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const verifySignature = vi.spyOn(crypto.subtle, 'verify');
    const verify = createTokenVerifier(signing);

    expect(await verify(bearer(first))).toEqual({ sub: 'medewerker-1', role: 'COUNSELLOR', org: 'GEM-UTRECHT' });
    for (let i = 0; i < 5; i++) expect(await verify(bearer(first))).toEqual({ sub: 'medewerker-1', role: 'COUNSELLOR', org: 'GEM-UTRECHT' });
    expect(await verify(`bearer   ${second}`)).toEqual({ sub: 'medewerker-2', role: 'COUNSELLOR', org: 'GEM-UTRECHT' });

    expect(verifySignature).toHaveBeenCalledTimes(2);
    expect(importKey).toHaveBeenCalledTimes(1);
  });

  it('hands every caller an actor of its own', async () => {
    const verify = createTokenVerifier(signing);
    const t = await token('medewerker-1');
    const a = (await verify(bearer(t)))!;
    (a as { org: string }).org = 'CHANGED';
    expect(await verify(bearer(t))).toEqual({ sub: 'medewerker-1', role: 'COUNSELLOR', org: 'GEM-UTRECHT' });
  });

  it('that verified is refused from the second its exp is reached, as jose refuses it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.UTC(2025, 2, 20, 9, 0, 0);
    vi.setSystemTime(start);
    const verify = createTokenVerifier(signing);
    const t = await token('medewerker-1', '60s');
    expect(await verify(bearer(t))).not.toBeNull();

    vi.setSystemTime(start + 59_999);
    expect(await verify(bearer(t))).not.toBeNull();
    vi.setSystemTime(start + 60_000);
    expect((await refusal(verify(bearer(t)))).message).toMatch(/token expired/);
    // And a fresh verifier, with nothing remembered, says the same.
    expect((await refusal(createTokenVerifier(signing)(bearer(t)))).message).toMatch(/token expired/);
  });

  it('that failed is not remembered: each attempt is checked again', async () => {
    const verifySignature = vi.spyOn(crypto.subtle, 'verify');
    const verify = createTokenVerifier(signing);
    const forged = await token('medewerker-1', '1h', { secret: 'not-our-secret-0123456789-abcdef' });
    for (let i = 0; i < 3; i++) expect((await refusal(verify(bearer(forged)))).message).toMatch(/bad signature/);
    expect(verifySignature).toHaveBeenCalledTimes(3);
  });

  it('is remembered by one verifier only: issuer and audience stay checked by each', async () => {
    const t = await token('medewerker-1', '1h', { ...signing, issuer: 'totaalbeeld', audience: 'totaalbeeld-api' });
    expect(await createTokenVerifier({ ...signing, issuer: 'totaalbeeld', audience: 'totaalbeeld-api' })(bearer(t))).not.toBeNull();
    expect((await refusal(createTokenVerifier({ ...signing, audience: 'another-app' })(bearer(t)))).message).toMatch(/wrong audience/);
    expect((await refusal(createTokenVerifier({ ...signing, issuer: 'elsewhere' })(bearer(t)))).message).toMatch(/wrong issuer/);
    expect((await refusal(createTokenVerifier({})(bearer(t)))).message).toMatch(/HS256 tokens are not accepted/);
  });

  it('is remembered in a bounded map: past its size the first verified goes, and is verified again when it returns', async () => {
    const verifySignature = vi.spyOn(crypto.subtle, 'verify');
    const verify = createTokenVerifier(signing, { cacheSize: 2 });
    const [a, b, c] = await Promise.all([token('a'), token('b'), token('c')]);
    for (const t of [a, b, c]) await verify(bearer(t));
    expect(verifySignature).toHaveBeenCalledTimes(3);
    await verify(bearer(c));
    await verify(bearer(b));
    expect(verifySignature).toHaveBeenCalledTimes(3);
    expect(await verify(bearer(a))).toMatchObject({ sub: 'a' });
    expect(verifySignature).toHaveBeenCalledTimes(4);
  });

  it('is verified every time with the cache off', async () => {
    const verifySignature = vi.spyOn(crypto.subtle, 'verify');
    const verify = createTokenVerifier(signing, { cacheSize: 0 });
    const t = await token('a');
    for (let i = 0; i < 3; i++) await verify(bearer(t));
    expect(verifySignature).toHaveBeenCalledTimes(3);
  });
});

describe("an identity provider's token", () => {
  const ISSUER = 'https://idp.test/realms/totaalbeeld';
  const AUDIENCE = 'totaalbeeld-api';
  let provider: { publicKey: CryptoKey; privateKey: CryptoKey };
  let server: Server;
  let url: string;

  beforeAll(async () => {
    provider = await generateKeyPair('RS256', { extractable: true });
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(provider.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] });
    server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is verified on every request (the provider may withdraw its key)', async () => {
    const verify = createTokenVerifier({ secret: TEST_SECRET, jwks: { url, issuer: ISSUER, audience: AUDIENCE } });
    const t = await new SignJWT({ role: 'OMBUDSMAN', org: 'NATIONALE-OMBUDSMAN' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('kc-user-1')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(provider.privateKey);
    expect(await verify(bearer(t))).toEqual({ sub: 'kc-user-1', role: 'OMBUDSMAN', org: 'NATIONALE-OMBUDSMAN' });
    const verifySignature = vi.spyOn(crypto.subtle, 'verify');
    for (let i = 0; i < 3; i++) expect(await verify(bearer(t))).toMatchObject({ sub: 'kc-user-1' });
    expect(verifySignature).toHaveBeenCalledTimes(3);
  });
});
