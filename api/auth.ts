import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { roles, type Actor, type Role } from '../domain/actors.js';
import { LedgerError } from '../domain/errors.js';
import type { LRUCache } from 'lru-cache';
import { boundedCache, stringBytes } from '../infra/boundedCache.js';
import { defaultCacheBounds, type CacheBound } from '../infra/config.js';

/**
 * Bearer tokens per the contract header: JWTs with sub, role, org and exp. Two kinds are
 * accepted:
 * - HS256, signed with our own secret (`npm run token`); iss and aud are checked only when
 *   configured;
 * - RS256 from an identity provider, verified against its published keys (JWKS); iss and aud
 *   are always checked, so a token the provider issued for another application is refused.
 */
export interface TokenSettings {
  /** The HS256 secret; without it, HS256 tokens are refused (an identity provider only). */
  secret?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  jwks?: JwksSettings | undefined;
  /**
   * The longest lifetime accepted, in seconds (TOTAALBEELD_JWT_MAX_LIFETIME; default 24 h): a
   * token whose exp lies further than this after its iat (or after now, without iat) is refused,
   * so a leaked token cannot be used for months.
   */
  maxLifetimeSeconds?: number | undefined;
}

/** The longest token lifetime accepted when none is configured: 24 hours. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3_600;

export interface JwksSettings {
  /** Where the identity provider publishes its keys (TOTAALBEELD_JWKS_URL). */
  url: string;
  issuer: string;
  audience: string;
}

/** What `npm run token` needs: our own secret. */
export interface SigningSettings {
  secret: string;
  issuer?: string | undefined;
  audience?: string | undefined;
}

/** Tokens of an identity provider: RS256 only, never a symmetric algorithm with a public key. */
const PROVIDER_ALGORITHMS = ['RS256'];

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(roles),
  org: z.string().min(1),
  exp: z.number(),
});

function keyOf(secret: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(secret);
}

/** Verifies the Authorization header: the actor, null without a header, or UNAUTHENTICATED. */
export type TokenVerifier = (header: string | null) => Promise<Actor | null>;

/** How many verified HS256 tokens a verifier remembers at most (a token string and its actor each). */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

export interface VerifierOptions {
  /** Verified HS256 tokens remembered at most until they expire; 0 verifies every request. */
  cacheSize?: number;
  /** Their memory in bytes (token text and actor, estimated) and the longest any is remembered. */
  cache?: CacheBound;
}

/**
 * HS256 tokens that verified, by their exact text, until their exp. Safe because, for our own
 * secret, the outcome of verifying a given token changes only with the clock: the key, the
 * algorithm, iss and aud are fixed for the verifier's life, and exp is checked again on every
 * hit, as jose checks it (expired once now >= exp, no tolerance). Only successes are kept, so
 * a stranger cannot fill it without the secret. Provider (JWKS) tokens are not kept: the
 * provider may withdraw a key, and its tokens should stop working when it does.
 */
class VerifiedTokens {
  private readonly actors: LRUCache<string, { actor: Actor; exp: number }> | null;

  constructor(size: number, bound: CacheBound) {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`token cache size must be a whole number >= 0, not ${size}`);
    this.actors = boundedCache<{ actor: Actor; exp: number }>(
      { maxBytes: bound.maxBytes, ttlMs: bound.ttlMs, maxEntries: size },
      // The token text twice (key and entry), the actor's strings, and ~200 bytes of objects.
      { bytesOf: (entry, token) => 2 * stringBytes(token) + stringBytes(entry.actor.sub + entry.actor.org + entry.actor.role) + 200 },
    );
  }

  get(token: string): Actor | undefined {
    const entry = this.actors?.get(token);
    if (!entry) return undefined;
    if (Math.floor(Date.now() / 1000) >= entry.exp) {
      this.actors?.delete(token);
      return undefined;
    }
    return { ...entry.actor };
  }

  set(token: string, actor: Actor, exp: number): void {
    // Least recently used out first: a token dropped while still in use is verified again on its next request.
    this.actors?.set(token, { actor: { ...actor }, exp });
  }
}

/**
 * One verifier per server: the identity provider's key set is fetched once and cached (jose
 * refetches it when a token names a key it does not know, at most every 30 s); our own secret
 * is imported as a WebCrypto key once, not on every request.
 */
