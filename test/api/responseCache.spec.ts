import { isObjectType } from 'graphql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { householdFieldsCached } from '../../api/edge/responseCache.js';
import { schema } from '../../api/schema/index.js';
import { LedgerError } from '../../domain/errors.js';
import type { ReadAuditEntry } from '../../infra/readAudit.js';
import { BSN, createTestApi, expectError, expectNoErrors, TODAY, type GqlResult, type TestApi } from '../support/api.js';

/**
 * The response cache of the household overview query (api/edge/responseCache.ts), through the
 * API as a client uses it. A hit is seen by what it skips: the vault is not asked to open the
 * household's document again.
 */

const OVERVIEW = `query ($id: ID!) { household(id: $id) {
  id revision personalDataErased
  members { name bsn }
  totals { outstanding claimCount }
  claims { id creditorId reference outstanding }
  capacity { on remaining }
  moratoria { reason }
} }`;

const ERASE = `mutation ($i: EraseHouseholdInput!) { eraseHousehold(input: $i) { revision } }`;
const START_MORATORIUM = `mutation ($i: StartMoratoriumInput!) { startMoratorium(input: $i) { revision } }`;
const REASON = 'Opname ziekenhuis';

interface Overview {
  id: string;
  revision: number;
  personalDataErased: boolean;
  members: Array<{ name: string; bsn: string }>;
  totals: { outstanding: number; claimCount: number };
  claims: Array<{ id: string; creditorId: string; reference: string; outstanding: number }>;
  capacity: { on: string; remaining: number };
  moratoria: Array<{ reason: string | null }>;
}

let api: TestApi;
let counsellor: string;
let cjib: string;
let householdId: string;
let opens: ReturnType<typeof vi.spyOn>;
/** Audit entries written while setting up (the claims' answers): the tests count from here. */
let setUp: number;

beforeEach(async () => {
  api = createTestApi();
  counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
  cjib = await api.tokenFor('CREDITOR', 'CJIB');
  ({ householdId } = await api.registerHousehold(counsellor, { members: [{ name: 'Jan Jansen', bsn: BSN.jan, birthDate: '1985-06-15' }] }));
  await api.declareIncome(counsellor, householdId, { netMonthly: 200_000 });
  await api.registerClaim(cjib, householdId, { principal: 100_000, reference: 'CJIB-1' });
  const belastingdienst = await api.tokenFor('CREDITOR', 'BELASTINGDIENST');
  await api.registerClaim(belastingdienst, householdId, { principal: 50_000, reference: 'BD-1' });
  expectNoErrors(
    await api.gql(counsellor, START_MORATORIUM, { i: { commandId: 'moratorium-1', householdId, startsOn: TODAY, endsOn: '2025-06-30', reason: REASON } }),
  );
  opens = vi.spyOn(api.ledger.vault, 'open');
  setUp = (await api.ledger.audit.list({ householdId, limit: 1_000 })).length;
});

afterEach(async () => {
  vi.restoreAllMocks();
  await api.close();
});

async function overview(token: string, headers: Record<string, string> = {}): Promise<Overview> {
  const result = await api.gql(token, OVERVIEW, { id: householdId }, headers);
  expectNoErrors(result);
  return result.data['household'] as Overview;
}

/** The read audit's entries for the household since the set-up, oldest first. */
async function auditEntries(): Promise<ReadAuditEntry[]> {
  return (await api.ledger.audit.list({ householdId, limit: 1_000 })).slice(setUp);
}

