import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { command, localUrl, startCommand } from '../../infra/cli/hints.js';
import { createTestApi, expectError } from '../support/api.js';
import { freshDir, removeFreshDirs } from '../support/host.js';
import { ROOT, startServer } from './support.js';

const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');

/** The environment without this project's settings, as a new user's shell has it. */
function withoutOurs(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('TOTAALBEELD_') && key !== 'PORT'));
}

afterAll(() => removeFreshDirs());

/** What a new user is told to type: commands that work in their set-up, and help when asked. */
describe('the hints npm start and npm run demo print', () => {
  it('carry the configured data directory and store, so token and demo reach the same store as the server', () => {
    expect(command('npm run demo', {})).toBe('npm run demo');
    expect(command('npm run demo', { TOTAALBEELD_DATA_DIR: '/tmp/tb' })).toBe('TOTAALBEELD_DATA_DIR=/tmp/tb npm run demo');
    expect(command('npm run token -- --role OMBUDSMAN --org NO', { TOTAALBEELD_DATA_DIR: '/srv/my data', TOTAALBEELD_STORE: 'sqlite' })).toBe(
      "TOTAALBEELD_DATA_DIR='/srv/my data' TOTAALBEELD_STORE=sqlite npm run token -- --role OMBUDSMAN --org NO",
    );
  });

  it('name the port the server listens on', () => {
    expect(localUrl('/', {})).toBe('http://localhost:4000/');
    expect(localUrl('/graphql', { PORT: '5123' })).toBe('http://localhost:5123/graphql');
    expect(localUrl('/', { PORT: '5123' }, 6000)).toBe('http://localhost:6000/');
  });

  it('start the server on the port whose address they print', () => {
    expect(startCommand({})).toBe('npm start');
    expect(startCommand({ PORT: '5123', TOTAALBEELD_DATA_DIR: '/tmp/tb' })).toBe('TOTAALBEELD_DATA_DIR=/tmp/tb PORT=5123 npm start');
  });

  it('are what npm run demo prints: the server command, address and token command for this data directory and port', () => {
    const dir = freshDir('totaalbeeld-demo-hints-');
    const result = spawnSync(tsx, ['infra/cli/demo.ts', '--households', '1'], { cwd: ROOT, encoding: 'utf8', env: { ...withoutOurs(process.env), TOTAALBEELD_DATA_DIR: dir, PORT: '5123' } });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Loaded 1 demo households \(seed 1\) into the embedded store in /);
    expect(result.stdout).toContain(`In the browser: TOTAALBEELD_DATA_DIR=${dir} PORT=5123 npm start, open http://localhost:5123/ and sign in as Schuldhulpverlener`);
    expect(result.stdout).toContain(`Or look at one in GraphiQL (http://localhost:5123/graphql):`);
    expect(result.stdout).toContain(`TOTAALBEELD_DATA_DIR=${dir} npm run token -- --role COUNSELLOR --org GEM-`);
  }, 60_000);

  it('are what npm start prints on an empty store: its own address and the demo and token commands for its data directory', async () => {
    const dir = freshDir('totaalbeeld-start-hints-');
    const server = await startServer(dir);
    try {
      const port = new URL(server.url).port;
      expect(server.output()).toContain(`Web app on http://localhost:${port}/`);
      expect(server.output()).toContain(`Get a token with: TOTAALBEELD_DATA_DIR=${dir} npm run token -- --role COUNSELLOR --org GEM-UTRECHT`);
      expect(server.output()).toContain(`(for this server's store: TOTAALBEELD_DATA_DIR=${dir} npm run demo)`);
    } finally {
      await server.stop();
    }
  }, 90_000);
});

describe('npm run token', () => {

  it('prints its usage for --help and exits 0', () => {
    const result = spawnSync(tsx, ['infra/cli/token.ts', '--help'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TOTAALBEELD_DATA_DIR: '/tmp/tb-help' } });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('usage: npm run token -- --role CREDITOR|COUNSELLOR|OMBUDSMAN|HOUSEHOLD|ADMIN --org ORG');
    expect(result.stdout).toContain('TOTAALBEELD_DATA_DIR, now /tmp/tb-help');
    expect(result.stdout).not.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/m);
  }, 30_000);

  it('answers an unknown option with its usage and exit code 2', () => {
    const result = spawnSync(tsx, ['infra/cli/token.ts', '--rol', 'COUNSELLOR'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: npm run token');
    expect(result.stderr).toContain("Unknown option '--rol'");
  }, 30_000);
});

