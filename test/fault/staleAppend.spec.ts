import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors.js';
import { LedgerError } from '../../domain/errors.js';
import { createHouseholdDecider, type HouseholdCommand } from '../../domain/household/decider.js';
import { defaultParameters } from '../../domain/parameters.js';
import { CommandHandler } from '../../infra/commandHandler.js';
import type { EventToAppend } from '../../infra/eventStore.js';
import { openSqlite } from '../../infra/sqlite/database.js';
import { SqliteEventStore } from '../../infra/sqlite/sqliteEventStore.js';
import { householdStream } from '../../infra/streams.js';
import { freshDir, removeDirs } from '../load/support.js';

/**
 * The peer (Emmett's SQLite store) corrupts a stream's version after a rejected stale append.
 * Ours keeps it: a stale append is refused with CONFLICT and stores nothing, also when it
 * shares a group commit with appends that succeed, and the revision is intact on disk after
 * the file is closed and opened again.
 */
afterAll(() => removeDirs());

const meta = { commandId: 'c', recordedAt: '2025-03-20T10:00:00.000+01:00' };
const event = (n: number): EventToAppend => ({ type: 'Happened', v: 1, data: { n }, meta: { ...meta, commandId: `c-${n}` } });

async function conflict(promise: Promise<unknown>): Promise<LedgerError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LedgerError);
  expect((error as LedgerError).code).toBe('CONFLICT');
  return error as LedgerError;
}

function revisionsOnDisk(file: string, stream: string): { revisions: number[]; streamRow: number | undefined } {
  const db = openSqlite(file);
  try {
    const revisions = db.prepare<[string], { revision: number }>('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision').all(stream).map((r) => r.revision);
    const streamRow = db.prepare<[string], { revision: number }>('SELECT revision FROM streams WHERE stream_id = ?').get(stream)?.revision;
    return { revisions, streamRow };
  } finally {
    db.close();
  }
}

