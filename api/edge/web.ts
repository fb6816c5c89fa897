import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { z } from 'zod';
import { roles } from '../../domain/actors.js';
import { signToken } from '../auth.js';

/**
 * The browser side of the server: the built web app (web/dist) at `/` with a fallback to its
 * index.html for the app's own routes, GraphiQL's files from its npm package (no CDN, so
 * /graphql works offline), the web app's sign-in settings, and — outside production only —
 * a development token for the sign-in page.
 */

/** The project's root: the nearest folder above this file with a package.json (api/edge/ from the sources, dist/api/edge/ when built). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const ROOT = projectRoot();
export const WEB_DIST = join(ROOT, 'web', 'dist');
const GRAPHIQL_DIST = join(dirname(createRequire(import.meta.url).resolve('@graphql-yoga/graphiql/package.json')), 'dist');
const GRAPHIQL_ASSETS = '/graphiql-assets/';
export const DEV_TOKEN_PATH = '/auth/dev-token';
export const WEB_CONFIG_PATH = '/auth/config';

/** OpenID Connect for the web app (authorization code + PKCE); unset: the development sign-in only. */
export interface OidcSettings {
  authority: string;
  clientId: string;
  scope: string;
}

export interface WebSettings {
  production: boolean;
  /** Our own HS256 secret; the development token is signed with it (never in production). */
  secret: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  oidc?: OidcSettings | undefined;
  /** Where the built app is; default web/dist. */
  distDir?: string | undefined;
}

const oidcEnvSchema = z.object({
  TOTAALBEELD_OIDC_AUTHORITY: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  TOTAALBEELD_OIDC_CLIENT_ID: z.string().min(1).optional(),
  TOTAALBEELD_OIDC_SCOPE: z.string().min(1).default('openid profile'),
});

