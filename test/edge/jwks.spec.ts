import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../api/auth.js';
import type { Role } from '../../domain/actors.js';
import { TEST_SECRET } from '../support/api.js';
import { codesOf, createEdgeApi, type EdgeApi } from './support.js';

/**
 * RS256 tokens from an identity provider, verified against its JWKS (TOTAALBEELD_JWKS_URL), with
 * issuer and audience always checked. The provider here is a JWKS document served by a tiny
 * node:http server on 127.0.0.1 (port 0), with keys made by jose's generateKeyPair.
 */

const ISSUER = 'https://idp.test/realms/totaalbeeld';
const AUDIENCE = 'totaalbeeld-api';
const QUERY = '{ household(id: "unknown") { id } }';

interface KeyPair {
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

let provider: KeyPair;
let stranger: KeyPair;
let jwks: { keys: JWK[] };
let jwksServer: Server;
let jwksUrl: string;
let jwksFetches = 0;

beforeAll(async () => {
  provider = await generateKeyPair('RS256', { extractable: true });
  stranger = await generateKeyPair('RS256', { extractable: true });
  jwks = { keys: [{ ...(await exportJWK(provider.publicKey)), kid: 'provider-1', alg: 'RS256', use: 'sig' }] };
  jwksServer = createServer((request, response) => {
    if (request.url !== '/realms/totaalbeeld/protocol/openid-connect/certs') {
      response.writeHead(404).end();
      return;
    }
    jwksFetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/realms/totaalbeeld/protocol/openid-connect/certs`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
});

interface TokenShape {
  role?: Role;
  org?: string;
  sub?: string | null;
  issuer?: string | null;
  audience?: string | string[] | null;
  /** Seconds since the epoch, or a jose lifetime ("1h"). */
  expires?: number | string;
  kid?: string;
  key?: CryptoKey;
}

async function providerToken(shape: TokenShape = {}): Promise<string> {
  let jwt = new SignJWT({ role: shape.role ?? 'OMBUDSMAN', org: shape.org ?? 'NATIONALE-OMBUDSMAN' })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: shape.kid ?? 'provider-1' })
    .setIssuedAt()
    .setExpirationTime(shape.expires ?? '1h');
  if (shape.sub !== null) jwt = jwt.setSubject(shape.sub ?? 'medewerker-7');
  if (shape.issuer !== null) jwt = jwt.setIssuer(shape.issuer ?? ISSUER);
  if (shape.audience !== null) jwt = jwt.setAudience(shape.audience ?? AUDIENCE);
  return jwt.sign(shape.key ?? provider.privateKey);
}

let api: EdgeApi;
function withProvider(secret: string | null = TEST_SECRET): EdgeApi {
  api = createEdgeApi({ tokens: { secret: secret ?? undefined, jwks: { url: jwksUrl, issuer: ISSUER, audience: AUDIENCE } } });
  return api;
}
afterEach(async () => {
  await api.close();
});

async function expectUnauthenticated(token: string, reason?: RegExp): Promise<void> {
  const answer = await api.post(token, QUERY);
  expect(codesOf(answer.body), JSON.stringify(answer.body)).toEqual(['UNAUTHENTICATED']);
  expect(answer.body.data).toBeUndefined();
  if (reason) expect(answer.body.errors![0]!.message).toMatch(reason);
  expect(api.ledgerCalls()).toBe(0);
}

describe('a token of the identity provider', () => {
  it('is accepted with the right issuer and audience, and acts as its role and organisation', async () => {
    withProvider();
    expect((await api.post(await providerToken(), QUERY)).body).toEqual({ data: { household: null } });
    // An audience list that includes ours is fine too.
    expect((await api.post(await providerToken({ audience: ['account', AUDIENCE] }), QUERY)).body).toEqual({ data: { household: null } });

    const counsellor = await providerToken({ role: 'COUNSELLOR', org: 'GEM-AMERSFOORT', sub: 'kc-user-1' });
    const registered = await api.post(counsellor, `mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId } }`, {
      input: { commandId: 'idp-1', composition: 'SINGLE', municipality: 'Amersfoort', effectiveOn: '2025-01-01', members: [{ bsn: '111222333', name: 'Jan', birthDate: '1985-06-15' }] },
    });
    expect(registered.body.errors).toBeUndefined();
    const [event] = await api.ledger.store.readAll({ after: 0, limit: 10 });
    expect(event!.meta).toMatchObject({ org: 'GEM-AMERSFOORT', role: 'COUNSELLOR', sub: 'kc-user-1' });
    // A creditor's token does not get a counsellor's rights.
    const creditor = await providerToken({ role: 'CREDITOR', org: 'CJIB' });
    expect(codesOf((await api.post(creditor, '{ findHouseholds(bsn: "111222333") }')).body)).toEqual(['FORBIDDEN']);
  });

  it('is refused (UNAUTHENTICATED) with another issuer, another audience, or none of either', async () => {
    withProvider();
    await expectUnauthenticated(await providerToken({ issuer: 'https://evil.test/realms/totaalbeeld' }), /wrong issuer/);
    await expectUnauthenticated(await providerToken({ audience: 'another-app' }), /wrong audience/);
    await expectUnauthenticated(await providerToken({ issuer: null }), /wrong issuer/);
    await expectUnauthenticated(await providerToken({ audience: null }), /wrong audience/);
  });

  it('is refused when expired', async () => {
    withProvider();
    await expectUnauthenticated(await providerToken({ expires: Math.floor(Date.now() / 1000) - 60 }), /token expired/);
  });

  it('is refused when signed with another key: unknown kid, or the provider kid on a forged signature', async () => {
    withProvider();
    await expectUnauthenticated(await providerToken({ key: stranger.privateKey, kid: 'stranger-1' }));
    await expectUnauthenticated(await providerToken({ key: stranger.privateKey }), /bad signature/);
  });

  it('is refused without sub, role or org', async () => {
    withProvider();
    await expectUnauthenticated(await providerToken({ sub: null }));
    const noRole = await new SignJWT({ org: 'CJIB' })
      .setProtectedHeader({ alg: 'RS256', kid: 'provider-1' })
      .setSubject('x')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(provider.privateKey);
    await expectUnauthenticated(noRole, /lacks sub, role, org or exp/);
  });

  it('is refused with alg none, and an HS256 token keyed with the provider public key (algorithm confusion)', async () => {
    withProvider();
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: 'provider-1' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ role: 'OMBUDSMAN', org: 'X', sub: 'x', iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 3600 }),
    ).toString('base64url');
    await expectUnauthenticated(`${header}.${payload}.`);
    const publicPem = JSON.stringify(jwks.keys[0]);
    const confused = await new SignJWT({ role: 'OMBUDSMAN', org: 'X' })
      .setProtectedHeader({ alg: 'HS256', kid: 'provider-1' })
      .setSubject('x')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(publicPem));
    await expectUnauthenticated(confused, /bad signature/);
  });

  it('fetches the key set once and keeps it', async () => {
    withProvider();
    const before = jwksFetches;
    for (let i = 0; i < 5; i++) expect((await api.post(await providerToken(), QUERY)).body).toEqual({ data: { household: null } });
    expect(jwksFetches - before).toBe(1);
  });

  it('is refused (not an internal error) when the key set cannot be fetched', async () => {
    api = createEdgeApi({ tokens: { secret: TEST_SECRET, jwks: { url: `${jwksUrl}/missing`, issuer: ISSUER, audience: AUDIENCE } } });
    await expectUnauthenticated(await providerToken());
  });
});

describe('HS256 beside the identity provider', () => {
  it('keeps working with the secret', async () => {
    withProvider();
    expect((await api.post(await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN'), QUERY)).body).toEqual({ data: { household: null } });
  });

  it('is refused where no secret is configured (the identity provider only)', async () => {
    withProvider(null);
    await expectUnauthenticated(await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN'), /HS256 tokens are not accepted/);
    expect((await api.post(await providerToken(), QUERY)).body).toEqual({ data: { household: null } });
  });

  it('is all there is without JWKS: a provider token is refused', async () => {
    api = createEdgeApi();
    await expectUnauthenticated(await providerToken());
  });
});

describe('the verifier', () => {
  it('refuses to check provider tokens without an issuer and an audience', () => {
    expect(() => createTokenVerifier({ jwks: { url: jwksUrl, issuer: '', audience: AUDIENCE } })).toThrow(/issuer and an audience/);
    expect(() => createTokenVerifier({ jwks: { url: jwksUrl, issuer: ISSUER, audience: ' ' } })).toThrow(/issuer and an audience/);
    api = createEdgeApi();
  });
});
