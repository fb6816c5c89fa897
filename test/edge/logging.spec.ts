import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { internalErrorLogger } from '../../api/edge/requestLog.js';
import { TEST_SECRET } from '../support/api.js';
import { capturedLogger, codesOf, createEdgeApi, registerHousehold, type EdgeApi } from './support.js';

/**
 * The request log (pino): one line per GraphQL request with correlation id, organisation, role,
 * operation, status, duration and error codes — and never variables, BSNs, names or tokens.
 */

const JAN = { bsn: '111222333', name: 'Jan Jansen', birthDate: '1985-06-15' };
const PIET = { bsn: '999993653', name: 'Piet Pietersen', birthDate: '1990-02-03' };

let api: EdgeApi;
let log: ReturnType<typeof capturedLogger>;
let counsellor: string;
let ombudsman: string;

beforeEach(async () => {
  log = capturedLogger('info');
  api = createEdgeApi({ logger: log.logger, rateLimit: { perSecond: 1, burst: 50 }, limits: { maxBodyBytes: 4_096 } });
  counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
  ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
});
afterEach(async () => {
  await api.close();
});

function line(correlationId: string): Record<string, unknown> {
  const found = log.lines().filter((l) => l['correlationId'] === correlationId);
  expect(found, log.text()).toHaveLength(1);
  return found[0]!;
}

