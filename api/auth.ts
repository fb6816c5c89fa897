import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { roles, type Actor, type Role } from '../domain/actors.js';
import { LedgerError } from '../domain/errors.js';

/**
 * Bearer tokens per the contract header: HS256 JWTs with sub, role, org and exp; iss and aud
 * are checked only when configured.
 */
export interface TokenSettings {
  secret: string;
  issuer?: string | undefined;
  audience?: string | undefined;
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(roles),
  org: z.string().min(1),
  exp: z.number(),
});

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function verifyBearer(header: string | null, settings: TokenSettings): Promise<Actor | null> {
  if (header === null || header.trim() === '') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new LedgerError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"');
  try {
    const { payload } = await jwtVerify(match[1]!, keyOf(settings.secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub'],
      ...(settings.issuer ? { issuer: settings.issuer } : {}),
      ...(settings.audience ? { audience: settings.audience } : {}),
    });
    const claims = claimsSchema.parse(payload);
    return { sub: claims.sub, role: claims.role, org: claims.org };
  } catch (error) {
    const reason = error instanceof z.ZodError ? 'the token lacks sub, role, org or exp' : (error as Error).message;
    throw new LedgerError('UNAUTHENTICATED', `Invalid token: ${reason}`);
  }
}

export interface TokenRequest {
  role: Role;
  org: string;
  sub: string;
  /** Lifetime, e.g. "8h" or "30d" (jose's notation). */
  expiresIn: string;
}

export async function signToken(request: TokenRequest, settings: TokenSettings): Promise<string> {
  let jwt = new SignJWT({ role: request.role, org: request.org })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn);
  if (settings.issuer) jwt = jwt.setIssuer(settings.issuer);
  if (settings.audience) jwt = jwt.setAudience(settings.audience);
  return jwt.sign(keyOf(settings.secret));
}
