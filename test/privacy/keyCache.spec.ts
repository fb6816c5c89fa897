import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ERASED } from '../../domain/personalData.js';
import { HouseholdErasedError, PgKeyStore, SqliteKeyStore } from '../../infra/crypto/keyStore.js';
import { deriveMasterKeys } from '../../infra/crypto/sealing.js';
import { SealingEventStore } from '../../infra/crypto/sealingEventStore.js';
import type { EventToAppend } from '../../infra/eventStore.js';
import { SqliteEventStore } from '../../infra/sqlite/sqliteEventStore.js';
import { openSqlite } from '../../infra/sqlite/database.js';
import { householdStream } from '../../infra/streams.js';
import { createTestApi, type TestApi } from '../support/api.js';
import { pgPoolsPerTest, postgresUnavailable } from '../support/postgres.js';

/**
 * The key stores keep unwrapped household keys in memory, bounded. Erasure stays absolute: the
 * process that erases stops using the key at once; another process on the same SQLite file at
 * its next look-up; another API instance on PostgreSQL within the cache's TTL.
 */

const master = deriveMasterKeys('key-cache-test-secret');

const dirs: string[] = [];
function keysFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tb-keys-'));
  dirs.push(dir);
  return join(dir, 'keys.sqlite');
}
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const opened: Database.Database[] = [];
function keysDb(file = ':memory:'): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

/** Overwrites every stored key behind the store's back (same connection: its cache cannot notice). */
function forgetStoredKeys(db: Database.Database): void {
  db.exec(`UPDATE household_keys SET wrapped = NULL WHERE wrapped IS NOT NULL`);
}

describe('the SQLite key store', () => {
  it('unwraps a key once and serves it from memory after that', async () => {
    const db = keysDb();
    const keys = new SqliteKeyStore(db, master);
    const made = await keys.ensureKey('h1');
    forgetStoredKeys(db);
    expect(await keys.keyFor('h1')).toEqual(made);
    expect(await keys.ensureKey('h1')).toEqual(made);
  });

  it('keeps at most its size, the least recently used going first', async () => {
    const db = keysDb();
    const keys = new SqliteKeyStore(db, master, { size: 3 });
    for (const id of ['h1', 'h2', 'h3']) await keys.ensureKey(id);
    await keys.keyFor('h1'); // used again: h2 is now the least recently used
    for (const id of ['h4', 'h5']) await keys.ensureKey(id);
    forgetStoredKeys(db);
    const held = await Promise.all(['h1', 'h2', 'h3', 'h4', 'h5'].map(async (id) => (await keys.keyFor(id)) !== null));
    expect(held).toEqual([true, false, false, true, true]);
  });

  it('with size 0 reads the stored key every time', async () => {
    const db = keysDb();
    const keys = new SqliteKeyStore(db, master, { size: 0 });
    await keys.ensureKey('h1');
    forgetStoredKeys(db);
    expect(await keys.keyFor('h1')).toBeNull();
  });

  it('after erasure answers no key and refuses to make one, at once', async () => {
    const keys = new SqliteKeyStore(keysDb(), master);
    await keys.ensureKey('h1');
    expect(await keys.keyFor('h1')).not.toBeNull();
    await keys.erase('h1');
    expect(await keys.keyFor('h1')).toBeNull();
    await expect(keys.ensureKey('h1')).rejects.toBeInstanceOf(HouseholdErasedError);
    expect(await keys.isErased('h1')).toBe(true);
    // Others keep theirs.
    expect(await keys.ensureKey('h2')).toHaveLength(32);
  });

  it('drops what it holds when another process has written the file, so an erasure there holds here at its next look-up', async () => {
    const file = keysFile();
    const here = new SqliteKeyStore(keysDb(file), master);
    const there = new SqliteKeyStore(keysDb(file), master);
    const key = await here.ensureKey('h1');
    expect(await there.keyFor('h1')).toEqual(key);
    await there.erase('h1');
    expect(await here.keyFor('h1')).toBeNull();
    await expect(here.ensureKey('h1')).rejects.toBeInstanceOf(HouseholdErasedError);
  });

  it('uses the key another process made first, not one of its own', async () => {
    const file = keysFile();
    const here = new SqliteKeyStore(keysDb(file), master);
    const there = new SqliteKeyStore(keysDb(file), master);
    expect(await here.keyFor('h1')).toBeNull();
    const theirs = await there.ensureKey('h1');
    expect(await here.ensureKey('h1')).toEqual(theirs);
  });
});