describe('a stale append after a rejected one', () => {
  it('leaves the stream revision intact, alone and within a group commit, and across a reopen', async () => {
    const file = join(freshDir('tb-stale-'), 'events.sqlite');
    let store = new SqliteEventStore(openSqlite(file));
    expect((await store.append('s', [event(1), event(2)], 0)).revision).toBe(2);

    // Rejected stale appends, one after another.
    const first = await conflict(store.append('s', [event(3)], 0));
    expect(first.details).toEqual({ expected: 0, actual: 2 });
    await conflict(store.append('s', [event(3)], 1));
    await conflict(store.append('s', [event(3)], 3));

    // In one group commit: stale appends around good ones, for this stream and others.
    const outcomes = await Promise.allSettled([
      store.append('s', [event(4)], 1),
      store.append('s', [event(5)], 2),
      store.append('s', [event(6)], 2),
      store.append('t', [event(7)], 0),
      store.append('s', [event(8)], 0),
      store.append('s', [event(9)], 3),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as LedgerError).code).toBe('CONFLICT');
    expect((await store.readStream('s')).map((e) => [e.revision, (e.data as { n: number }).n])).toEqual([
      [1, 1],
      [2, 2],
      [3, 5],
      [4, 9],
    ]);
    await store.close();

    // What is on disk after closing: contiguous revisions, and the stream row agrees.
    expect(revisionsOnDisk(file, 's')).toEqual({ revisions: [1, 2, 3, 4], streamRow: 4 });
    store = new SqliteEventStore(openSqlite(file));
    await conflict(store.append('s', [event(10)], 3));
    expect((await store.append('s', [event(11)], 4)).revision).toBe(5);
    await store.close();
    expect(revisionsOnDisk(file, 's')).toEqual({ revisions: [1, 2, 3, 4, 5], streamRow: 5 });
  });

  it('keeps two command handlers (two processes) on one stream exact: a warm state behind the stream is caught up, never appended on', async () => {
    const file = join(freshDir('tb-stale-handlers-'), 'events.sqlite');
    const decider = createHouseholdDecider(defaultParameters);
    const storeA = new SqliteEventStore(openSqlite(file));
    const storeB = new SqliteEventStore(openSqlite(file));
    const a = new CommandHandler(storeA, decider);
    const b = new CommandHandler(storeB, decider);
    const at = '2025-03-20T10:00:00.000+01:00';
    const counsellor: Actor = { org: 'GEM', role: 'COUNSELLOR', sub: 'c' };
    const cjib: Actor = { org: 'CJIB', role: 'CREDITOR', sub: 'x' };
    const register: HouseholdCommand = {
      type: 'RegisterHousehold',
      meta: { actor: counsellor, commandId: 'reg', correlationId: 'c', recordedAt: at },
      data: { householdId: 'h', composition: 'SINGLE', municipality: 'Utrecht', members: [{ bsn: '111222333', name: 'Jan', birthDate: '1980-01-01' }], effectiveOn: '2025-01-01' },
    };
    const claim = (k: number): HouseholdCommand => ({
      type: 'RegisterClaim',
      meta: { actor: cjib, commandId: `claim-${k}`, correlationId: 'c', recordedAt: at },
      data: { claimId: `h.claim-${k}`, reference: `R${k}`, description: 'd', principal: 10_000, preferential: false, consumer: true, incurredOn: '2025-01-10' },
    });
    let payments = 0;
    const payment = (k: number, amount: number): HouseholdCommand => ({
      type: 'RecordPayment',
      meta: { actor: cjib, commandId: `pay-${(payments += 1)}`, correlationId: 'c', recordedAt: at },
      data: { claimId: `h.claim-${k}`, amount, paidOn: '2025-03-01' },
    });
    await a.handle('h', register);
    // Creditors come in by invitation (issue 11): the counsellor asks CJIB for its claims (revision 2).
    await a.handle('h', {
      type: 'RequestClaimStatement',
      meta: { actor: counsellor, commandId: 'statement', correlationId: 'c', recordedAt: at },
      data: { requestId: 'h.claimStatement-1', creditorOrg: 'CJIB', dueOn: '2025-04-17' },
    });
    await a.handle('h', claim(1)); // A's state is warm at revision 3.
    await b.handle('h', claim(2)); // B moves the stream to 4 behind A's back.
    // A decides on its warm state, meets CONFLICT, catches up and lands at 5.
    expect((await a.handle('h', claim(3))).receipt.revision).toBe(5);
    await b.handle('h', payment(1, 4_000)); // 6
    expect((await a.handle('h', payment(2, 1_000))).receipt.revision).toBe(7);
    // A payment that would exceed the balance after B's payment is refused on the caught-up state.
    const refused = await a.handle('h', payment(3, 10_001)).catch((e: unknown) => e);
    expect((refused as LedgerError).code).toBe('PAYMENT_EXCEEDS_OUTSTANDING');
    await b.handle('h', payment(1, 6_000)); // 8: claim 1 is now fully paid
    const overpaid = await a.handle('h', payment(1, 1)).catch((e: unknown) => e);
    expect((overpaid as LedgerError).code).toBe('PAYMENT_EXCEEDS_OUTSTANDING');
    await b.handle('h', claim(5)); // 9
    // A pays claim 5, which its warm state never saw registered (FORBIDDEN there, as an unknown
    // claim is since issue 11): decided again on the stream, not refused.
    expect((await a.handle('h', payment(5, 100))).receipt.revision).toBe(10);
    const events = await storeA.readStream(householdStream('h'));
    expect(events.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(events.map((e) => e.meta['commandId'])).toEqual(['reg', 'statement', 'claim-1', 'claim-2', 'claim-3', 'pay-1', 'pay-2', 'pay-4', 'claim-5', 'pay-6']);
    // The refused ones (pay-3, pay-5) stored nothing.
    await storeA.close();
    await storeB.close();
  });
});
