import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultParameters } from '../../domain/parameters.js';
import type { SealingEventStore } from '../../infra/crypto/sealingEventStore.js';
import { databaseFile, KEYS_FILE, openEmbeddedLedger, openPostgresLedger } from '../../infra/ledger.js';
import { freshDir, removeFreshDirs } from '../support/host.js';
import { databaseUrl, dropTestSchemas, freshSchema, postgresUnavailable } from '../support/postgres.js';
import { BSN, createTestApi, expectError, expectNoErrors, householdInput, REGISTER_HOUSEHOLD, type TestApi } from '../support/api.js';

/**
 * Issue 11 items 3 and 5 (the BSN part): the BSN look-up index lives outside the event log,
 * one person is in one household, and only organisations with a legal basis look up by BSN.
 */
const FIND = `query ($bsn: String!) { findHouseholds(bsn: $bsn) }`;
const ERASE = `mutation ($i: EraseHouseholdInput!) { eraseHousehold(input: $i) { revision } }`;
const BSN_ORG = 'GEM-UTRECHT';

const stores: Array<[string, () => Promise<TestApi> | TestApi]> = [['embedded SQLite', () => createTestApi(undefined, { bsnOrgs: [BSN_ORG, 'NATIONALE-OMBUDSMAN'] })]];
if (postgresUnavailable === null) {
  stores.push([
    'PostgreSQL',
    async () => createTestApi(await openPostgresLedger(databaseUrl!, defaultParameters, { schema: freshSchema() }), { bsnOrgs: [BSN_ORG, 'NATIONALE-OMBUDSMAN'] }),
  ]);
}
afterAll(dropTestSchemas);

describe.each(stores)('the BSN index on %s', (_name, open) => {
  let api: TestApi;
  let counsellor: string;
  beforeEach(async () => {
    api = await open();
    counsellor = await api.tokenFor('COUNSELLOR', BSN_ORG);
  });
  afterEach(async () => {
    await api.close();
  });

  async function rawLog(): Promise<string> {
    return JSON.stringify(await (api.ledger.store as SealingEventStore).sealed.readAll({ after: 0, limit: 10_000 }));
  }

  it('keeps the BSN hash out of the event log; the look-up still finds the household', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const raw = await rawLog();
    expect(raw).not.toContain(api.ledger.vault.bsnHash(BSN.jan));
    expect(raw).not.toContain('bsnHash');
    const found = await api.gql(counsellor, FIND, { bsn: BSN.jan });
    expectNoErrors(found);
    expect(found.data['findHouseholds']).toEqual([householdId]);
  });

  it('looks up by BSN only for organisations listed in TOTAALBEELD_BSN_ORGS', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    // SCHULDHULP-NOORD gets a mandate, so only its missing legal basis stands in the way.
    const household = await api.tokenFor('HOUSEHOLD', householdId);
    expectNoErrors(
      await api.gql(household, `mutation ($i: GrantMandateInput!) { grantMandate(input: $i) { revision } }`, {
        i: { commandId: 'g1', householdId, counsellorOrg: 'SCHULDHULP-NOORD', startsOn: '2025-03-20' },
      }),
    );
    const unlisted = await api.tokenFor('COUNSELLOR', 'SCHULDHULP-NOORD');
    expectError(await api.gql(unlisted, FIND, { bsn: BSN.jan }), 'FORBIDDEN');
    expectError(await api.gql(await api.tokenFor('OMBUDSMAN', 'ANDERE-OMBUDSMAN'), FIND, { bsn: BSN.jan }), 'FORBIDDEN');
    expect((await api.gql(await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN'), FIND, { bsn: BSN.jan })).data['findHouseholds']).toEqual([householdId]);
    // With the default (nobody listed) even the registering counsellor is refused.
    const closed = createTestApi(api.ledger);
    expectError(await closed.gql(counsellor, FIND, { bsn: BSN.jan }), 'FORBIDDEN');
  });

  it('refuses a second household for a registered BSN with ALREADY_EXISTS, naming no household, storing nothing', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const events = await api.eventCount();
    const other = await api.tokenFor('COUNSELLOR', 'SCHULDHULP-NOORD');
    const again = await api.gql(other, REGISTER_HOUSEHOLD, {
      input: householdInput({
        composition: 'COUPLE',
        members: [
          { bsn: BSN.anna, name: 'Anna de Vries', birthDate: '1979-11-02' },
          { bsn: BSN.jan, name: 'Jan Jansen', birthDate: '1985-06-15' },
        ],
      }),
    });
    const error = expectError(again, 'ALREADY_EXISTS');
    expect(error.message).toMatch(/mandate/);
    expect(JSON.stringify(again)).not.toContain(householdId);
    expect(await api.eventCount()).toBe(events);
    // Nothing of the refused registration stayed in the index: Anna can be registered on her own.
    const anna = await api.registerHousehold(other, { members: [{ bsn: BSN.anna, name: 'Anna de Vries', birthDate: '1979-11-02' }] });
    expect((await api.gql(counsellor, FIND, { bsn: BSN.jan })).data['findHouseholds']).toEqual([householdId]);
    expect(anna.householdId).not.toBe(householdId);
  });

  it('answers a repeated registration command as the first time', async () => {
    const input = householdInput({ commandId: 'intake-1' });
    const first = await api.gql(counsellor, REGISTER_HOUSEHOLD, { input });
    expectNoErrors(first);
    const second = await api.gql(counsellor, REGISTER_HOUSEHOLD, { input });
    expectNoErrors(second);
    expect(second.data).toEqual(first.data);
  });

  it('lets exactly one of two registrations of the same BSN at once succeed', async () => {
    const other = await api.tokenFor('COUNSELLOR', 'SCHULDHULP-NOORD');
    const results = await Promise.all([
      api.gql(counsellor, REGISTER_HOUSEHOLD, { input: householdInput() }),
      api.gql(other, REGISTER_HOUSEHOLD, { input: householdInput() }),
      api.gql(other, REGISTER_HOUSEHOLD, { input: householdInput() }),
    ]);
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['ALREADY_EXISTS', 'ALREADY_EXISTS', 'OK']);
    expect(await api.eventCount()).toBe(1);
  });

  it('frees the BSN when the registration itself is refused', async () => {
    const refused = await api.gql(counsellor, REGISTER_HOUSEHOLD, {
      input: householdInput({ members: [{ bsn: BSN.jan, name: 'Jan Jansen', birthDate: '2026-01-01' }] }),
    });
    expectError(refused, 'VALIDATION_FAILED');
    expect(await api.eventCount()).toBe(0);
    await api.registerHousehold(counsellor);
  });

  it('deletes the index entries at erasure, so the person can be registered again', async () => {
    const { householdId } = await api.registerHousehold(counsellor);
    const admin = await api.tokenFor('ADMIN', 'BEHEER');
    expectNoErrors(await api.gql(admin, ERASE, { i: { commandId: 'avg-1', householdId, decision: 'ERASE', legalGround: 'AVG art. 17(1)(a)', reference: 'V-17' } }));
    expect(await api.ledger.households.householdsWithBsn(api.ledger.vault.bsnHash(BSN.jan))).toEqual([]);
    expect((await api.gql(counsellor, FIND, { bsn: BSN.jan })).data['findHouseholds']).toEqual([]);
    const again = await api.registerHousehold(counsellor);
    expect(again.householdId).not.toBe(householdId);
  });

  it('gives up an entry whose household was never registered after ten minutes, not before', async () => {
    const hash = api.ledger.vault.bsnHash(BSN.jan);
    // A registration that stopped between indexing and appending (a crash) left this behind.
    await api.ledger.households.indexBsns('never-registered', [hash], '2025-03-20T09:55:00.000+01:00');
    expectError(await api.gql(counsellor, REGISTER_HOUSEHOLD, { input: householdInput() }), 'ALREADY_EXISTS');
    await api.ledger.households.unindexBsns('never-registered');
    await api.ledger.households.indexBsns('never-registered', [hash], '2025-03-20T09:49:59.000+01:00');
    const { householdId } = await api.registerHousehold(counsellor);
    expect(await api.ledger.households.householdsWithBsn(hash)).toEqual([householdId]);
  });
});