/** The identity provider the web app signs in with, from the environment; a bad value stops the start. */
export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): OidcSettings | undefined {
  const parsed = oidcEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Configuration error: ${issue.path.join('.')}: ${issue.message}`);
  }
  const { TOTAALBEELD_OIDC_AUTHORITY: authority, TOTAALBEELD_OIDC_CLIENT_ID: clientId, TOTAALBEELD_OIDC_SCOPE: scope } = parsed.data;
  if (authority === undefined && clientId === undefined) return undefined;
  if (authority === undefined || clientId === undefined) {
    throw new Error('Configuration error: TOTAALBEELD_OIDC_AUTHORITY and TOTAALBEELD_OIDC_CLIENT_ID must be set together');
  }
  return { authority, clientId, scope };
}

const devTokenRequest = z.object({
  role: z.enum(roles),
  org: z.string().trim().min(1, 'choose an organisation').max(100),
});

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `root` that `urlPath` names, or null when it leaves root or is no file. */
async function fileUnder(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = normalize(join(root, decoded));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  try {
    return (await stat(file)).isFile() ? file : null;
  } catch {
    return null;
  }
}

function json(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}

async function fileResponse(file: string, method: string, cache: string): Promise<Response> {
  const type = contentTypes[extname(file)] ?? 'application/octet-stream';
  const body = method === 'HEAD' ? null : await readFile(file);
  return new Response(body, { status: 200, headers: { 'content-type': type, 'cache-control': cache } });
}

const NOT_BUILT = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Totaalbeeld</title></head>
<body><main><h1>Totaalbeeld</h1><p>The web app is not built yet: run <code>npm run build:web</code> and reload.
The API is at <a href="/graphql">/graphql</a>.</p></main></body></html>`;

/** GraphiQL as yoga renders it, with its scripts, styles and editor workers from this server. */
export function renderLocalGraphiQL(options: GraphiQLOptions): string {
  const opts = JSON.stringify(options).replace(/</g, '\\u003c');
  const title = options.title ?? 'Totaalbeeld GraphiQL';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSETS}graphiql.css"></head>
<body id="body" class="no-focus-outline"><div id="root">Loading ${title}…</div>
<script>self.MonacoEnvironment={globalAPI:false,getWorkerUrl:function(_id,label){return {editorWorkerService:"${GRAPHIQL_ASSETS}monacoeditorwork/editor.worker.bundle.js",json:"${GRAPHIQL_ASSETS}monacoeditorwork/json.worker.bundle.js",graphql:"${GRAPHIQL_ASSETS}monacoeditorwork/graphql.worker..bundle.js"}[label];}};</script>
<script src="${GRAPHIQL_ASSETS}yoga-graphiql.umd.js"></script>
<script>YogaGraphiQL.renderYogaGraphiQL(document.getElementById("root"),${opts})</script></body></html>`;
}

/**
 * Serves everything that is not the API: GraphiQL's files, the sign-in settings and development
 * token, and the web app. `/graphql` and `/health` are left to the plugins and yoga.
 */
export function webPlugin(settings: WebSettings, graphqlEndpoint: string): Plugin {
  const dist = settings.distDir ?? WEB_DIST;
  return {
    async onRequest({ request, url, endResponse }) {
      const path = url.pathname;
      if (path === graphqlEndpoint || path === '/health' || path.startsWith('/_yoga/')) return;
      const method = request.method;

      if (path === DEV_TOKEN_PATH) {
        // A development convenience only: in production there is no such thing.
        if (settings.production || settings.secret === undefined) return endResponse(json({ error: 'not found' }, 404));
        if (method !== 'POST') return endResponse(json({ error: 'use POST with {"role", "org"}' }, 405));
        const body: unknown = await request.json().catch(() => null);
        const parsed = devTokenRequest.safeParse(body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          return endResponse(json({ error: `${issue.path.join('.') || 'body'}: ${issue.message}` }, 400));
        }
        const { role, org } = parsed.data;
        const token = await signToken(
          { role, org, sub: `${role.toLowerCase()}@${org}`, expiresIn: '8h' },
          { secret: settings.secret, issuer: settings.issuer, audience: settings.audience },
        );
        return endResponse(json({ token, role, org }, 200));
      }

      if (method !== 'GET' && method !== 'HEAD') return;

      if (path === WEB_CONFIG_PATH) {
        return endResponse(
          json({ devSignIn: !settings.production && settings.secret !== undefined, oidc: settings.oidc ?? null }, 200),
        );
      }

      if (path.startsWith(GRAPHIQL_ASSETS)) {
        const file = await fileUnder(GRAPHIQL_DIST, path.slice(GRAPHIQL_ASSETS.length));
        if (!file) return endResponse(new Response('not found', { status: 404 }));
        return endResponse(await fileResponse(file, method, 'public, max-age=86400'));
      }

      const file = path === '/' ? null : await fileUnder(dist, path);
      // Vite names what it builds into assets/ by content hash: those never change.
      if (file) return endResponse(await fileResponse(file, method, path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'));
      // A missing file with an extension is a 404; anything else is one of the app's routes.
      if (extname(path) !== '') return endResponse(new Response('not found', { status: 404 }));
      const index = join(dist, 'index.html');
      if (!existsSync(index)) return endResponse(new Response(NOT_BUILT, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } }));
      return endResponse(await fileResponse(index, method, 'no-cache'));
    },
  };
}

/**
 * `npm start` on a fresh clone: build the web app once when web/dist has none. Without the
 * build tools (an install without dev dependencies) the API still starts, and `/` says how to
 * build it.
 */
export function ensureWebBuilt(log: (line: string) => void): void {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  if (!existsSync(join(ROOT, 'node_modules', 'vite'))) {
    log('The web app is not built and vite is not installed: run npm install && npm run build:web');
    return;
  }
  log('Building the web app (first start; npm run build:web does it by hand)…');
  // NODE_ENV=development (the server's default) would make vite bundle React's development build.
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:web', '--silent'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) log('The web app did not build; the API runs without it (see the output above).');
}
