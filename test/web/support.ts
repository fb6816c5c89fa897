import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { freePort, waitForHealth } from '../support/host.js';

/**
 * What the browser tests need: the built web app, a real server process on the embedded store,
 * Debian's Chromium driven by playwright-core, axe-core injected into each page, screenshots.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
export const SCREENS = join(ROOT, '.ci', 'results', 'screens');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Chromium from the system (CI installs Debian's package); CHROMIUM_PATH overrides it. */
export function chromiumPath(): string | null {
  const candidates = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p)) ?? null;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** web/dist is current when it exists and no file under web/src changed after it was built. */
function builtAndCurrent(): boolean {
  const index = join(ROOT, 'web', 'dist', 'index.html');
  return existsSync(index) && newestSource(join(ROOT, 'web', 'src')) < statSync(index).mtimeMs;
}

/**
 * web/dist as `npm run build:web` makes it; built here when missing or stale (CI builds it
 * before the tests). Test files run in parallel: one builds, the others wait for its lock.
 */
export function ensureWebBuilt(): void {
  const lock = join(ROOT, 'web', '.build-lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (builtAndCurrent()) return;
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) throw new Error(`${lock} stayed for 2 minutes: remove it if no build runs`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (builtAndCurrent()) return;
    // vitest sets NODE_ENV=test, which would make vite bundle React's development build.
    const result = spawnSync('npm', ['run', 'build:web', '--silent'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    if (result.status !== 0) throw new Error(`npm run build:web failed: ${result.stdout}${result.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The latest change to any file under `dir`: a build older than that is stale. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
  output(): string;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * `npm start` as a user runs it: tsx api/index.ts on a fresh data directory (the embedded SQLite
 * store); `extraEnv` adds configuration (an identity provider, say).
 */
export async function startServer(dataDir: string, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('TOTAALBEELD_') && key !== 'PORT' && key !== 'NODE_ENV') env[key] = value;
  }
  Object.assign(env, { NODE_ENV: 'development', PORT: String(port), TOTAALBEELD_DATA_DIR: dataDir, TOTAALBEELD_LOG_LEVEL: 'warn', TOTAALBEELD_RATE_LIMIT_PER_SECOND: '0' }, extraEnv);
  const child = spawn(TSX, ['api/index.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    killGroup(child, 'SIGTERM');
    const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
    if (!done) killGroup(child, 'SIGKILL');
  };
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => output, stop);
  return { url, stop, output: () => output };
}

/** A development token from the server's own endpoint (what the sign-in page uses). */
export async function devToken(server: ServerProcess, role: string, org: string): Promise<string> {
  const response = await fetch(`${server.url}/auth/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, org }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

export async function gql<T>(server: ServerProcess, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * axe-core in the page, WCAG 2.1 A and AA rules: the serious and critical violations (none
 * expected), and a screenshot of the page as it was checked.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${name}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

/**
 * A page in a fresh browser context as a Dutch user has it (nl-NL, Amsterdam); script errors
 * in the page go to `errors` (none is expected).
 */
export async function dutchPage(browser: Browser, errors: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  return { context, page };
}

/** The development sign-in page, as a person fills it in. */
export async function devSignIn(page: Page, server: ServerProcess, role: string, org: string): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
  await page.getByLabel('Rol').selectOption(role);
  await page.getByLabel('Organisatie').fill(org);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
}

export async function launch(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

export interface SeededHousehold {
  householdId: string;
  /** Claim ids by creditor organisation. */
  claims: Record<string, string>;
}

/**
 * A household as the API builds it, quickly: a counsellor's intake (one member, wages), a claim
 * statement requested from each creditor, and each creditor's claim.
 */
export async function seedHousehold(
  server: ServerProcess,
  options: { counsellorOrg: string; bsn: string; name: string; netMonthly: number; claims: Array<{ org: string; reference: string; principal: number }> },
): Promise<SeededHousehold> {
  const counsellor = await devToken(server, 'COUNSELLOR', options.counsellorOrg);
  const tag = `${options.counsellorOrg}-${options.bsn}`;
  const registered = await gql<{ registerHousehold: { householdId: string } }>(
    server,
    counsellor,
    'mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId } }',
    { input: { commandId: `${tag}-household`, composition: 'SINGLE', municipality: 'Utrecht', members: [{ bsn: options.bsn, name: options.name, birthDate: '1980-05-05' }], effectiveOn: '2025-01-01' } },
  );
  const householdId = registered.registerHousehold.householdId;
  await gql(server, counsellor, 'mutation ($input: DeclareIncomeInput!) { declareIncome(input: $input) { revision } }', {
    input: { commandId: `${tag}-income`, householdId, memberBsn: options.bsn, kind: 'WAGES', payer: 'PostNL', netMonthly: options.netMonthly, effectiveOn: '2025-01-01' },
  });
  const dueOn = DateTime.now().setZone('Europe/Amsterdam').plus({ days: 14 }).toISODate()!;
  const claims: Record<string, string> = {};
  for (const claim of options.claims) {
    await gql(server, counsellor, 'mutation ($input: RequestClaimStatementInput!) { requestClaimStatement(input: $input) { revision } }', {
      input: { commandId: `${tag}-request-${claim.org}`, householdId, creditorOrg: claim.org, dueOn },
    });
    const creditor = await devToken(server, 'CREDITOR', claim.org);
    const registeredClaim = await gql<{ registerClaim: { id: string } }>(server, creditor, 'mutation ($input: RegisterClaimInput!) { registerClaim(input: $input) { id } }', {
      input: { commandId: `${tag}-claim-${claim.org}`, householdId, reference: claim.reference, description: `Vordering ${claim.reference}`, principal: claim.principal, preferential: false, consumer: true, incurredOn: '2025-02-01' },
    });
    claims[claim.org] = registeredClaim.registerClaim.id;
  }
  return { householdId, claims };
}

/** Today in Amsterdam as yyyy-mm-dd (the ledger's business date). */
export function amsterdamToday(): string {
  return DateTime.now().setZone('Europe/Amsterdam').toISODate()!;
}
