import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../support/api.js';
import { capturedLogger, codesOf, createEdgeApi, registerHousehold, type Answer, type EdgeApi } from './support.js';

/** Issue 11 item 8: the edge's leftovers, each through the API. */

let api: EdgeApi;
let log: ReturnType<typeof capturedLogger>;
let counsellor: string;
let ombudsman: string;

beforeEach(async () => {
  log = capturedLogger('info');
  api = createEdgeApi({ logger: log.logger, rateLimit: false });
  counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
  ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
});
afterEach(async () => {
  await api.close();
});

function issuePaths(answer: Answer): string[] {
  expect(codesOf(answer.body), JSON.stringify(answer.body)).toEqual(['VALIDATION_FAILED']);
  return (answer.body.errors![0]!.extensions?.issues ?? []).map((i) => i.path);
}

describe('page sizes', () => {
  const TIMELINE = `query ($id: ID!, $n: Int) { household(id: $id) { timeline(first: $n) { edges { node { revision } } } } }`;

  it('refuses first over 100 from a variable (the cost limit sees a variable as 1), before any resolver', async () => {
    const householdId = await registerHousehold(api, counsellor);
    api.resetLedgerCalls();
    expect(issuePaths(await api.post(ombudsman, TIMELINE, { id: householdId, n: 101 }))).toEqual(['first']);
    expect(issuePaths(await api.post(ombudsman, TIMELINE, { id: householdId, n: 1_000_000 }))).toEqual(['first']);
    expect(api.ledgerCalls()).toBe(0);
    expect((await api.post(ombudsman, TIMELINE, { id: householdId, n: 100 })).body.errors).toBeUndefined();
  });

  it('refuses first and last over 100 as literals too, on every list', async () => {
    const householdId = await registerHousehold(api, counsellor);
    expect(issuePaths(await api.post(ombudsman, `query ($id: ID!) { household(id: $id) { timeline(last: 101) { edges { node { revision } } } } }`, { id: householdId }))).toEqual(['last']);
    expect(issuePaths(await api.post(ombudsman, `query ($n: Int) { readAudit(first: $n) { edges { node { field } } } }`, { n: 500 }))).toEqual(['first']);
  });
});