describe('one line per request', () => {
  it('names the correlation id, organisation, role, operation, status, duration and error codes', async () => {
    const householdId = await registerHousehold(api, counsellor, JAN);
    const answer = await api.post(ombudsman, `query Overview($id: ID!) { household(id: $id) { members { name bsn } } }`, { id: householdId }, { 'x-correlation-id': 'corr-42' });
    expect(answer.body.data.household.members).toEqual([{ name: JAN.name, bsn: JAN.bsn }]);
    // The correlation id goes back to the caller too, to quote when asking about a request.
    expect(answer.headers.get('x-correlation-id')).toBe('corr-42');

    const entry = line('corr-42');
    expect(entry).toMatchObject({
      level: 30,
      msg: 'graphql request',
      correlationId: 'corr-42',
      method: 'POST',
      status: 200,
      org: 'NATIONALE-OMBUDSMAN',
      role: 'OMBUDSMAN',
      operation: 'Overview',
      operationType: 'query',
      errorCodes: [],
    });
    expect(typeof entry['durationMs']).toBe('number');
    expect(entry['durationMs']).toBeGreaterThanOrEqual(0);
    expect(Object.keys(entry).sort()).toEqual(
      ['correlationId', 'durationMs', 'errorCodes', 'hostname', 'level', 'method', 'msg', 'operation', 'operationType', 'org', 'pid', 'role', 'status', 'time'].sort(),
    );

    // Two requests, two lines; /health none.
    await api.fetch('/health');
    expect(log.lines()).toHaveLength(2);
    expect(log.lines()[0]).toMatchObject({ org: 'GEM-UTRECHT', role: 'COUNSELLOR', operationType: 'mutation', operation: null, errorCodes: [] });
  });

  it('gives each request its own correlation id when the caller sends none (or one that is not a plain id)', async () => {
    const first = await api.post(ombudsman, '{ __typename }');
    const second = await api.post(ombudsman, '{ __typename }', undefined, { 'x-correlation-id': 'BSN 111222333 of Jan' });
    const ids = log.lines().map((l) => l['correlationId']);
    expect(ids).toEqual([first.headers.get('x-correlation-id'), second.headers.get('x-correlation-id')]);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records the codes of refusals, also those answered before the query is run', async () => {
    const expectations: Array<[string, Promise<unknown>, string[]]> = [
      ['bad-token', api.post('not.a.token', '{ household(id: "x") { id } }', undefined, { 'x-correlation-id': 'bad-token' }), ['UNAUTHENTICATED']],
      [
        'bad-bsn',
        api.post(counsellor, 'query Find($bsn: String!) { findHouseholds(bsn: $bsn) }', { bsn: '123456789' }, { 'x-correlation-id': 'bad-bsn' }),
        ['VALIDATION_FAILED'],
      ],
      ['forbidden', api.post(await api.tokenFor('CREDITOR', 'CJIB'), '{ findHouseholds(bsn: "111222333") }', undefined, { 'x-correlation-id': 'forbidden' }), ['FORBIDDEN']],
      ['too-large', api.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-correlation-id': 'too-large' }, body: JSON.stringify({ query: '{ __typename }', extensions: { pad: 'x'.repeat(5_000) } }) }), ['VALIDATION_FAILED']],
      ['csrf', api.fetch('/graphql?query=%7B__typename%7D', { headers: { 'x-correlation-id': 'csrf' } }), ['FORBIDDEN']],
    ];
    for (const [, request] of expectations) await request;
    for (const [id, , codes] of expectations) expect(line(id)['errorCodes'], id).toEqual(codes);
    expect(line('bad-token')).toMatchObject({ org: null, role: null });
    expect(line('forbidden')).toMatchObject({ org: 'CJIB', role: 'CREDITOR', operationType: 'query' });
    expect(line('bad-bsn')).toMatchObject({ org: 'GEM-UTRECHT', role: 'COUNSELLOR', operation: 'Find', status: 200 });
    expect(line('too-large')['status']).toBe(413);
    expect(line('csrf')['status']).toBe(403);
  });

  it('records RATE_LIMITED with the organisation that was throttled', async () => {
    for (let i = 0; i < 50; i++) await api.post(ombudsman, '{ __typename }');
    const throttled = await api.post(ombudsman, '{ __typename }', undefined, { 'x-correlation-id': 'throttled' });
    expect(codesOf(throttled.body)).toEqual(['RATE_LIMITED']);
    expect(line('throttled')).toMatchObject({ status: 429, org: 'NATIONALE-OMBUDSMAN', role: 'OMBUDSMAN', errorCodes: ['RATE_LIMITED'] });
  });
});

describe('no personal data, no variables, no tokens', () => {
  it('keeps BSNs, names, variables, query text and tokens out of every line', async () => {
    const householdId = await registerHousehold(api, counsellor, JAN);
    // Personal data inline in the query text, not only in variables.
    await api.post(
      counsellor,
      `mutation Intake { registerHousehold(input: { commandId: "intake-piet", composition: SINGLE, municipality: "Amersfoort", effectiveOn: "2025-01-01", members: [{ bsn: "${PIET.bsn}", name: "${PIET.name}", birthDate: "${PIET.birthDate}" }] }) { householdId } }`,
    );
    await api.post(counsellor, `{ findHouseholds(bsn: "${JAN.bsn}") }`);
    await api.post(counsellor, 'query Find($bsn: String!) { findHouseholds(bsn: $bsn) }', { bsn: PIET.bsn });
    await api.post(ombudsman, 'query ($id: ID!) { household(id: $id, purpose: PLAN_VAN_AANPAK) { members { name bsn birthDate } } }', { id: householdId }, { 'x-purpose': 'Plan van aanpak' });
    // Refusals whose messages quote the input.
    await api.post(counsellor, 'mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId } }', {
      input: { commandId: 'bad', composition: 'SINGLE', municipality: 'Zeist', effectiveOn: '2025-01-01', members: [{ bsn: '123456789', name: 'Klaas Vaak', birthDate: '1985-06-15' }] },
    });
    await api.post(`${counsellor}x`, '{ __typename }');

    const text = log.text();
    expect(log.lines().length).toBe(7);
    const secrets = [
      JAN.bsn, JAN.name, JAN.birthDate, PIET.bsn, PIET.name, PIET.birthDate, '123456789', 'Klaas Vaak',
      'Jansen', 'Pietersen', 'Utrecht', 'Amersfoort', 'Zeist', 'intake-piet', 'Plan van aanpak', 'PLAN_VAN_AANPAK',
      counsellor, ombudsman, counsellor.split('.')[2]!, counsellor.split('.')[1]!, TEST_SECRET, 'Bearer', 'authorization',
      'findHouseholds', 'members', 'variables', 'query (',
    ];
    for (const secret of secrets) expect(text, `the log holds ${secret}`).not.toContain(secret);
    // A token subject identifies a person at an agency: not logged either.
    expect(text).not.toContain('counsellor@GEM-UTRECHT');
  });

  it('writes nothing at level silent, and the API logs nothing unless given a logger', async () => {
    const quiet = capturedLogger('silent');
    const silentApi = createEdgeApi({ logger: quiet.logger });
    try {
      await silentApi.post(null, '{ __typename }');
      expect(quiet.text()).toBe('');
    } finally {
      await silentApi.close();
    }
  });

  it('logs an internal error with its type, message and stack, not the values a driver attached to it', () => {
    const errors = capturedLogger('error');
    const failure = Object.assign(new Error('duplicate key value violates unique constraint "members_pkey"'), {
      detail: `Key (bsn)=(${JAN.bsn}) already exists.`,
      input: { name: JAN.name },
    });
    internalErrorLogger(errors.logger)(failure);
    internalErrorLogger(errors.logger)('a thrown string with 999993653');
    const [first, second] = errors.lines();
    expect(first).toMatchObject({ level: 50, msg: 'internal error', error: { type: 'Error', message: failure.message } });
    expect((first!['error'] as { stack: string }).stack).toContain('logging.spec.ts');
    expect(second).toMatchObject({ msg: 'internal error', error: { type: 'string' } });
    expect(errors.text()).not.toContain(JAN.bsn);
    expect(errors.text()).not.toContain(JAN.name);
    expect(errors.text()).not.toContain('999993653');
  });
});
