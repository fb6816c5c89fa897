import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command, localUrl } from '../../infra/cli/hints.js';
import { createTestApi, expectError } from '../support/api.js';
import { ROOT } from './support.js';

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
});

describe('npm run token', () => {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');

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
