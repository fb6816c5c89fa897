import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { claimsOn } from '../../api/schema/dated.js';
import { ERASED, SEALED_PREFIX } from '../../domain/personalData.js';
import { SqliteKeyStore } from '../../infra/crypto/keyStore.js';
import { deriveMasterKeys, seal } from '../../infra/crypto/sealing.js';
import { opener } from '../../infra/crypto/sealingEventStore.js';
import { PersonalDataVault } from '../../infra/crypto/vault.js';
import { mapPersonal, type HouseholdOverview } from '../../projections/householdOverview.js';

/**
 * The vault opens the personal values of an overview list by list, when a list is first read, not
 * every value of the document on every read: a query for claims opens the claims' values only.
 * What a reader sees is the same as opening them all at once.
 */

const master = deriveMasterKeys('lazy-open-test-secret');
const ID = 'h-lazy';
/** Opening it fails: a read of it shows that it was opened. */
const UNOPENABLE = `${SEALED_PREFIX}AAAA:AAAA:AAAA`;

function claim(n: number, description: string) {
  return {
    claimId: `c${n}`,
    creditorId: 'CJIB',
    reference: `REF-${n}`,
    description,
    preferential: false,
    consumer: true,
    incurredOn: '2025-01-01',
    order: n,
    arrangementId: null,
    vatApplies: null,
    reminderReference: null,
    interestFrom: null,
    costCharges: [],
    payments: [],
    interestPauses: [],
    principal: 10_000,
    costs: 0,
    interest: 0,
    paid: 0,
    writtenOff: 0,
    outstanding: 10_000,
    status: 'OPEN',
  };
}

/** An overview with a personal value in every place one can be (plain). */
function plainOverview(): HouseholdOverview {
  return {
    householdId: ID,
    composition: 'SINGLE',
    municipality: 'Utrecht',
    registeredOn: '2025-01-01',
    mandates: [],
    members: [{ memberId: 'm1', bsn: '111222333', name: 'Jan Jansen', birthDate: '1980-01-01', role: 'DEBTOR' }],
    incomes: [{ memberId: 'm1', kind: 'WAGES', payer: 'Werkgever BV', netMonthly: 200_000, effectiveOn: '2025-01-01' }],
    protectedIncomes: [
      { reference: 'BVV-1', amount: 150_000, source: 'CJIB', validFrom: '2025-01-01', dispute: { reason: 'te laag', resolution: null } },
      { reference: 'BVV-2', amount: 150_000, source: 'CJIB', validFrom: '2025-02-01', dispute: { reason: 'fout', resolution: 'hersteld' } },
    ],
    claims: [claim(1, 'Zorgverzekering'), claim(2, 'Energie')],
    measures: [],
    moratoria: [{ reason: 'ziekte' }],
    arrangements: [{ termReason: 'lang traject' }, { termReason: null }],
    signals: [],
    complaints: [{ subject: 'Bejegening', text: 'klacht', notes: [{ text: 'notitie' }], closingText: null }],
    revision: 7,
    lastRecordedAt: '2025-03-01T10:00:00.000+01:00',
  } as unknown as HouseholdOverview;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

async function setUp() {
  const keys = new SqliteKeyStore(new Database(':memory:'), master);
  const key = (await keys.ensureKey(ID))!;
  const vault = new PersonalDataVault(keys, master);
  // As the embedded read model hands it out: sealed, frozen, shared.
  const sealed = deepFreeze(mapPersonal(plainOverview(), (v) => seal(v, key, ID)));
  return { keys, key, vault, sealed };
}

describe('the vault opens personal values when their list is read', () => {
  it('answers what opening every value at once answers', async () => {
    const { key, vault, sealed } = await setUp();
    const opened = await vault.open(sealed);
    expect(JSON.stringify(opened)).toBe(JSON.stringify(mapPersonal(sealed, opener(key, ID))));
    expect(JSON.parse(JSON.stringify(opened))).toEqual(JSON.parse(JSON.stringify(plainOverview())));
    expect({ ...opened }.claims[0]).toMatchObject({ reference: 'REF-1', description: 'Zorgverzekering' });
  });

  it('opens only the lists read, also through the claims dated for a query', async () => {
    const { vault, sealed } = await setUp();
    const withUnopenable = deepFreeze({ ...sealed, members: sealed.members.map((m) => ({ ...m, name: UNOPENABLE })) });
    const opened = await vault.open(withUnopenable);
    const dated = claimsOn(opened, [], '2025-06-30');
    expect(dated.map((c) => [c.reference, c.description, c.outstanding])).toEqual([
      ['REF-1', 'Zorgverzekering', 10_000],
      ['REF-2', 'Energie', 10_000],
    ]);
    expect(opened.incomes[0]!.payer).toBe('Werkgever BV');
    // Read, the members are opened, and fail as a broken value always has.
    expect(() => opened.members).toThrow();
  });

  it('shares the opened document, frozen, until the document or the key changes; an erasure reads ERASED at once', async () => {
    const { keys, vault, sealed } = await setUp();
    const first = await vault.open(sealed);
    expect(await vault.open(sealed)).toBe(first);
    expect(Object.isFrozen(first.claims[0])).toBe(true);
    expect(() => {
      (first.claims[0] as { reference: string }).reference = 'x';
    }).toThrow();
    await vault.erase(ID);
    const after = await vault.open(sealed);
    expect(after.members[0]!.name).toBe(ERASED);
    expect(after.claims[0]!.reference).toBe(ERASED);
    expect(await keys.keyFor(ID)).toBeNull();
  });
});
