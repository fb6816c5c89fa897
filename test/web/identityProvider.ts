import type { Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { errors, type Configuration } from 'oidc-provider';

/**
 * A real OpenID provider for the browser tests: panva's oidc-provider (OpenID Certified), on a
 * loopback port, with its own login and consent pages (devInteractions: any password; the login
 * name picks an account below). One public client for the web app — authorization code with
 * PKCE (S256), no client secret — and access tokens as RS256 JWTs for the ledger's API
 * (resource indicator RFC 8707), carrying the role and organisation the API requires.
 */

export interface Account {
  name: string;
  role: 'COUNSELLOR' | 'HOUSEHOLD' | 'OMBUDSMAN' | 'CREDITOR';
  org: string;
}

export interface IdentityProvider {
  issuer: string;
  jwksUrl: string;
  /** The API these access tokens are for: their aud. */
  audience: string;
  clientId: string;
  /** The scope the web app asks for: OpenID's and the API's. */
  scope: string;
  stop(): Promise<void>;
}

export const API_RESOURCE = 'urn:totaalbeeld:api';
const API_SCOPE = 'ledger';

export async function startIdentityProvider(options: { port: number; appOrigin: string; accounts: Record<string, Account> }): Promise<IdentityProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const clientId = 'totaalbeeld-web';
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-rs256', alg: 'RS256', use: 'sig' };
  const accountOf = (accountId: string): Account | undefined => options.accounts[accountId];

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [`${options.appOrigin}/auth/callback`],
        post_logout_redirect_uris: [`${options.appOrigin}/`],
      },
    ],
    // The web app's page calls the token endpoint from its own origin: allowed for this client's origin only.
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    pkce: { required: () => true },
    jwks: { keys: [signingKey] },
    cookies: { keys: ['totaalbeeld-test-cookie-key'] },
    ttl: { Interaction: 600, Session: 3_600, Grant: 3_600, AccessToken: 3_600, IdToken: 3_600, AuthorizationCode: 60 },
    claims: { openid: ['sub'], profile: ['name'] },
    scopes: ['openid', 'profile', API_SCOPE],
    findAccount: (_ctx, sub) => {
      const account = accountOf(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, name: account.name }) };
    },
    // What the ledger reads from a token besides sub and exp: who (role) for which organisation.
    extraTokenClaims: (_ctx, token) => {
      const account = 'accountId' in token && typeof token.accountId === 'string' ? accountOf(token.accountId) : undefined;
      return account ? { role: account.role, org: account.org } : undefined;
    },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // The web app does not name the API: every authorization is for it.
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== API_RESOURCE) throw new errors.InvalidTarget();
          return { scope: API_SCOPE, audience: API_RESOURCE, accessTokenTTL: 3_600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
  };
  const provider = new Provider(issuer, configuration);
  const server: Server = provider.listen(options.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    audience: API_RESOURCE,
    clientId,
    scope: `openid profile ${API_SCOPE}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
