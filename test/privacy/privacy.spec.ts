import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultParameters } from '../../domain/parameters.js';
import { openPostgresLedger } from '../../infra/ledger.js';
import { databaseUrl, dropTestSchemas, freshSchema, postgresUnavailable } from '../support/postgres.js';
import type { SealingEventStore } from '../../infra/crypto/sealingEventStore.js';
import { BSN, createTestApi, expectError, expectNoErrors, type TestApi } from '../support/api.js';

const MEMBERS = `query ($id: ID!) { household(id: $id) { members { name bsn birthDate } personalDataErased totals { outstanding claimCount } } }`;

describe('mandates', () => {
  let api: TestApi;
  beforeEach(() => {
    api = createTestApi();
  });
  afterEach(async () => {
    await api.close();
  });

  /** Without a mandate the household is not seen: null, as for an unknown id (issue 11). */
  const expectHidden = (result: unknown) => expect(result).toEqual({ data: { household: null } });

  const GRANT = `mutation ($i: GrantMandateInput!) { grantMandate(input: $i) { revision } }`;
  const REVOKE = `mutation ($i: RevokeMandateInput!) { revokeMandate(input: $i) { revision } }`;

  it('the household grants and revokes; a revoked mandate ends access at once', async () => {
    const registering = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    const other = await api.tokenFor('COUNSELLOR', 'SCHULDHULP-NOORD');
    const { householdId } = await api.registerHousehold(registering);
    const household = await api.tokenFor('HOUSEHOLD', householdId);

    expectHidden(await api.gql(other, MEMBERS, { id: householdId }));
    expectNoErrors(await api.gql(household, GRANT, { i: { commandId: 'g1', householdId, counsellorOrg: 'SCHULDHULP-NOORD', startsOn: '2025-03-20' } }));
    const seen = await api.gql(other, MEMBERS, { id: householdId });
    expectNoErrors(seen);
    expect((seen.data['household'] as { members: unknown[] }).members).toHaveLength(1);

    expectNoErrors(await api.gql(household, REVOKE, { i: { commandId: 'r1', householdId, counsellorOrg: 'GEM-UTRECHT' } }));
    expectHidden(await api.gql(registering, MEMBERS, { id: householdId }));
    // Without a mandate it can no longer act either.
    expectError(await api.gql(registering, GRANT, { i: { commandId: 'g2', householdId, counsellorOrg: 'X', startsOn: '2025-03-20' } }), 'FORBIDDEN');
  });

  it('a mandate holds from its first to its last day only', async () => {
    const registering = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    const temp = await api.tokenFor('COUNSELLOR', 'BEWIND-TIJDELIJK');
    const { householdId } = await api.registerHousehold(registering);
    expectNoErrors(
      await api.gql(registering, GRANT, { i: { commandId: 'g1', householdId, counsellorOrg: 'BEWIND-TIJDELIJK', startsOn: '2025-03-25', endsOn: '2025-03-31' } }),
    );
    expectHidden(await api.gql(temp, MEMBERS, { id: householdId }));
    api.setNow('2025-03-26T09:00:00Z');
    expectNoErrors(await api.gql(temp, MEMBERS, { id: householdId }));
    api.setNow('2025-04-01T09:00:00Z');
    expectHidden(await api.gql(temp, MEMBERS, { id: householdId }));
  });

  it('creditors, the ombudsman and other households cannot grant mandates', async () => {
    const registering = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    const { householdId } = await api.registerHousehold(registering);
    const input = { i: { commandId: 'g', householdId, counsellorOrg: 'X', startsOn: '2025-03-20' } };
    expectError(await api.gql(await api.tokenFor('CREDITOR', 'CJIB'), GRANT, input), 'FORBIDDEN');
    expectError(await api.gql(await api.tokenFor('OMBUDSMAN', 'NO'), GRANT, input), 'FORBIDDEN');
    expectError(await api.gql(await api.tokenFor('HOUSEHOLD', 'someone-else'), GRANT, input), 'FORBIDDEN');
  });
});

const bsnOrgs = ['GEM-UTRECHT'];
const stores: Array<[string, () => Promise<TestApi> | TestApi]> = [['embedded SQLite', () => createTestApi(undefined, { bsnOrgs })]];
if (postgresUnavailable === null) {
  stores.push([
    'PostgreSQL',
    async () => createTestApi(await openPostgresLedger(databaseUrl!, defaultParameters, { schema: freshSchema() }), { bsnOrgs }),
  ]);
}
afterAll(dropTestSchemas);

