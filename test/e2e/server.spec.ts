import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, businessDateAt } from '../../domain/dates.js';
import { defaultParameters } from '../../domain/parameters.js';
import { freePort, freshDir as freshDirWith, removeFreshDirs } from '../support/host.js';

const freshDir = (prefix = 'totaalbeeld-e2e-') => freshDirWith(prefix);

/**
 * The real server process, as `npm start` runs it: tsx api/index.ts with its configuration from
 * the environment, a SQLite file in TOTAALBEELD_DATA_DIR and the development secret that the
 * token CLI shares. Everything over real HTTP.
 *
 * The processes run the project's own tsx binary (what `npx tsx` resolves to) rather than npx
 * itself, so that npm's own warnings do not end up in the output the tests read.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const START_TIMEOUT_MS = 45_000;
const LONG = 120_000;


/** The environment without any TOTAALBEELD_* or PORT from the developer's shell. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('TOTAALBEELD_') || key === 'PORT' || key === 'NODE_ENV') continue;
    env[key] = value;
  }
  return { ...env, NODE_ENV: 'development', ...extra };
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a script to completion (a CLI, or a server start that must fail). */
function run(script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new Error(`${script} did not finish within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // The process group of the tsx process we started (tsx runs the script in a child of its own).
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

interface ServerProcess {
  url: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

async function startServer(dataDir: string, extra: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const env = cleanEnv({ PORT: String(port), TOTAALBEELD_DATA_DIR: dataDir, ...extra });
  const child = spawn(TSX, ['api/index.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, 'SIGTERM');
    const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
    if (!done) {
      killGroup(child, 'SIGKILL');
      await exited;
    }
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  // Ready once /health answers 200; what exactly it answers is asserted by the first test.
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited during start (code ${child.exitCode}): ${output}`);
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.status === 200) {
        await response.body?.cancel();
        return { url, port, output: () => output, stop };
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer /health within ${START_TIMEOUT_MS} ms: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The id of the process that answers the server's /health (tsx runs the script in a child of its own). */
async function servingPid(server: ServerProcess): Promise<number> {
  const health = (await (await fetch(`${server.url}/health`)).json()) as { pid: number };
  expect(Number.isInteger(health.pid)).toBe(true);
  return health.pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface GqlResponse {
  data?: any;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function gql(server: ServerProcess, token: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResponse> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GqlResponse;
}

async function token(dataDir: string, role: string, org: string, extra: Record<string, string> = {}): Promise<string> {
  const result = await run('infra/cli/token.ts', ['--role', role, '--org', org], cleanEnv({ TOTAALBEELD_DATA_DIR: dataDir, ...extra }));
  expect(result.code, result.stderr).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  return lines[0]!;
}

const OVERVIEW = `query ($id: ID!) {
  household(id: $id) {
    id composition municipality revision
    members { name bsn birthDate }
    totals { outstanding claimCount creditorCount }
    claims { id creditorId reference principal costs interest paid writtenOff outstanding preferential status }
    capacity(on: "2025-03-01") {
      on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource flags
      allocations { measureId kind creditorId monthly coordinator }
    }
  }
}`;

afterAll(() => {
  removeFreshDirs();
});

describe('the server process', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let counsellor: string;
  let householdId: string;
  let overviewBefore: GqlResponse;

  beforeAll(async () => {
    dataDir = freshDir();
    server = await startServer(dataDir);
  }, LONG);

  afterAll(async () => {
    await server?.stop();
  }, LONG);

  it('answers /health with 200 and the store in use', async () => {
    const response = await fetch(`${server!.url}/health`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toMatch(/^\{"status":"ok","store":"sqlite","pid":\d+\}$/);
    expect(JSON.parse(body)).toEqual({ status: 'ok', store: 'sqlite', pid: await servingPid(server!) });
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(server!.output()).toContain(`Totaalbeeld API on http://localhost:${server!.port}/graphql (store: sqlite`);
    // Without TOTAALBEELD_JWT_SECRET, outside production, the secret is generated into the data directory.
    expect(readdirSync(dataDir).sort()).toEqual(expect.arrayContaining(['jwt-secret', 'totaalbeeld.sqlite']));
  });

  it('takes a token from the token CLI (shared development secret) and serves commands and queries over HTTP', async () => {
    counsellor = await token(dataDir, 'COUNSELLOR', 'GEM-TEST');

    const registered = await gql(server!, counsellor, `mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId revision recordedAt } }`, {
      input: {
        commandId: 'e2e-household-1',
        composition: 'SINGLE',
        municipality: 'Utrecht',
        members: [{ bsn: '111222333', name: 'Jan Jansen', birthDate: '1985-06-15' }],
        effectiveOn: '2025-01-01',
      },
    });
    expect(registered.errors).toBeUndefined();
    expect(registered.data.registerHousehold.revision).toBe(1);
    // The instant it was stored, with the Amsterdam offset; the same command again answers it unchanged.
    expect(registered.data.registerHousehold.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+0[12]:00$/);
    householdId = registered.data.registerHousehold.householdId;
    const repeated = await gql(server!, counsellor, `mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId revision recordedAt } }`, {
      input: {
        commandId: 'e2e-household-1',
        composition: 'SINGLE',
        municipality: 'Utrecht',
        members: [{ bsn: '111222333', name: 'Jan Jansen', birthDate: '1985-06-15' }],
        effectiveOn: '2025-01-01',
      },
    });
    expect(repeated.data.registerHousehold).toEqual(registered.data.registerHousehold);

    const income = await gql(server!, counsellor, `mutation ($input: DeclareIncomeInput!) { declareIncome(input: $input) { householdId revision } }`, {
      input: {
        commandId: 'e2e-income-1',
        householdId,
        memberBsn: '111222333',
        kind: 'WAGES',
        payer: 'ACME BV',
        netMonthly: 120_000,
        effectiveOn: '2025-01-01',
      },
    });
    expect(income).toEqual({ data: { declareIncome: { householdId, revision: 2 } } });

    // Creditors come in by invitation (issue 11): the counsellor asks CJIB for its claims first,
    // due four weeks from today (the server runs on the real clock).
    const requested = await gql(server!, counsellor, `mutation ($input: RequestClaimStatementInput!) { requestClaimStatement(input: $input) { householdId revision } }`, {
      input: { commandId: 'e2e-statement-1', householdId, creditorOrg: 'CJIB', dueOn: addDays(businessDateAt(new Date().toISOString()), 28) },
    });
    expect(requested).toEqual({ data: { requestClaimStatement: { householdId, revision: 3 } } });

    const creditor = await token(dataDir, 'CREDITOR', 'CJIB');
    const claim = await gql(server!, creditor, `mutation ($input: RegisterClaimInput!) { registerClaim(input: $input) { creditorId outstanding status } }`, {
      input: {
        commandId: 'e2e-claim-1',
        householdId,
        reference: 'CJIB-1',
        description: 'Verkeersboete',
        principal: 100_000,
        preferential: true,
        consumer: true,
        incurredOn: '2025-01-15',
      },
    });
    expect(claim).toEqual({ data: { registerClaim: { creditorId: 'CJIB', outstanding: 100_000, status: 'OPEN' } } });

    overviewBefore = await gql(server!, counsellor, OVERVIEW, { id: householdId });
    expect(overviewBefore.errors).toBeUndefined();
    expect(overviewBefore.data.household).toMatchObject({
      id: householdId,
      composition: 'SINGLE',
      municipality: 'Utrecht',
      revision: 4,
      members: [{ name: 'Jan Jansen', bsn: '111222333', birthDate: '1985-06-15' }],
      totals: { outstanding: 100_000, claimCount: 1, creditorCount: 1 },
      capacity: {
        on: '2025-03-01',
        netIncome: 120_000,
        protectedIncome: 114_000,
        protectedIncomeBasis: 'ESTIMATE',
        attachable: 6_000,
        committed: 0,
        remaining: 6_000,
        withheldAtSource: 0,
        flags: ['PROTECTED_INCOME_ESTIMATED'],
        allocations: [],
      },
    });
  });

  it('rejects a request without a token, and a token signed with another secret', async () => {
    const anonymous = await gql(server!, null, OVERVIEW, { id: householdId });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const elsewhere = await token(freshDir(), 'OMBUDSMAN', 'NO');
    const forged = await gql(server!, elsewhere, OVERVIEW, { id: householdId });
    expect(forged.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(forged)).not.toContain('111222333');
  });

  it('serves GraphiQL on GET /graphql to a browser outside production', async () => {
    const response = await fetch(`${server!.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect((await response.text()).toLowerCase()).toContain('graphiql');
  });

  it('keeps the data across a restart on the same data directory', async () => {
    const before = await servingPid(server!);
    await server!.stop();
    server = await startServer(dataDir);
    // The answers below come from a new process, not the stopped one.
    const after = await gql(server, counsellor, OVERVIEW, { id: householdId });
    const now = await servingPid(server);
    expect(now).not.toBe(before);
    expect(alive(before)).toBe(false);
    expect(after).toEqual(overviewBefore);
    // The old token still works: the secret in the data directory was kept, not regenerated.
    const repeat = await gql(server, counsellor, `mutation ($input: DeclareIncomeInput!) { declareIncome(input: $input) { revision } }`, {
      input: {
        commandId: 'e2e-income-1',
        householdId,
        memberBsn: '111222333',
        kind: 'WAGES',
        payer: 'ACME BV',
        netMonthly: 120_000,
        effectiveOn: '2025-01-01',
      },
    });
    // A repeat across the restart is still recognised: same receipt, nothing new.
    expect(repeat).toEqual({ data: { declareIncome: { revision: 2 } } });
  }, LONG);

  it('rebuilds the projections from the event log (server stopped) to the same overview', async () => {
    await server!.stop();
    server = undefined;
    const rebuilt = await run('infra/cli/rebuild-projections.ts', [], cleanEnv({ TOTAALBEELD_DATA_DIR: dataDir }));
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout.trim()).toMatch(/^Rebuilt household_overview from 4 events for 1 households in \d+\.\d\d s$/);
    server = await startServer(dataDir);
    const after = await gql(server, counsellor, OVERVIEW, { id: householdId });
    expect(after).toEqual(overviewBefore);
    expect(alive(await servingPid(server))).toBe(true);
  }, LONG);
});

describe('start-up configuration', () => {
  function oneLine(stderr: string): string {
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    return lines[0]!;
  }

  it('refuses to start in production without TOTAALBEELD_JWT_SECRET, with a one-line message', async () => {
    const dataDir = freshDir();
    const port = await freePort();
    const result = await run('api/index.ts', [], cleanEnv({ NODE_ENV: 'production', PORT: String(port), TOTAALBEELD_DATA_DIR: dataDir }));
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(oneLine(result.stderr)).toContain('TOTAALBEELD_JWT_SECRET');
    expect(result.stdout).not.toContain('Totaalbeeld API on');
    // It stopped before touching the data directory: no generated secret, no database.
    expect(readdirSync(dataDir)).toEqual([]);
  }, LONG);

  it('refuses a TOTAALBEELD_JWT_SECRET shorter than 32 characters, naming the variable', async () => {
    const result = await run(
      'api/index.ts',
      [],
      cleanEnv({ NODE_ENV: 'production', PORT: String(await freePort()), TOTAALBEELD_DATA_DIR: freshDir(), TOTAALBEELD_JWT_SECRET: 'short' }),
    );
    expect(result.code).not.toBe(0);
    expect(oneLine(result.stderr)).toContain('TOTAALBEELD_JWT_SECRET');
  }, LONG);

  it('refuses a TOTAALBEELD_PARAMETERS file that is not JSON, naming the variable', async () => {
    const dir = freshDir();
    const file = join(dir, 'parameters.json');
    writeFileSync(file, '{ "socialAssistanceNorms": [ ');
    const result = await run('api/index.ts', [], cleanEnv({ PORT: String(await freePort()), TOTAALBEELD_DATA_DIR: join(dir, 'data'), TOTAALBEELD_PARAMETERS: file }));
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(oneLine(result.stderr)).toContain('TOTAALBEELD_PARAMETERS');
    expect(result.stdout).not.toContain('Totaalbeeld API on');
  }, LONG);

  it('refuses a TOTAALBEELD_PARAMETERS file that is JSON but not a valid table, naming the variable', async () => {
    const dir = freshDir();
    const file = join(dir, 'parameters.json');
    const [first] = defaultParameters.socialAssistanceNorms;
    writeFileSync(file, JSON.stringify({ socialAssistanceNorms: [{ ...first, single: -1 }] }));
    const result = await run('api/index.ts', [], cleanEnv({ PORT: String(await freePort()), TOTAALBEELD_DATA_DIR: join(dir, 'data'), TOTAALBEELD_PARAMETERS: file }));
    expect(result.code).not.toBe(0);
    expect(oneLine(result.stderr)).toContain('TOTAALBEELD_PARAMETERS');
  }, LONG);

  it('refuses a TOTAALBEELD_PARAMETERS file that does not exist, naming the variable', async () => {
    const dir = freshDir();
    const result = await run(
      'api/index.ts',
      [],
      cleanEnv({ PORT: String(await freePort()), TOTAALBEELD_DATA_DIR: join(dir, 'data'), TOTAALBEELD_PARAMETERS: join(dir, 'missing.json') }),
    );
    expect(result.code).not.toBe(0);
    expect(oneLine(result.stderr)).toContain('TOTAALBEELD_PARAMETERS');
  }, LONG);

  it('uses a valid TOTAALBEELD_PARAMETERS table, and in production with a secret serves no GraphiQL', async () => {
    const dir = freshDir();
    const file = join(dir, 'parameters.json');
    const rows = defaultParameters.socialAssistanceNorms;
    // A made-up July 2025 row, so that 2025-08-01 is covered and its norm is recognisable.
    writeFileSync(file, JSON.stringify({ socialAssistanceNorms: [...rows, { ...rows[rows.length - 1]!, validFrom: '2025-07-01', single: 200_000 }] }));
    const secret = 'e2e-production-secret-0123456789-abcdefghij';
    const dataDir = join(dir, 'data');
    const server = await startServer(dataDir, { NODE_ENV: 'production', TOTAALBEELD_JWT_SECRET: secret, TOTAALBEELD_KEY_SECRET: secret, TOTAALBEELD_PARAMETERS: file });
    try {
      expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
      const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
      const body = await page.text();
      expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
      expect(body.toLowerCase()).not.toContain('graphiql');

      const counsellor = await token(dataDir, 'COUNSELLOR', 'GEM-PROD', { NODE_ENV: 'production', TOTAALBEELD_JWT_SECRET: secret, TOTAALBEELD_KEY_SECRET: secret });
      const registered = await gql(server, counsellor, `mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId } }`, {
        input: {
          commandId: 'prod-1',
          composition: 'SINGLE',
          municipality: 'Utrecht',
          members: [{ bsn: '111222333', name: 'Jan', birthDate: '1985-06-15' }],
          effectiveOn: '2025-01-01',
        },
      });
      expect(registered.errors).toBeUndefined();
      const id = registered.data.registerHousehold.householdId as string;
      await gql(server, counsellor, `mutation ($input: DeclareIncomeInput!) { declareIncome(input: $input) { revision } }`, {
        input: { commandId: 'prod-2', householdId: id, memberBsn: '111222333', kind: 'WAGES', payer: 'ACME', netMonthly: 300_000, effectiveOn: '2025-01-01' },
      });
      const capacity = await gql(server, counsellor, `query ($id: ID!) { household(id: $id) { capacity(on: "2025-08-01") { protectedIncome flags } } }`, { id });
      // 95% of the loaded 200000 norm; the July row is current, so nothing is outdated.
      expect(capacity).toEqual({ data: { household: { capacity: { protectedIncome: 190_000, flags: ['PROTECTED_INCOME_ESTIMATED'] } } } });
    } finally {
      await server.stop();
    }
  }, LONG);
});