describe('households registered before the BSN index', () => {
  afterAll(removeFreshDirs);

  it('are indexed from their overviews when an embedded store first opens with the index, except erased ones', async () => {
    const dir = freshDir('tb-bsn-upgrade-');
    const keySecret = 'bsn-upgrade-key-secret-0123456789-abcdef';
    const open = () => createTestApi(openEmbeddedLedger(databaseFile(dir), defaultParameters, { keySecret }), { bsnOrgs: [BSN_ORG] });
    let api = open();
    const counsellor = await api.tokenFor('COUNSELLOR', BSN_ORG);
    const { householdId: kept } = await api.registerHousehold(counsellor);
    const { householdId: erased } = await api.registerHousehold(counsellor, { members: [{ bsn: BSN.anna, name: 'Anna de Vries', birthDate: '1979-11-02' }] });
    const admin = await api.tokenFor('ADMIN', 'BEHEER');
    expectNoErrors(await api.gql(admin, ERASE, { i: { commandId: 'avg-1', householdId: erased, decision: 'ERASE', legalGround: 'AVG art. 17(1)(a)', reference: 'V-1' } }));
    const hashes = { [kept]: api.ledger.vault.bsnHash(BSN.jan), [erased]: api.ledger.vault.bsnHash(BSN.anna) };
    await api.close();

    // As an older version left them: hashes in the overviews (from the log of that time), no index.
    const db = new Database(databaseFile(dir));
    for (const [id, hash] of Object.entries(hashes)) {
      db.prepare(`UPDATE household_overview SET doc = json_set(doc, '$.members[0].bsnHash', ?) WHERE household_id = ?`).run(hash, id);
    }
    db.close();
    const keys = new Database(join(dir, KEYS_FILE));
    keys.exec('DROP TABLE bsn_index');
    keys.close();

    api = open();
    try {
      expect((await api.gql(counsellor, FIND, { bsn: BSN.jan })).data['findHouseholds']).toEqual([kept]);
      expect(await api.ledger.households.householdsWithBsn(hashes[erased]!)).toEqual([]);
      expectError(await api.gql(counsellor, REGISTER_HOUSEHOLD, { input: householdInput() }), 'ALREADY_EXISTS');
    } finally {
      await api.close();
    }
  });
});