describe.each(stores)('the read audit on %s', (_name, open) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await open();
  });
  afterEach(async () => {
    await api.close();
  });

  it("records a counsellor's read of personal data with its purpose, for the ombudsman and the household to see", async () => {
    const counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT', 'medewerker-7');
    const cjib = await api.tokenFor('CREDITOR', 'CJIB');
    const { householdId } = await api.registerHousehold(counsellor);
    await api.registerClaim(cjib, householdId);
    expectNoErrors(await api.gql(counsellor, `query ($id: ID!) { household(id: $id, purpose: PLAN_VAN_AANPAK) { members { name } } }`, { id: householdId }));
    expectNoErrors(await api.gql(cjib, `query ($id: ID!) { household(id: $id) { claims { id } } }`, { id: householdId }, { 'x-purpose': 'collection' }));
    // Totals and capacity are not personal data: not recorded.
    expectNoErrors(await api.gql(cjib, `query ($id: ID!) { household(id: $id) { totals { outstanding } } }`, { id: householdId }));

    const ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
    const AUDIT = `query ($id: ID, $org: String) { readAudit(householdId: $id, organisation: $org, first: 10) {
      edges { node { householdId organisation role subject field purpose at } } } }`;
    const all = await api.gql(ombudsman, AUDIT, { id: householdId });
    expectNoErrors(all);
    const nodes = (all.data['readAudit'] as { edges: Array<{ node: Record<string, unknown> }> }).edges.map((e) => e.node);
    expect(nodes).toEqual([
      // registerClaim answers with the claim's reference and description: a read too.
      { householdId, organisation: 'CJIB', role: 'CREDITOR', subject: 'creditor@CJIB', field: 'claims', purpose: null, at: '2025-03-20T10:00:00.000+01:00' },
      { householdId, organisation: 'GEM-UTRECHT', role: 'COUNSELLOR', subject: 'medewerker-7', field: 'members', purpose: 'PLAN_VAN_AANPAK', at: '2025-03-20T10:00:00.000+01:00' },
      { householdId, organisation: 'CJIB', role: 'CREDITOR', subject: 'creditor@CJIB', field: 'claims', purpose: 'COLLECTION', at: '2025-03-20T10:00:00.000+01:00' },
    ]);
    const byOrg = await api.gql(ombudsman, AUDIT, { org: 'CJIB' });
    expect((byOrg.data['readAudit'] as { edges: unknown[] }).edges).toHaveLength(2);

    const household = await api.tokenFor('HOUSEHOLD', householdId);
    const own = await api.gql(household, `query ($id: ID!) { household(id: $id) { readLog(first: 10) { edges { node { organisation field } } } } }`, { id: householdId });
    expectNoErrors(own);
    const log = (own.data['household'] as { readLog: { edges: Array<{ node: { organisation: string; field: string } }> } }).readLog.edges.map((e) => e.node);
    expect(log.slice(0, 3)).toEqual([
      { organisation: 'CJIB', field: 'claims' },
      { organisation: 'GEM-UTRECHT', field: 'members' },
      { organisation: 'CJIB', field: 'claims' },
    ]);
    // Only the ombudsman lists the audit across households.
    expectError(await api.gql(counsellor, AUDIT, { id: householdId }), 'FORBIDDEN');
  });
});