describe('a household the viewer may not see', () => {
  it('answers null, exactly as an unknown id does, so no one learns which households exist (issue 11)', async () => {
    const api = createTestApi();
    try {
      const registering = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
      const { householdId } = await api.registerHousehold(registering);
      const query = `query ($id: ID!) { household(id: $id) { id totals { outstanding } } }`;
      const unknownId = '7d0c3f64-2b8e-4d6a-9a51-0c6f2e1b9a77';
      for (const [role, org] of [['COUNSELLOR', 'GEM-AMSTERDAM'], ['CREDITOR', 'CJIB'], ['HOUSEHOLD', 'someone-else']] as const) {
        const token = await api.tokenFor(role, org);
        const hidden = await api.gql(token, query, { id: householdId });
        const unknown = await api.gql(token, query, { id: unknownId });
        expect(hidden, `${role} ${org}`).toEqual({ data: { household: null } });
        expect(unknown, `${role} ${org}`).toEqual(hidden);
      }
      // The registering counsellor (with its mandate) does see it.
      expect((await api.gql(registering, query, { id: householdId })).data.household.id).toBe(householdId);
    } finally {
      await api.close();
    }
  });
});

describe('the timeline a person reads', () => {
  it('names amounts in euros, not cents', async () => {
    const api = createTestApi();
    try {
      const counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
      const { householdId } = await api.registerHousehold(counsellor);
      await api.declareIncome(counsellor, householdId, { netMonthly: 123_456 });
      await api.registerClaim(await api.tokenFor('CREDITOR', 'CJIB'), householdId, { reference: 'CJIB-9', principal: 100_000, preferential: true });
      const result = await api.gql(await api.tokenFor('OMBUDSMAN', 'NO'), `query ($id: ID!) { household(id: $id) { timeline { edges { node { type summary } } } } }`, { id: householdId });
      const summaries = (result.data.household.timeline.edges as Array<{ node: { type: string; summary: string } }>).map((e) => e.node.summary);
      expect(summaries).toContain('Claim CJIB-9 registered: principal € 1.000,00, preferential');
      expect(summaries.find((s) => s.startsWith('Income declared'))).toMatch(/, € 1\.234,56 net a month$/);
      expect(summaries.join('\n')).not.toContain('cents');
    } finally {
      await api.close();
    }
  });
});

describe('GraphQL over HTTP status codes from the running server (npm start)', () => {
  it('answer 400 to a body that does not parse, whatever the Accept header, and 401 UNAUTHENTICATED to an expired or forged token', async () => {
    const dir = freshDir('totaalbeeld-status-');
    const server = await startServer(dir);
    try {
      const post = (headers: Record<string, string>, body: string) => fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      for (const accept of [undefined, '*/*', 'application/json', 'application/graphql-response+json']) {
        const response = await post(accept ? { accept } : {}, '{"query": "{ __typename }"');
        expect(response.status, `Accept: ${accept}`).toBe(400);
        expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('VALIDATION_FAILED');
      }
      // Signed with this server's own development secret (kept in the data directory), an hour past its exp.
      const secret = new TextEncoder().encode(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim());
      const now = Math.floor(Date.now() / 1000);
      const expired = await new SignJWT({ role: 'COUNSELLOR', org: 'GEM-UTRECHT' }).setProtectedHeader({ alg: 'HS256' }).setSubject('c@GEM-UTRECHT').setIssuedAt(now - 7_200).setExpirationTime(now - 3_600).sign(secret);
      const forged = await new SignJWT({ role: 'OMBUDSMAN', org: 'NO' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode('not-the-secret-of-this-server-0123456789'));
      for (const [token, reason] of [[expired, 'token expired'], [forged, 'bad signature']] as const) {
        for (const accept of ['application/json', 'application/graphql-response+json']) {
          const response = await post({ accept, authorization: `Bearer ${token}` }, JSON.stringify({ query: '{ __typename }' }));
          expect(response.status, `${reason}, Accept: ${accept}`).toBe(401);
          const error = ((await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> }).errors[0]!;
          expect(error.extensions.code).toBe('UNAUTHENTICATED');
          expect(error.message).toBe(`Invalid token: ${reason}`);
        }
      }
      // The same server's own fresh token is accepted: the refusals were for the token, not the server.
      const valid = await new SignJWT({ role: 'COUNSELLOR', org: 'GEM-UTRECHT' }).setProtectedHeader({ alg: 'HS256' }).setSubject('c@GEM-UTRECHT').setIssuedAt().setExpirationTime('1h').sign(secret);
      expect((await post({ accept: 'application/json', authorization: `Bearer ${valid}` }, JSON.stringify({ query: '{ __typename }' }))).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 90_000);
});
