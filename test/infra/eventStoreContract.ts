import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerError } from '../../domain/errors.js';
import { followStore, type EventStore, type EventToAppend, type RecordedEvent } from '../../infra/eventStore.js';

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * One contract for the event-store port, run unchanged against every adapter (Emmett's
 * approach). An adapter passes a factory that gives a fresh, empty store.
 */
export function eventStoreContract(name: string, open: () => Promise<EventStore>): void {
  describe(`event store contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    let n = 0;
    function event(recordedAt = '2025-03-20T10:00:00.000+01:00', type = 'Happened'): EventToAppend {
      n += 1;
      return { type, v: 1, data: { n }, meta: { commandId: `cmd-${n}`, recordedAt } };
    }

    async function expectConflict(promise: Promise<unknown>): Promise<void> {
      const error = await promise.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(LedgerError);
      expect((error as LedgerError).code).toBe('CONFLICT');
    }

    it('appends to a new stream with expected revision 0 and numbers events from 1', async () => {
      const result = await store.append('s-1', [event(), event()], 0);
      expect(result.revision).toBe(2);
      const events = await store.readStream('s-1');
      expect(events.map((e) => e.revision)).toEqual([1, 2]);
      expect(events.map((e) => e.streamId)).toEqual(['s-1', 's-1']);
      expect(result.globalPosition).toBe(events[1]!.globalPosition);
    });

    it('rejects a stale expected revision with CONFLICT and stores nothing', async () => {
      await store.append('s-1', [event()], 0);
      await expectConflict(store.append('s-1', [event()], 0));
      await expectConflict(store.append('s-1', [event()], 2));
      expect(await store.readStream('s-1')).toHaveLength(1);
      // The stream's revision is intact after a rejected append (Emmett's SQLite store corrupts it).
      const next = await store.append('s-1', [event()], 1);
      expect(next.revision).toBe(2);
    });

    it("appends with 'any' whatever the revision", async () => {
      await store.append('s-1', [event()], 'any');
      const result = await store.append('s-1', [event()], 'any');
      expect(result.revision).toBe(2);
    });

    it('keeps the data and meta it was given', async () => {
      const e: EventToAppend = {
        type: 'ClaimRegistered',
        v: 3,
        data: { nested: { amount: 100_000, list: [1, 2] }, text: 'é ✓' },
        meta: { commandId: 'c', recordedAt: '2025-03-20T10:00:00.000+01:00', org: 'CJIB' },
      };
      await store.append('s-1', [e], 0);
      const [read] = await store.readStream('s-1');
      expect(read).toMatchObject({ type: 'ClaimRegistered', v: 3, data: e.data, meta: e.meta, recordedAt: e.meta.recordedAt });
    });

    it('reads a stream after a revision, and an unknown stream as empty', async () => {
      await store.append('s-1', [event(), event(), event()], 0);
      expect((await store.readStream('s-1', { afterRevision: 2 })).map((e) => e.revision)).toEqual([3]);
      expect(await store.readStream('nope')).toEqual([]);
    });

    it('reads a stream as the ledger knew it at an instant', async () => {
      await store.append('s-1', [event('2025-03-01T10:00:00.000+01:00')], 0);
      await store.append('s-1', [event('2025-03-02T10:00:00.000+01:00')], 1);
      await store.append('s-1', [event('2025-03-03T10:00:00.000+01:00')], 2);
      const upTo = async (instant: string) => (await store.readStream('s-1', { recordedUpTo: instant })).map((e) => e.revision);
      expect(await upTo('2025-03-01T09:59:59.999+01:00')).toEqual([]);
      expect(await upTo('2025-03-01T10:00:00.000+01:00')).toEqual([1]);
      // The same instant written in UTC.
      expect(await upTo('2025-03-02T09:00:00.000Z')).toEqual([1, 2]);
      expect(await upTo('2030-01-01T00:00:00Z')).toEqual([1, 2, 3]);
    });

    it('reads all streams in global order from a position, in pages', async () => {
      await store.append('a', [event()], 0);
      await store.append('b', [event(), event()], 0);
      await store.append('a', [event()], 1);
      const all = await store.readAll({ after: 0, limit: 100 });
      expect(all.map((e) => [e.streamId, e.revision])).toEqual([['a', 1], ['b', 1], ['b', 2], ['a', 2]]);
      const positions = all.map((e) => e.globalPosition);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      const page = await store.readAll({ after: positions[1]!, limit: 1 });
      expect(page.map((e) => [e.streamId, e.revision])).toEqual([['b', 2]]);
    });

    it('lets exactly one of many concurrent writers with the same expected revision win', async () => {
      await store.append('s-1', [event()], 0);
      const attempts = await Promise.allSettled(Array.from({ length: 20 }, () => store.append('s-1', [event()], 1)));
      expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      for (const a of attempts) if (a.status === 'rejected') expect((a.reason as LedgerError).code).toBe('CONFLICT');
      expect(await store.readStream('s-1')).toHaveLength(2);
    });

    it('keeps concurrent writers to different streams apart', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(`s-${i}`, [event()], 0)));
      expect(results.every((r) => r.revision === 1)).toBe(true);
      expect(new Set(results.map((r) => r.globalPosition)).size).toBe(50);
      expect(await store.readAll({ after: 0, limit: 1000 })).toHaveLength(50);
    });

    it('answers a retried append of the same command as the first did, storing nothing new', async () => {
      const first: EventToAppend[] = [event(), event()];
      const original = await store.append('s-1', first, 0);
      // The same events of the same command again (a client retrying after a lost answer).
      const retried = await store.append('s-1', first, 0);
      expect(retried.revision).toBe(original.revision);
      expect(retried.globalPosition).toBe(original.globalPosition);
      expect(await store.readStream('s-1')).toHaveLength(2);
      // Another command with the same expected revision is still a conflict.
      await expectConflict(store.append('s-1', [event()], 0));
    });

    it('follows the log: catch-up from a checkpoint, then new events as they come', async () => {
      await store.append('a', [event(), event()], 0);
      const all = await store.readAll({ after: 0, limit: 10 });
      const seen: RecordedEvent[] = [];
      const stop = new AbortController();
      const following = followStore(
        store,
        all[0]!.globalPosition,
        async (events) => {
          seen.push(...events);
          if (seen.length >= 3) stop.abort();
        },
        { signal: stop.signal, idleMs: 10, batchSize: 1 },
      );
      await until(() => seen.length === 1);
      await store.append('b', [event(), event()], 0);
      await following;
      expect(seen.map((e) => [e.streamId, e.revision])).toEqual([['a', 2], ['b', 1], ['b', 2]]);
    });

    it('handles a large stream', async () => {
      for (let i = 0; i < 20; i++) {
        await store.append('big', Array.from({ length: 100 }, () => event()), i * 100);
      }
      const events = await store.readStream('big');
      expect(events).toHaveLength(2000);
      expect(events[1999]!.revision).toBe(2000);
    });
  });
}
