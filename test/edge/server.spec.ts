import { request as httpRequest } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { signToken } from '../../api/auth.js';
import { startServer, type RunningServer } from '../../api/server.js';
import { ConfigError, loadConfig } from '../../infra/config.js';
import { developmentSecret } from '../../infra/secret.js';
import { freshDir as freshDirWith, removeFreshDirs } from '../support/host.js';

/**
 * The edge's settings from the environment (infra/config.ts, zod): a bad value stops the start
 * with one line naming the variable; good ones reach the running server (api/server.ts), here
 * in-process on a port of its own, over real HTTP.
 */

const freshDir = () => freshDirWith('totaalbeeld-edge-');
afterAll(removeFreshDirs);

const SECRET = 'edge-test-secret-0123456789-abcdefghijkl';

function configError(env: Record<string, string>): string {
  try {
    loadConfig({ TOTAALBEELD_DATA_DIR: freshDir(), ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error(`no configuration error for ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  it('defaults: introspection off in production, log level info, the API limits and rate limit', () => {
    const config = loadConfig({ TOTAALBEELD_DATA_DIR: freshDir() });
    expect(config).toMatchObject({ introspection: false, logLevel: 'info', limits: {}, rateLimit: {} });
    expect(config.jwt.jwksUrl).toBeUndefined();
  });

  it('takes every edge setting', () => {
    const config = loadConfig({
      TOTAALBEELD_DATA_DIR: freshDir(),
      TOTAALBEELD_INTROSPECTION: 'true',
      TOTAALBEELD_LOG_LEVEL: 'silent',
      TOTAALBEELD_MAX_DEPTH: '8',
      TOTAALBEELD_MAX_COST: '10000',
      TOTAALBEELD_MAX_ALIASES: '5',
      TOTAALBEELD_MAX_TOKENS: '500',
      TOTAALBEELD_MAX_BODY_BYTES: '65536',
      TOTAALBEELD_RATE_LIMIT_PER_SECOND: '2.5',
      TOTAALBEELD_RATE_LIMIT_BURST: '20',
      TOTAALBEELD_JWKS_URL: 'https://idp.example/certs',
      TOTAALBEELD_JWT_ISSUER: 'https://idp.example',
      TOTAALBEELD_JWT_AUDIENCE: 'totaalbeeld',
    });
    expect(config).toMatchObject({
      introspection: true,
      logLevel: 'silent',
      limits: { maxDepth: 8, maxCost: 10_000, maxAliases: 5, maxTokens: 500, maxBodyBytes: 65_536 },
      rateLimit: { perSecond: 2.5, burst: 20 },
      jwt: { jwksUrl: 'https://idp.example/certs', issuer: 'https://idp.example', audience: 'totaalbeeld' },
    });
  });

  it.each([
    ['TOTAALBEELD_MAX_DEPTH', '0'],
    ['TOTAALBEELD_MAX_DEPTH', 'deep'],
    ['TOTAALBEELD_MAX_COST', '1.5'],
    ['TOTAALBEELD_MAX_ALIASES', '-1'],
    ['TOTAALBEELD_MAX_TOKENS', ''],
    ['TOTAALBEELD_MAX_BODY_BYTES', '100kB'],
    ['TOTAALBEELD_RATE_LIMIT_PER_SECOND', '-1'],
    ['TOTAALBEELD_RATE_LIMIT_BURST', '0'],
    ['TOTAALBEELD_LOG_LEVEL', 'loud'],
    ['TOTAALBEELD_INTROSPECTION', 'yes'],
    ['TOTAALBEELD_JWKS_URL', 'not a url'],
    ['TOTAALBEELD_JWKS_URL', 'ftp://idp.example/certs'],
  ])('refuses %s=%j in one line naming it', (name, value) => {
    expect(configError({ [name]: value })).toMatch(new RegExp(`^Configuration error: ${name}: `));
  });

  it('requires an issuer and an audience with TOTAALBEELD_JWKS_URL', () => {
    const url = 'https://idp.example/certs';
    expect(configError({ TOTAALBEELD_JWKS_URL: url, TOTAALBEELD_JWT_AUDIENCE: 'a' })).toContain('TOTAALBEELD_JWT_ISSUER must be set when TOTAALBEELD_JWKS_URL is set');
    expect(configError({ TOTAALBEELD_JWKS_URL: url, TOTAALBEELD_JWT_ISSUER: 'i' })).toContain('TOTAALBEELD_JWT_AUDIENCE must be set when TOTAALBEELD_JWKS_URL is set');
  });

  it('in production: an https JWKS URL, which then stands in for the HS256 secret', () => {
    const production = { NODE_ENV: 'production', TOTAALBEELD_KEY_SECRET: SECRET, TOTAALBEELD_JWT_ISSUER: 'i', TOTAALBEELD_JWT_AUDIENCE: 'a' };
    expect(configError({ ...production, TOTAALBEELD_JWKS_URL: 'http://idp.example/certs' })).toContain('TOTAALBEELD_JWKS_URL must be an https:// URL in production');
    expect(configError(production)).toContain('TOTAALBEELD_JWT_SECRET must be set in production');
    const config = loadConfig({ TOTAALBEELD_DATA_DIR: freshDir(), ...production, TOTAALBEELD_JWKS_URL: 'https://idp.example/certs' });
    expect(config.jwt).toEqual({ secret: undefined, issuer: 'i', audience: 'a', jwksUrl: 'https://idp.example/certs', maxLifetimeSeconds: 86_400 });
  });
});

/** A raw HTTP POST (node:http), optionally chunked: no Content-Length. */
function rawPost(port: number, body: string, headers: Record<string, string>, chunked: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', ...headers, ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(Buffer.byteLength(body)) }) } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    if (chunked) for (let at = 0; at < body.length; at += 500) req.write(body.slice(at, at + 500));
    else req.write(body);
    req.end();
  });
}

describe('the running server', () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.close();
  });

  it('applies the configured body limit, rate limit and log level over real HTTP', async () => {
    const dataDir = freshDir();
    server = await startServer(
      loadConfig({
        PORT: '0',
        TOTAALBEELD_DATA_DIR: dataDir,
        TOTAALBEELD_LOG_LEVEL: 'silent',
        TOTAALBEELD_MAX_BODY_BYTES: '1000',
        TOTAALBEELD_RATE_LIMIT_PER_SECOND: '0.01',
        TOTAALBEELD_RATE_LIMIT_BURST: '3',
      }),
    );
    const token = await signToken({ role: 'OMBUDSMAN', org: 'NATIONALE-OMBUDSMAN', sub: 'o', expiresIn: '1h' }, { secret: developmentSecret(dataDir) });
    const auth = { authorization: `Bearer ${token}` };
    const small = JSON.stringify({ query: '{ household(id: "unknown") { id } }' });
    const big = JSON.stringify({ query: '{ __typename }', extensions: { pad: 'x'.repeat(2_000) } });

    expect(await rawPost(server.port, small, auth, false)).toEqual({ status: 200, body: '{"data":{"household":null}}' });
    for (const chunked of [false, true]) {
      const refused = await rawPost(server.port, big, auth, chunked);
      expect(refused.status, `chunked: ${chunked}`).toBe(413);
      expect(JSON.parse(refused.body).errors[0].extensions).toEqual({ code: 'VALIDATION_FAILED', limit: 'MAX_BODY_BYTES', max: 1000 });
    }
    // Three in the burst (the refused ones count too), all spent now; /health is still answered.
    const throttled = await rawPost(server.port, small, auth, false);
    expect(throttled.status).toBe(429);
    expect(JSON.parse(throttled.body).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await fetch(`http://127.0.0.1:${server.port}/health`)).status).toBe(200);
  });

  it('refuses introspection in production unless TOTAALBEELD_INTROSPECTION=true', async () => {
    const production = { NODE_ENV: 'production', PORT: '0', TOTAALBEELD_LOG_LEVEL: 'silent', TOTAALBEELD_JWT_SECRET: SECRET, TOTAALBEELD_KEY_SECRET: SECRET };
    for (const [introspection, expected] of [
      ['false', 'VALIDATION_FAILED'],
      ['true', undefined],
    ] as const) {
      const running = await startServer(loadConfig({ ...production, TOTAALBEELD_DATA_DIR: freshDir(), TOTAALBEELD_INTROSPECTION: introspection }));
      try {
        const answer = await rawPost(running.port, JSON.stringify({ query: '{ __schema { queryType { name } } }' }), {}, false);
        const body = JSON.parse(answer.body) as { errors?: Array<{ extensions: { code: string } }>; data?: unknown };
        expect(body.errors?.[0]?.extensions.code, introspection).toBe(expected);
        if (expected === undefined) expect(body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      } finally {
        await running.close();
      }
    }
  });
});