describe('tokens', () => {
  const key = new TextEncoder().encode(TEST_SECRET);
  const now = () => Math.floor(Date.now() / 1000);
  const token = (claims: { iat?: number; exp: number }) => {
    let jwt = new SignJWT({ role: 'OMBUDSMAN', org: 'NATIONALE-OMBUDSMAN' }).setProtectedHeader({ alg: 'HS256' }).setSubject('o@no').setExpirationTime(claims.exp);
    if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
    return jwt.sign(key);
  };
  const refusal = async (bearer: string): Promise<string> => {
    const answer = await api.post(bearer, '{ __typename }');
    expect(codesOf(answer.body)).toEqual(['UNAUTHENTICATED']);
    return answer.body.errors![0]!.message;
  };

  it('refuses a lifetime over 24 hours by default: exp − iat, or exp − now without iat', async () => {
    expect(await refusal(await token({ iat: now(), exp: now() + 24 * 3_600 + 60 }))).toBe('Invalid token: token lifetime over the maximum of 86400 seconds');
    expect(await refusal(await token({ exp: now() + 30 * 86_400 }))).toMatch(/lifetime over the maximum/);
    // An iat in the future does not make a long-lived token short.
    expect(await refusal(await token({ iat: now() + 40 * 86_400, exp: now() + 41 * 86_400 }))).toMatch(/lifetime over the maximum/);
    expect((await api.post(await token({ iat: now(), exp: now() + 24 * 3_600 }), '{ __typename }')).body.errors).toBeUndefined();
  });

  it('takes the maximum from the settings (TOTAALBEELD_JWT_MAX_LIFETIME)', async () => {
    const strict = createEdgeApi({ tokens: { secret: TEST_SECRET, maxLifetimeSeconds: 3_600 } });
    try {
      const answer = await strict.post(await token({ iat: now(), exp: now() + 7_200 }), '{ __typename }');
      expect(codesOf(answer.body)).toEqual(['UNAUTHENTICATED']);
      expect((await strict.post(await token({ iat: now(), exp: now() + 3_000 }), '{ __typename }')).body.errors).toBeUndefined();
    } finally {
      await strict.close();
    }
  });

  it('says why in its own words, never echoing the library', async () => {
    expect(await refusal(await token({ iat: now() - 7_200, exp: now() - 3_600 }))).toBe('Invalid token: token expired');
    const good = await token({ iat: now(), exp: now() + 600 });
    const forged = `${good.slice(0, good.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    expect(await refusal(forged)).toBe('Invalid token: bad signature');
    expect(await refusal('not.a.token')).toBe('Invalid token: malformed token');
    expect(await refusal('eyJhbGciOiJIUzI1NiJ9.e30')).toBe('Invalid token: malformed token');
  });
});

describe('control characters', () => {
  const REGISTER = `mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId } }`;
  const household = (member: { name: string }, municipality = 'Utrecht') => ({
    input: { commandId: `c-${member.name.length}-${municipality.length}`, composition: 'SINGLE', municipality, effectiveOn: '2025-01-01', members: [{ bsn: '111222333', birthDate: '1985-06-15', ...member }] },
  });

  it('refuses C0, C1 and bidirectional overrides in names, naming the field, storing nothing', async () => {
    for (const name of ['Jan\u0000Jansen', 'Jan\u001bJansen', 'Jan\u0085Jansen', 'Jan \u202EnesnaJ', 'Jan \u2066Jansen\u2069', 'Jan\nJansen']) {
      expect(issuePaths(await api.post(counsellor, REGISTER, household({ name })))).toEqual(['input.members.0.name']);
    }
    expect(issuePaths(await api.post(counsellor, REGISTER, household({ name: 'Jan Jansen' }, 'Utrecht\u202E')))).toEqual(['input.municipality']);
    expect((await api.ledger.store.readAll({ after: 0, limit: 10 })).length).toBe(0);
    // Letters of every script are fine.
    expect((await api.post(counsellor, REGISTER, household({ name: 'Zoë Çelik-Øster' }))).body.errors).toBeUndefined();
  });

  it('refuses them in free text, where only a line break is allowed', async () => {
    const householdId = await registerHousehold(api, counsellor);
    const cjib = await api.tokenFor('CREDITOR', 'CJIB');
    const claim = (description: string, reference = 'INV-1') => ({
      input: { commandId: `claim-${description.length}-${reference.length}`, householdId, reference, description, principal: 1_000, preferential: false, consumer: true, incurredOn: '2025-01-15' },
    });
    const REGISTER_CLAIM = `mutation ($input: RegisterClaimInput!) { registerClaim(input: $input) { id } }`;
    // Creditors come in by invitation (issue 11): the counsellor asks CJIB for its claims first.
    const REQUEST = `mutation ($input: RequestClaimStatementInput!) { requestClaimStatement(input: $input) { revision } }`;
    expect((await api.post(counsellor, REQUEST, { input: { commandId: 'req-cjib', householdId, creditorOrg: 'CJIB', dueOn: '2025-04-17' } })).body.errors).toBeUndefined();
    expect(issuePaths(await api.post(cjib, REGISTER_CLAIM, claim('Energie\u202Erekening')))).toEqual(['input.description']);
    expect(issuePaths(await api.post(cjib, REGISTER_CLAIM, claim('Energie\u0007rekening')))).toEqual(['input.description']);
    expect(issuePaths(await api.post(cjib, REGISTER_CLAIM, claim('Energierekening', 'INV\u0009-1')))).toEqual(['input.reference']);
    expect((await api.post(cjib, REGISTER_CLAIM, claim('Energierekening\nmaart en april'))).body.errors).toBeUndefined();
  });
});

describe('operation names in the log', () => {
  const raw = (operationName: string, query: string) =>
    api.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${ombudsman}`, 'x-correlation-id': operationName.length > 20 ? 'long' : 'odd' },
      body: JSON.stringify({ query, operationName }),
    });

  it('are logged only as plain names of at most 64 characters', async () => {
    const plain64 = `Q${'a'.repeat(63)}`;
    await api.post(ombudsman, `query ${plain64} { __typename }`, undefined, { 'x-correlation-id': 'plain' });
    await api.post(ombudsman, `query ${plain64}b { __typename }`, undefined, { 'x-correlation-id': 'too-long' });
    await raw('Jan Jansen 111222333\n{"level":50,"forged":true}', 'query Q { __typename }');
    const byId = (id: string) => log.lines().find((l) => l['correlationId'] === id)!;
    expect(byId('plain')['operation']).toBe(plain64);
    expect(byId('too-long')['operation']).toBeNull();
    expect(byId('long')['operation']).toBeNull();
    expect(log.text()).not.toContain('111222333');
    expect(log.text()).not.toContain('forged');
  });
});

describe('timeline cursors', () => {
  it('answers a cursor the list never gave with VALIDATION_FAILED', async () => {
    const householdId = await registerHousehold(api, counsellor);
    const page = (after: string) => api.post(ombudsman, `query ($id: ID!, $after: String) { household(id: $id) { timeline(first: 5, after: $after) { edges { cursor } } } }`, { id: householdId, after });
    for (const after of ['garbage', Buffer.from('OffsetConnection:abc').toString('base64'), Buffer.from('OffsetConnection:-4').toString('base64'), '%%%']) {
      expect(issuePaths(await page(after))).toEqual(['after']);
    }
    const first = await page(Buffer.from('OffsetConnection:0').toString('base64'));
    expect(first.body.errors).toBeUndefined();
  });
});