describe('an erased household, with its key cached before', () => {
  let api: TestApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('can no longer seal nor open personal data through the store or the vault', async () => {
    api = createTestApi();
    const counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    const { householdId } = await api.registerHousehold(counsellor);
    const { ledger } = api;
    const doc = (await ledger.overviews.read(householdId))!;
    // Opened (and its opened form kept) while the key is there: the same document, the same answer.
    const before = await ledger.vault.open(doc);
    expect(before.members[0]!.name).not.toBe(ERASED);
    expect(await ledger.vault.open(doc)).toBe(before);
    expect((await ledger.store.readStream(householdStream(householdId)))[0]!.data).toMatchObject({ members: [{ bsn: before.members[0]!.bsn }] });

    await ledger.vault.erase(householdId);

    const after = await ledger.vault.open(doc);
    expect(after.members[0]).toMatchObject({ name: ERASED, bsn: ERASED, birthDate: ERASED });
    expect(JSON.stringify(after)).not.toContain(before.members[0]!.name);
    expect((await ledger.store.readStream(householdStream(householdId)))[0]!.data).toMatchObject({ members: [{ name: ERASED, bsn: ERASED }] });
    await expect(ledger.vault.keys.ensureKey(householdId)).rejects.toBeInstanceOf(HouseholdErasedError);
    const sealed: EventToAppend = {
      type: 'ClaimRegistered',
      v: 1,
      data: { claimId: 'c-late', description: 'Boete' },
      meta: { commandId: 'late', recordedAt: '2025-03-20T10:00:00.000+01:00', org: 'CJIB', role: 'CREDITOR', sub: 'x' },
    };
    await expect(ledger.store.append(householdStream(householdId), [sealed], 'any')).rejects.toBeInstanceOf(HouseholdErasedError);
  });

  it('erased by another process on the same files is not appended to with the old key', async () => {
    const file = keysFile();
    const log = new SqliteEventStore(openSqlite(join(file, '..', 'events.sqlite')));
    const store = new SealingEventStore(log, new SqliteKeyStore(keysDb(file), master));
    const elsewhere = new SqliteKeyStore(keysDb(file), master);
    const event = (n: number) =>
      ({
        type: 'ClaimRegistered',
        v: 1,
        data: { claimId: `c-${n}`, description: 'Boete Jan de Vries' },
        meta: { commandId: `cmd-${n}`, recordedAt: '2025-03-20T10:00:00.000+01:00', org: 'CJIB', role: 'CREDITOR', sub: 'x' },
      });
    try {
      await store.append(householdStream('h1'), [event(1)], 'any');
      await elsewhere.erase('h1');
      await expect(store.append(householdStream('h1'), [event(2)], 'any')).rejects.toBeInstanceOf(HouseholdErasedError);
      expect((await store.readStream(householdStream('h1')))[0]!.data).toMatchObject({ description: ERASED });
    } finally {
      await log.close();
    }
  });
});

describe.skipIf(postgresUnavailable !== null)('the PostgreSQL key store', () => {
  const pool = pgPoolsPerTest();

  it('serves a key from memory, and erasure here holds at once', async () => {
    const p = await pool();
    const keys = new PgKeyStore(p, master);
    const made = await keys.ensureKey('h1');
    const query = vi.spyOn(p, 'query');
    expect(await keys.keyFor('h1')).toEqual(made);
    expect(await keys.ensureKey('h1')).toEqual(made);
    expect(query).not.toHaveBeenCalled();
    await keys.erase('h1');
    expect(await keys.keyFor('h1')).toBeNull();
    await expect(keys.ensureKey('h1')).rejects.toBeInstanceOf(HouseholdErasedError);
  });

  it('on another instance stops using an erased key once its TTL has passed (the documented bound)', async () => {
    const p = await pool();
    let now = 1_000_000;
    const clock = () => now;
    const eraser = new PgKeyStore(p, master, { now: clock });
    const other = new PgKeyStore(p, master, { now: clock, ttlMs: 2_000 });
    const key = await eraser.ensureKey('h1');
    expect(await other.keyFor('h1')).toEqual(key);
    await eraser.erase('h1');
    now += 1_999;
    expect(await other.keyFor('h1')).toEqual(key); // within the bound
    now += 1;
    expect(await other.keyFor('h1')).toBeNull();
    await expect(other.ensureKey('h1')).rejects.toBeInstanceOf(HouseholdErasedError);
  });

  it('does not keep a key read while it was being erased here', async () => {
    const p = await pool();
    const keys = new PgKeyStore(p, master, { size: 0 });
    await keys.ensureKey('h1');
    const cached = new PgKeyStore(p, master);
    // The look-up reads the row before the erasure commits, and hears back only after it.
    const query = p.query.bind(p) as (...args: unknown[]) => Promise<unknown>;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    vi.spyOn(p, 'query').mockImplementationOnce((async (...args: unknown[]) => {
      const result = await query(...args);
      await gate;
      return result;
    }) as never);
    const reading = cached.keyFor('h1');
    await new Promise((r) => setTimeout(r, 50));
    await cached.erase('h1');
    release();
    expect(await reading).not.toBeNull(); // it overlapped the erasure: either answer is right
    expect(await cached.keyFor('h1')).toBeNull();
  });

  it('keeps at most its size', async () => {
    const p = await pool();
    const keys = new PgKeyStore(p, master, { size: 2 });
    for (const id of ['h1', 'h2', 'h3']) await keys.ensureKey(id);
    const query = vi.spyOn(p, 'query');
    await keys.keyFor('h3');
    await keys.keyFor('h2');
    expect(query).not.toHaveBeenCalled();
    await keys.keyFor('h1');
    expect(query).toHaveBeenCalledTimes(1);
  });
});
