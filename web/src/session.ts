import type { UserManager } from 'oidc-client-ts';

/**
 * Who is signed in. The token lives in sessionStorage (gone when the tab closes) and in memory,
 * never in a URL. Two ways in: the development sign-in (a token from the server's
 * /auth/dev-token, which answers 404 in production) and OpenID Connect (authorization code +
 * PKCE with oidc-client-ts) when the server is configured with an identity provider.
 */
export const roles = ['COUNSELLOR', 'HOUSEHOLD', 'OMBUDSMAN', 'CREDITOR'] as const;
export type Role = (typeof roles)[number];

export interface Session {
  token: string;
  role: Role;
  org: string;
  sub: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export interface WebConfig {
  devSignIn: boolean;
  oidc: { authority: string; clientId: string; scope: string } | null;
}

const KEY = 'totaalbeeld.session';
/**
 * The identity provider's ID token of an OpenID Connect sign-in, kept for signing out there too
 * (the end-session request's id_token_hint). It is no bearer token: the API does not take it.
 */
const ID_TOKEN_KEY = 'totaalbeeld.oidc.idToken';
/** Why the last session ended when the person did not sign out themselves (shown on the sign-in page). */
const ENDED_KEY = 'totaalbeeld.sessionEnded';
let session: Session | null = null;
const listeners = new Set<() => void>();

/** A session ends without the person asking when its token expired or the API no longer accepts it. */
export type SessionEnd = 'EXPIRED' | 'REFUSED';

function decodePayload(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The session a bearer token stands for (its claims, as the API reads them); null when it has none. */
export function sessionFromToken(token: string): Session | null {
  const claims = decodePayload(token);
  if (!claims) return null;
  const { role, org, sub, exp } = claims;
  if (typeof role !== 'string' || !(roles as readonly string[]).includes(role)) return null;
  if (typeof org !== 'string' || typeof sub !== 'string' || typeof exp !== 'number') return null;
  return { token, role: role as Role, org, sub, expiresAt: exp };
}

export function currentSession(): Session | null {
  if (session === null) {
    const stored = sessionStorage.getItem(KEY);
    session = stored ? sessionFromToken(stored) : null;
  }
  if (session && session.expiresAt * 1000 <= Date.now()) {
    sessionStorage.removeItem(KEY);
    sessionStorage.setItem(ENDED_KEY, 'EXPIRED');
    session = null;
  }
  return session;
}

/** Why the previous session ended, when it ended by itself: the sign-in page says so once. */
export function sessionEnd(): SessionEnd | null {
  const ended = sessionStorage.getItem(ENDED_KEY);
  return ended === 'EXPIRED' || ended === 'REFUSED' ? ended : null;
}

function changed(): void {
  for (const listener of listeners) listener();
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signIn(token: string): Session {
  const next = sessionFromToken(token);
  if (!next) throw new Error('This token has no role, organisation or expiry the ledger accepts');
  sessionStorage.setItem(KEY, token);
  sessionStorage.removeItem(ENDED_KEY);
  session = next;
  changed();
  return next;
}

/**
 * Ends the session in this tab. `ended` says it ended by itself (the API refused the token): the
 * sign-in page tells the person why they are there.
 */
export function signOut(ended?: SessionEnd): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(ID_TOKEN_KEY);
  if (ended) sessionStorage.setItem(ENDED_KEY, ended);
  else sessionStorage.removeItem(ENDED_KEY);
  session = null;
  changed();
}

/**
 * The person signs out: here, and at the identity provider when they signed in there (RP-initiated
 * logout), so the next "sign in" asks for their credentials again instead of passing straight
 * through on the provider's session — on a shared desk computer that matters.
 */
export async function signOutEverywhere(): Promise<void> {
  const idToken = sessionStorage.getItem(ID_TOKEN_KEY);
  signOut();
  if (!idToken) return;
  const { oidc } = await webConfig();
  if (!oidc) return;
  await (await userManager(oidc)).signoutRedirect({ id_token_hint: idToken });
}

let config: Promise<WebConfig> | undefined;

export function webConfig(): Promise<WebConfig> {
  config ??= fetch('/auth/config').then((r) => (r.ok ? (r.json() as Promise<WebConfig>) : { devSignIn: false, oidc: null }));
  return config;
}

/** Development sign-in: a token for a role and organisation from the server itself. */
export async function devSignIn(role: Role, org: string): Promise<Session> {
  const response = await fetch('/auth/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, org }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!response.ok || !body.token) throw new Error(body.error ?? `The server answered ${response.status}`);
  return signIn(body.token);
}

export const OIDC_CALLBACK_PATH = '/auth/callback';

/** oidc-client-ts is loaded only when someone signs in with the identity provider. */
async function userManager(oidc: NonNullable<WebConfig['oidc']>): Promise<UserManager> {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  return new UserManager({
    authority: oidc.authority,
    client_id: oidc.clientId,
    scope: oidc.scope,
    redirect_uri: `${location.origin}${OIDC_CALLBACK_PATH}`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: 'code',
    // The provider's state and PKCE verifier: session storage, like the token.
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
  });
}

/** OpenID Connect: to the identity provider (authorization code + PKCE). */
export async function oidcSignIn(): Promise<void> {
  const { oidc } = await webConfig();
  if (!oidc) throw new Error('No identity provider is configured');
  await (await userManager(oidc)).signinRedirect();
}

/**
 * Back from the identity provider: exchange the code (with the PKCE verifier) for tokens and keep
 * the access token, which carries role and org as the API requires. The caller takes the code
 * out of the address bar, whether this succeeds or not.
 */
export async function oidcCallback(): Promise<Session> {
  const { oidc } = await webConfig();
  if (!oidc) throw new Error('No identity provider is configured');
  const manager = await userManager(oidc);
  const user = await manager.signinRedirectCallback();
  // oidc-client-ts keeps the user (with its tokens) in its own store: one copy of the token, ours, which signing out removes.
  await manager.removeUser();
  const signedIn = signIn(user.access_token);
  if (user.id_token) sessionStorage.setItem(ID_TOKEN_KEY, user.id_token);
  return signedIn;
}