export function createTokenVerifier(settings: TokenSettings, options: VerifierOptions = {}): TokenVerifier {
  const jwks = settings.jwks;
  if (jwks && (jwks.issuer.trim() === '' || jwks.audience.trim() === '')) {
    throw new Error('tokens from an identity provider (JWKS) need an issuer and an audience to check');
  }
  const providerKeys: JWTVerifyGetKey | undefined = jwks ? createRemoteJWKSet(new URL(jwks.url)) : undefined;
  const secret = settings.secret;
  // Imported on first use (an import that fails then fails each HS256 verification, as before).
  let secretKey: Promise<CryptoKey> | undefined;
  const verified = new VerifiedTokens(options.cacheSize ?? VERIFIED_TOKEN_CACHE_SIZE, options.cache ?? defaultCacheBounds.tokens);
  const maxLifetime = settings.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;

  const verifyToken = async (token: string): Promise<{ payload: JWTPayload; ours: boolean }> => {
    const { alg } = decodeProtectedHeader(token);
    if (alg !== 'HS256' && providerKeys && jwks) {
      const { payload } = await jwtVerify(token, providerKeys, {
        algorithms: PROVIDER_ALGORITHMS,
        issuer: jwks.issuer,
        audience: jwks.audience,
        requiredClaims: ['exp', 'sub', 'iss', 'aud'],
      });
      return { payload, ours: false };
    }
    if (secret === undefined) throw new TokenRefused('HS256 tokens are not accepted here');
    secretKey ??= crypto.subtle.importKey('raw', keyOf(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    const { payload } = await jwtVerify(token, await secretKey, {
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub'],
      ...(settings.issuer ? { issuer: settings.issuer } : {}),
      ...(settings.audience ? { audience: settings.audience } : {}),
    });
    return { payload, ours: true };
  };

  return async (header) => {
    if (header === null || header.trim() === '') return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw new LedgerError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"');
    const token = match[1]!;
    const known = verified.get(token);
    if (known) return known;
    try {
      const { payload, ours } = await verifyToken(token);
      const claims = claimsSchema.parse(payload);
      checkLifetime(payload, maxLifetime);
      const actor: Actor = { sub: claims.sub, role: claims.role, org: claims.org };
      if (ours) verified.set(token, actor, claims.exp);
      return actor;
    } catch (error) {
      throw new LedgerError('UNAUTHENTICATED', `Invalid token: ${refusalReason(error)}`);
    }
  };
}

/** Refused by us, in our words. */
class TokenRefused extends Error {}

/** Our own words for why a token was refused: jose's messages quote the token's claims. */
function refusalReason(error: unknown): string {
  if (error instanceof TokenRefused) return error.message;
  if (error instanceof z.ZodError) return 'the token lacks sub, role, org or exp';
  if (error instanceof joseErrors.JWTExpired) return 'token expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'wrong issuer';
    if (error.claim === 'aud') return 'wrong audience';
    if (error.claim === 'nbf') return 'token not yet valid';
    return 'the token lacks sub, role, org or exp';
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not accepted';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'bad signature';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return 'the identity provider\u2019s keys cannot be read';
  return 'malformed token';
}

/** Refuses a token that lives longer than `max` seconds: exp − iat, and exp − now (a future iat does not shorten it). */
function checkLifetime(payload: JWTPayload, max: number): void {
  const now = Math.floor(Date.now() / 1000);
  const from = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
  if (typeof payload.exp === 'number' && payload.exp - from > max) {
    throw new TokenRefused(`token lifetime over the maximum of ${max} seconds`);
  }
}

/** One-off verification (a verifier of its own: for a server, keep one from createTokenVerifier). */
export async function verifyBearer(header: string | null, settings: TokenSettings): Promise<Actor | null> {
  return createTokenVerifier(settings)(header);
}

export interface TokenRequest {
  role: Role;
  org: string;
  sub: string;
  /** Lifetime, e.g. "8h" or "30d" (jose's notation). */
  expiresIn: string;
}

export async function signToken(request: TokenRequest, settings: SigningSettings): Promise<string> {
  let jwt = new SignJWT({ role: request.role, org: request.org })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn);
  if (settings.issuer) jwt = jwt.setIssuer(settings.issuer);
  if (settings.audience) jwt = jwt.setAudience(settings.audience);
  return jwt.sign(keyOf(settings.secret));
}