describe.each(stores)('crypto-shredding on %s', (_name, open) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await open();
  });
  afterEach(async () => {
    await api.close();
  });

  const ERASE = `mutation ($i: EraseHouseholdInput!) { eraseHousehold(input: $i) { revision } }`;

  async function rawEvents(): Promise<string> {
    const sealed = (api.ledger.store as SealingEventStore).sealed;
    return JSON.stringify(await sealed.readAll({ after: 0, limit: 10_000 }));
  }

  it('keeps names, BSNs and birth dates sealed in the store, and after erasure unreadable everywhere with totals intact', async () => {
    const counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    const cjib = await api.tokenFor('CREDITOR', 'CJIB');
    const admin = await api.tokenFor('ADMIN', 'BEHEER');
    const { householdId } = await api.registerHousehold(counsellor);
    await api.registerClaim(cjib, householdId, { principal: 123_400, description: 'Boete Jan de Vries' });
    const before = await api.gql(counsellor, MEMBERS, { id: householdId });
    expectNoErrors(before);
    const members = (before.data['household'] as { members: Array<{ name: string; bsn: string; birthDate: string }> }).members;
    expect(members[0]!.bsn).toBe(BSN.jan);

    // Sealed in the log (and its inline read model) from the start: no BSN, name or birth date in clear.
    const raw = await rawEvents();
    for (const secret of [members[0]!.bsn, members[0]!.name, members[0]!.birthDate, 'Boete Jan de Vries']) expect(raw).not.toContain(secret);
    const found = await api.gql(counsellor, `query ($bsn: String!) { findHouseholds(bsn: $bsn) }`, { bsn: BSN.jan });
    expect(found.data['findHouseholds']).toEqual([householdId]);

    // An administrator carries out the request; nobody else may.
    const request = { i: { commandId: 'avg-1', householdId, decision: 'ERASE', legalGround: 'AVG art. 17(1)(a)', reference: 'VERZOEK-2025-17' } };
    expectError(await api.gql(counsellor, ERASE, request), 'FORBIDDEN');
    expectNoErrors(await api.gql(admin, ERASE, request));

    const after = await api.gql(counsellor, MEMBERS, { id: householdId });
    expectNoErrors(after);
    expect(after.data['household']).toEqual({ members: [], personalDataErased: true, totals: { outstanding: 123_400, claimCount: 1 } });
    const ombudsman = await api.tokenFor('OMBUDSMAN', 'NO');
    const full = await api.gql(ombudsman, `query ($id: ID!, $asOf: DateTime) { household(id: $id, asOf: $asOf) { members { name } personalDataErased claims { principal } timeline(first: 20) { edges { node { type summary } } } } }`, {
      id: householdId,
      asOf: '2025-03-20T10:00:00+01:00',
    });
    expectNoErrors(full);
    // Even "as of" before the erasure the ledger can no longer read it: the key is gone.
    expect(full.data['household']).toMatchObject({ members: [], personalDataErased: true, claims: [{ principal: 123_400 }] });
    expect(JSON.stringify(full.data)).not.toContain('Jan');
    expect(await api.ledger.vault.keys.keyFor(householdId)).toBeNull();
    expect((await api.gql(counsellor, `query ($bsn: String!) { findHouseholds(bsn: $bsn) }`, { bsn: BSN.jan })).data['findHouseholds']).toEqual([]);
    // The household is closed for commands, and a repeated erasure changes nothing.
    const claim = await api.gql(cjib, `mutation ($i: RegisterClaimInput!) { registerClaim(input: $i) { id } }`, {
      i: { commandId: 'late', householdId, reference: 'L', description: 'd', principal: 100, preferential: false, consumer: true, incurredOn: '2025-03-01' },
    });
    expectError(claim, 'FORBIDDEN');
    expectNoErrors(await api.gql(admin, ERASE, request));
  });

  it('records a refusal under art. 17(3)(e) with its ground, and keeps the data', async () => {
    const counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    const admin = await api.tokenFor('ADMIN', 'BEHEER');
    const { householdId } = await api.registerHousehold(counsellor);
    const noGround = await api.gql(admin, ERASE, {
      i: { commandId: 'r0', householdId, decision: 'REFUSE', legalGround: 'AVG art. 17(1)(a)', reference: 'V-1', explanation: 'Lopende procedure' },
    });
    expectError(noGround, 'VALIDATION_FAILED');
    expectNoErrors(
      await api.gql(admin, ERASE, {
        i: { commandId: 'r1', householdId, decision: 'REFUSE', legalGround: 'AVG art. 17(1)(a)', refusalGround: 'ART_17_3_E', explanation: 'Lopende procedure bij de kantonrechter', reference: 'V-1' },
      }),
    );
    const ombudsman = await api.tokenFor('OMBUDSMAN', 'NO');
    const seen = await api.gql(ombudsman, `query ($id: ID!) { household(id: $id) { personalDataErased members { bsn } timeline(first: 10) { edges { node { type summary organisation role } } } } }`, { id: householdId });
    expectNoErrors(seen);
    const h = seen.data['household'] as { personalDataErased: boolean; members: unknown[]; timeline: { edges: Array<{ node: { type: string; summary: string; role: string } }> } };
    expect(h.personalDataErased).toBe(false);
    expect(h.members).toHaveLength(1);
    expect(h.timeline.edges.at(-1)!.node).toMatchObject({ type: 'ErasureRefused', role: 'ADMIN', summary: 'Erasure refused under GDPR art. 17(3)(e) (V-1)' });
  });
});
