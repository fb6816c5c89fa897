import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultParameters } from '../../domain/parameters.js';
import { databaseFile, openEmbeddedLedger, openPostgresLedger, type Ledger } from '../../infra/ledger.js';
import { capturedLogger } from '../edge/support.js';
import { freshDir, removeFreshDirs } from '../support/host.js';
import { databaseUrl, dropTestSchemas, freshSchema, postgresUnavailable } from '../support/postgres.js';
import { createTestApi, expectNoErrors, protectedIncomeInput, type TestApi } from '../support/api.js';

/**
 * Issue 11 item 6: after an erasure nothing that identifies the person is left anywhere the
 * ledger writes: not in the data directory's files (database, WAL, shared memory, keys file),
 * not in PostgreSQL's tables, not in the server log. Every personal value here is a string no
 * other part of the ledger would write.
 */
const PERSON = { bsn: '123456782', name: 'Wilhelmina Zwartbroek', birthDate: '1977-08-19' };
const PAYER = 'Kapsalon Zwartbroek';
const CLAIM_REFERENCE = 'CJIB-ZWB-553107';
const CLAIM_DESCRIPTION = 'Verkeersboete Wilhelmina op de A12';
const PROTECTED_REFERENCE = 'IB-ZWB-771204';

const FULL_READ = `query ($id: ID!) { household(id: $id) {
  members { name bsn birthDate }
  claims { reference }
  capacity(on: "2025-03-20") { netIncome protectedIncome }
  timeline(first: 50) { edges { node { type summary } } }
} }`;
const CAPACITY = `query ($id: ID!) { household(id: $id) { personalDataErased capacity(on: "2025-03-20") { netIncome protectedIncome attachable } } }`;

interface Filled {
  householdId: string;
  secrets: string[];
  capacityBefore: unknown;
}

/** Registers, fills, reads and erases one household; answers what must be gone afterwards. */
async function fillAndErase(api: TestApi, ledger: Ledger): Promise<Filled> {
  const counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
  const cjib = await api.tokenFor('CREDITOR', 'CJIB');
  const { householdId } = await api.registerHousehold(counsellor, { members: [PERSON] });
  await api.declareIncome(counsellor, householdId, { memberBsn: PERSON.bsn, payer: PAYER, netMonthly: 120_000 });
  // A second source of the same kind: after erasure both must still count.
  await api.declareIncome(counsellor, householdId, { memberBsn: PERSON.bsn, payer: 'Zwartbroek Schoonmaak', netMonthly: 30_000 });
  expectNoErrors(
    await api.gql(counsellor, `mutation ($input: RecordProtectedIncomeInput!) { recordProtectedIncome(input: $input) { revision } }`, {
      input: protectedIncomeInput(householdId, { reference: PROTECTED_REFERENCE, amount: 140_000 }),
    }),
  );
  await api.registerClaim(cjib, householdId, { reference: CLAIM_REFERENCE, description: CLAIM_DESCRIPTION });
  const read = await api.gql(counsellor, FULL_READ, { id: householdId });
  expectNoErrors(read);
  const shown = JSON.stringify(read.data);
  for (const value of [PERSON.name, PAYER, CLAIM_REFERENCE, PROTECTED_REFERENCE]) expect(shown).toContain(value);
  await api.gql(counsellor, `query ($bsn: String!) { findHouseholds(bsn: $bsn) }`, { bsn: PERSON.bsn });
  const capacityBefore = (await api.gql(counsellor, CAPACITY, { id: householdId })).data;

  const admin = await api.tokenFor('ADMIN', 'BEHEER');
  expectNoErrors(
    await api.gql(admin, `mutation ($i: EraseHouseholdInput!) { eraseHousehold(input: $i) { revision } }`, {
      i: { commandId: 'avg-1', householdId, decision: 'ERASE', legalGround: 'AVG art. 17(1)(a)', reference: 'AVG-VERZOEK-1' },
    }),
  );
  const secrets = [PERSON.bsn, PERSON.name, 'Zwartbroek', PERSON.birthDate, ledger.vault.bsnHash(PERSON.bsn), PAYER, CLAIM_REFERENCE, CLAIM_DESCRIPTION, PROTECTED_REFERENCE];
  return { householdId, secrets, capacityBefore };
}

/** After the erasure: the API shows none of it, and the capacity (amounts only) is as it was. */
async function expectErasedInApi(api: TestApi, filled: Filled): Promise<void> {
  const ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
  const after = await api.gql(ombudsman, FULL_READ, { id: filled.householdId });
  expectNoErrors(after);
  for (const secret of filled.secrets) expect(JSON.stringify(after.data), secret).not.toContain(secret);
  const capacity = (await api.gql(ombudsman, CAPACITY, { id: filled.householdId })).data as { household: { personalDataErased: boolean } };
  expect(capacity.household.personalDataErased).toBe(true);
  expect({ ...capacity, household: { ...capacity.household, personalDataErased: false } }).toEqual(filled.capacityBefore);
}

function expectNotIn(where: string, content: Buffer | string, secrets: readonly string[]): void {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  for (const secret of secrets) expect(bytes.includes(Buffer.from(secret)), `${where} still holds ${secret}`).toBe(false);
}

afterAll(removeFreshDirs);

describe('a complete erasure on embedded SQLite', () => {
  it('leaves none of the person in any file of the data directory, nor in the server log', async () => {
    const dir = freshDir('tb-erasure-');
    const ledger = openEmbeddedLedger(databaseFile(dir), defaultParameters, { keySecret: 'erasure-test-key-secret-0123456789-abcdef' });
    const log = capturedLogger('debug');
    const api = createTestApi(ledger, { bsnOrgs: ['GEM-UTRECHT'], logger: log.logger });
    const filled = await fillAndErase(api, ledger);
    await expectErasedInApi(api, filled);

    const files = readdirSync(dir);
    // The database with its WAL and shared memory, and the keys file with its own.
    expect(files).toEqual(expect.arrayContaining(['totaalbeeld.sqlite', 'totaalbeeld.sqlite-wal', 'keys.sqlite']));
    for (const file of files) expectNotIn(file, readFileSync(join(dir, file)), filled.secrets);
    expect(log.text().length).toBeGreaterThan(0);
    expectNotIn('the server log', log.text(), filled.secrets);

    await api.close();
    for (const file of readdirSync(dir)) expectNotIn(`${file} (closed)`, readFileSync(join(dir, file)), filled.secrets);
  });
});

describe.skipIf(postgresUnavailable !== null)('a complete erasure on PostgreSQL', () => {
  afterAll(dropTestSchemas);

  it('leaves none of the person in any table of the schema, nor in the server log', async () => {
    const schema = freshSchema();
    const ledger = await openPostgresLedger(databaseUrl!, defaultParameters, { schema, keySecret: 'erasure-test-key-secret-0123456789-abcdef' });
    const log = capturedLogger('debug');
    const api = createTestApi(ledger, { bsnOrgs: ['GEM-UTRECHT'], logger: log.logger });
    const filled = await fillAndErase(api, ledger);
    await expectErasedInApi(api, filled);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
        [schema],
      );
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['events', 'household_overview', 'household_keys', 'bsn_index', 'read_audit']));
      for (const { table_name } of tables) {
        const { rows } = await client.query<{ content: string | null }>(`SELECT string_agg(t::text, E'\\n') AS content FROM ${schema}.${table_name} t`);
        expectNotIn(`table ${table_name}`, rows[0]?.content ?? '', filled.secrets);
      }
    } finally {
      await client.end();
    }
    expectNotIn('the server log', log.text(), filled.secrets);
    await api.close();
  });
});