/** The answer's store is checked after the answer is sent: let it run. */
async function settled(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

describe('the response cache of the household overview', () => {
  it('answers the same query again without executing it, and records the read again as this request’s', async () => {
    const first = await overview(counsellor, { 'x-correlation-id': 'first-read', 'x-purpose': 'TOEGANG' });
    await settled();
    expect(opens).toHaveBeenCalledTimes(1);
    const recordedByMiss = await auditEntries();
    expect(recordedByMiss.map((e) => e.field).sort()).toEqual(['claims', 'members', 'moratoria']);

    const second = await overview(counsellor, { 'x-correlation-id': 'second-read', 'x-purpose': 'TOEGANG' });
    expect(second).toEqual(first);
    // A hit: the document was not opened again.
    expect(opens).toHaveBeenCalledTimes(1);
    const recordedByHit = (await auditEntries()).slice(recordedByMiss.length);
    // The same entries as the miss wrote, but this request's: its correlation id.
    const comparable = (e: ReadAuditEntry) => ({ ...e, id: 0, correlationId: '' });
    expect(recordedByHit.map(comparable)).toEqual(recordedByMiss.map(comparable));
    expect(recordedByHit.map((e) => e.correlationId)).toEqual(['second-read', 'second-read', 'second-read']);
    expect(recordedByHit[0]).toMatchObject({ org: 'GEM-UTRECHT', role: 'COUNSELLOR', sub: 'counsellor@GEM-UTRECHT', purpose: 'TOEGANG', householdId });
  });

  it('is not answered when the read cannot be recorded: the request fails as a miss would', async () => {
    await overview(counsellor);
    await settled();
    const record = vi.spyOn(api.ledger.audit, 'record').mockRejectedValue(new LedgerError('CONFLICT', 'the audit could not be written'));
    const refused = await api.gql(counsellor, OVERVIEW, { id: householdId });
    expect(refused.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(refused.data ?? null)).not.toContain('Jan Jansen');
    expect(record).toHaveBeenCalled();
    record.mockRestore();
    // Recorded again, answered again.
    expect((await overview(counsellor)).members).toEqual([{ name: 'Jan Jansen', bsn: BSN.jan }]);
  });

  it('shows a command’s effect on the next read (read your writes), through the API and beside it', async () => {
    const before = await overview(counsellor);
    await settled();
    const claim = await api.registerClaim(cjib, householdId, { principal: 25_000, reference: 'CJIB-2' });
    const after = await overview(counsellor);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.claims.map((c) => c.id)).toContain(claim.id);
    expect(after.totals.outstanding).toBe(before.totals.outstanding + 25_000);
    await settled();

    // A command the API did not run (another instance, a CLI): the household's revision tells.
    const cached = await overview(counsellor);
    const handled = await api.ledger.commands.handle(householdId, {
      type: 'RequestClaimStatement',
      meta: { actor: { org: 'GEM-UTRECHT', role: 'COUNSELLOR', sub: 'cli' }, commandId: 'beside-the-api', correlationId: 'c', recordedAt: '2025-03-20T10:00:00.000+01:00' },
      data: { requestId: `${householdId}.claimStatement-beside`, creditorOrg: 'DUO', dueOn: '2025-04-17' },
    });
    expect(handled.appended).toBe(true);
    const seen = await overview(counsellor);
    expect(seen.revision).toBe(cached.revision + 1);
  });

  it('never gives one viewer’s answer to another: a creditor gets its own claims, no members and no reasons', async () => {
    const seenByCounsellor = await overview(counsellor);
    await settled();
    expect(seenByCounsellor.moratoria).toEqual([{ reason: REASON }]);
    expect(seenByCounsellor.claims.map((c) => c.creditorId).sort()).toEqual(['BELASTINGDIENST', 'CJIB']);

    const seenByCreditor = await overview(cjib);
    expect(seenByCreditor.members).toEqual([]);
    expect(seenByCreditor.moratoria).toEqual([{ reason: null }]);
    expect(seenByCreditor.claims.map((c) => c.creditorId)).toEqual(['CJIB']);
    await settled();
    // Each viewer's own answer from the cache from now on, still not the other's.
    expect(await overview(cjib)).toEqual(seenByCreditor);
    expect(await overview(counsellor)).toEqual(seenByCounsellor);
    const entries = await auditEntries();
    expect(entries.filter((e) => e.org === 'CJIB').map((e) => e.field)).toEqual(['claims', 'claims']);

    // The same organisation, another person: its own answer and its own audit entries.
    const colleague = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT', 'collega@GEM-UTRECHT');
    expect(await overview(colleague)).toEqual(seenByCounsellor);
    expect((await auditEntries()).filter((e) => e.sub === 'collega@GEM-UTRECHT')).toHaveLength(3);

    // A counsellor without a mandate sees nothing, whatever was cached for another.
    const other = await api.tokenFor('COUNSELLOR', 'GEM-AMSTERDAM');
    expect(await api.gql(other, OVERVIEW, { id: householdId })).toEqual({ data: { household: null } });
  });

  it('drops the answer with personal data after an erasure, also when only the key went (no new revision)', async () => {
    const ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
    expect((await overview(ombudsman)).members).toEqual([{ name: 'Jan Jansen', bsn: BSN.jan }]);
    await settled();
    const cached = await overview(ombudsman);
    // The key alone, as another instance's erasure reaches this one: the revision stays.
    await api.ledger.vault.erase(householdId);
    const erased = await overview(ombudsman);
    expect(erased.revision).toBe(cached.revision);
    expect(erased.personalDataErased).toBe(true);
    expect(erased.members).toEqual([]);
    expect(JSON.stringify(erased)).not.toContain('CJIB-1');
  });

  it('drops the answer after the eraseHousehold mutation', async () => {
    expect((await overview(counsellor)).members).toHaveLength(1);
    await settled();
    const admin = await api.tokenFor('ADMIN', 'BEHEER');
    expectNoErrors(await api.gql(admin, ERASE, { i: { commandId: 'avg-1', householdId, decision: 'ERASE', legalGround: 'AVG art. 17(1)(a)', reference: 'V-1' } }));
    const erased = await overview(counsellor);
    expect(erased.personalDataErased).toBe(true);
    expect(erased.members).toEqual([]);
    expect(JSON.stringify(erased)).not.toContain('Jan Jansen');
  });

  it('answers anew on the next day (capacity, interest and mandates run by the day)', async () => {
    expect((await overview(counsellor)).capacity.on).toBe(TODAY);
    await settled();
    expect((await overview(counsellor)).capacity.on).toBe(TODAY);
    api.setNow('2025-03-21T09:00:00Z');
    expect((await overview(counsellor)).capacity.on).toBe('2025-03-21');
    // Late in the evening in Amsterdam is still the same day there, though not in UTC.
    api.setNow('2025-03-21T22:30:00Z');
    expect((await overview(counsellor)).capacity.on).toBe('2025-03-21');
    api.setNow('2025-03-21T23:30:00Z');
    expect((await overview(counsellor)).capacity.on).toBe('2025-03-22');
  });

  it('keeps no answer with an error, and executes the read log (it changes with every read) every time', async () => {
    const early = `query ($id: ID!) { household(id: $id) { id capacity(on: "2020-01-01") { remaining } } }`;
    expectError(await api.gql(counsellor, early, { id: householdId }), 'NOT_FOUND');
    await settled();
    const opened = opens.mock.calls.length;
    expectError(await api.gql(counsellor, early, { id: householdId }), 'NOT_FOUND');
    expect(opens.mock.calls.length).toBe(opened + 1);

    const household = await api.tokenFor('HOUSEHOLD', householdId);
    const LOG = `query ($id: ID!) { household(id: $id) { readLog(first: 100) { edges { node { field } } } } }`;
    const count = (r: GqlResult) => (r.data['household'] as { readLog: { edges: unknown[] } }).readLog.edges.length;
    const first = count(await api.gql(household, LOG, { id: householdId }));
    await overview(counsellor);
    expect(count(await api.gql(household, LOG, { id: householdId }))).toBe(first + 3);
  });

  it('executes every time a query that folds the stream (timeline, a complaint’s events) or asks asOf', async () => {
    const queries = [
      `query ($id: ID!) { household(id: $id) { id timeline(first: 5) { edges { node { summary } } } } }`,
      `query ($id: ID!) { household(id: $id) { id complaints { events { summary } } } }`,
      `query ($id: ID!) { household(id: $id, asOf: "2025-03-20T10:00:00Z") { id revision } }`,
      `query ($id: ID!) { household(id: $id) { id } other: household(id: $id) { revision } }`,
    ];
    const folds = vi.spyOn(api.ledger.queries, 'overviewAsOf');
    // Executed: the document opened again, or (asOf) folded from the stream again.
    const executions = () => opens.mock.calls.length + folds.mock.calls.length;
    for (const text of queries) {
      expectNoErrors(await api.gql(counsellor, text, { id: householdId }));
      await settled();
      const before = executions();
      expectNoErrors(await api.gql(counsellor, text, { id: householdId }));
      expect(executions(), text).toBeGreaterThan(before);
    }
  });

  it('classifies every field of Household (a new field must say whether its answer may be cached)', () => {
    const type = schema.getType('Household');
    if (!isObjectType(type)) throw new Error('Household is not an object type');
    expect(Object.keys(type.getFields()).sort()).toEqual(Object.keys(householdFieldsCached).filter((f) => f !== '__typename').sort());
  });
});
