import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors.js';
import { LedgerError } from '../../domain/errors.js';
import { createHouseholdDecider, evolve, initialState, type HouseholdCommand, type HouseholdState } from '../../domain/household/decider.js';
import { parseHouseholdEvent } from '../../domain/household/events.js';
import { defaultParameters } from '../../domain/parameters.js';
import { CommandHandler } from '../../infra/commandHandler.js';
import type { EventStore, EventToAppend } from '../../infra/eventStore.js';
import { openSqlite } from '../../infra/sqlite/database.js';
import { SqliteEventStore } from '../../infra/sqlite/sqliteEventStore.js';
import { householdStream } from '../../infra/streams.js';

const decider = createHouseholdDecider(defaultParameters);
const counsellor: Actor = { org: 'GEM-UTRECHT', role: 'COUNSELLOR', sub: 'c@gem' };
const at = '2025-03-20T10:00:00.000+01:00';
const H = 'h-1';

function register(): HouseholdCommand {
  return {
    type: 'RegisterHousehold',
    meta: { actor: counsellor, commandId: 'reg', correlationId: 'corr', recordedAt: at },
    data: {
      householdId: H,
      composition: 'SINGLE',
      municipality: 'Utrecht',
      members: [{ bsn: '111222333', name: 'Jan', birthDate: '1990-01-01' }],
      effectiveOn: '2025-01-01',
    },
  };
}

function claim(org: string, commandId: string): HouseholdCommand {
  return {
    type: 'RegisterClaim',
    meta: { actor: { org, role: 'CREDITOR', sub: `x@${org}` }, commandId, correlationId: 'corr', recordedAt: at },
    data: {
      claimId: `${H}.claim-${org}-${commandId}`,
      reference: commandId,
      description: 'test',
      principal: 10_000,
      preferential: false,
      consumer: true,
      incurredOn: '2025-01-10',
    },
  };
}

/** Creditors come in by invitation (issue 11): the counsellor asks a creditor for its claims. */
function invite(org: string): HouseholdCommand {
  return {
    type: 'RequestClaimStatement',
    meta: { actor: counsellor, commandId: `statement-${org}`, correlationId: 'corr', recordedAt: at },
    data: { requestId: `${H}.claimStatement-${org}`, creditorOrg: org, dueOn: '2025-04-17' },
  };
}

/** A household's state folded from what the store holds, up to a revision. */
async function stored(store: EventStore, upTo = Number.MAX_SAFE_INTEGER): Promise<HouseholdState> {
  const state = initialState();
  for (const recorded of await store.readStream(householdStream(H))) if (recorded.revision <= upTo) evolve(state, parseHouseholdEvent(recorded));
  return state;
}

/** A state as plain data: a copied state holds its maps layered over the original's. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    if (Symbol.iterator in value && typeof (value as Map<unknown, unknown>).get === 'function') {
      return [...(value as Map<unknown, unknown>)].map(([k, v]) => [k, plain(v)]);
    }
    if (value instanceof Set) return [...value].map(plain);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** The store with a hook before each append (its events' command ids), counting appends. */
function hooked(inner: EventStore, before: (commandIds: string[]) => void = () => {}): EventStore & { appends: number } {
  const store = {
    kind: 'sqlite' as const,
    appends: 0,
    readStream: (s: string, o?: Parameters<EventStore['readStream']>[1]) => inner.readStream(s, o),
    readAll: (o: Parameters<EventStore['readAll']>[0]) => inner.readAll(o),
    close: () => inner.close(),
    append: (s: string, events: readonly EventToAppend[], expected: Parameters<EventStore['append']>[2]) => {
      store.appends += 1;
      try {
        before(events.map((e) => e.meta.commandId));
      } catch (error) {
        return Promise.reject(error);
      }
      return inner.append(s, events, expected);
    },
  };
  return store;
}

function claimWithId(org: string, commandId: string, claimId: string): HouseholdCommand {
  const command = claim(org, commandId);
  return { ...command, data: { ...command.data, claimId } } as HouseholdCommand;
}

describe('command handler', () => {
  it('serialises concurrent writers from two processes by expected revision: every command lands exactly once', async () => {
    const store = new SqliteEventStore(openSqlite(':memory:'));
    // Two handlers over one store behave like two API instances: they only meet in the store.
    const a = new CommandHandler(store, decider, { maxAttempts: 50 });
    const b = new CommandHandler(store, decider, { maxAttempts: 50 });
    await a.handle(H, register());
    // Revisions 2 to 6: the five creditors' claim statements requested.
    for (let i = 0; i < 5; i++) await a.handle(H, invite(`CRED-${i}`));
    const commands = Array.from({ length: 20 }, (_, i) => claim(`CRED-${i % 5}`, `k${i}`));
    const results = await Promise.all(commands.map((c, i) => (i % 2 === 0 ? a : b).handle(H, c)));
    expect(results.every((r) => r.appended)).toBe(true);
    const revisions = results.map((r) => r.receipt.revision).sort((x, y) => x - y);
    expect(revisions).toEqual(Array.from({ length: 20 }, (_, i) => i + 7));
    const events = await store.readStream(householdStream(H));
    expect(events).toHaveLength(26);
    const commandIds = events.map((e) => e.meta['commandId']);
    expect(new Set(commandIds).size).toBe(26);
    await store.close();
  });

  it('answers a repeated command with the first receipt and stores nothing', async () => {
    const store = new SqliteEventStore(openSqlite(':memory:'));
    const handler = new CommandHandler(store, decider);
    const first = await handler.handle(H, register());
    const again = await handler.handle(H, { ...register(), meta: { ...register().meta, recordedAt: '2025-03-21T10:00:00.000+01:00' } });
    expect(again.appended).toBe(false);
    expect(again.receipt).toEqual(first.receipt);
    // A fresh handler (another process, cold cache) answers the same.
    const cold = await new CommandHandler(store, decider).handle(H, register());
    expect(cold.receipt).toEqual(first.receipt);
    expect(await store.readStream(householdStream(H))).toHaveLength(1);
    await store.close();
  });

  it('keeps a warm state only while it fits the cache bytes: too large a state is read from the stream again', async () => {
    const store = new SqliteEventStore(openSqlite(':memory:'));
    let reads = 0;
    const counting: EventStore = {
      kind: 'sqlite',
      readStream: (stream, options) => {
        reads += 1;
        return store.readStream(stream, options);
      },
      readAll: (options) => store.readAll(options),
      append: (stream, events, expected) => store.append(stream, events, expected),
      close: () => store.close(),
    };
    // A registered household's state is estimated at 4,096 + 500 bytes plus its stream's name.
    const roomy = new CommandHandler(counting, decider, { cache: { maxBytes: 10_000, ttlMs: 60_000 } });
    await roomy.handle(H, register());
    await roomy.handle(H, invite('CJIB'));
    await roomy.handle(H, claim('CJIB', 'c1'));
    expect(reads).toBe(1);
    reads = 0;
    const tight = new CommandHandler(counting, decider, { cache: { maxBytes: 4_000, ttlMs: 60_000 } });
    await tight.handle(H, claim('CJIB', 'c2'));
    await tight.handle(H, claim('CJIB', 'c3'));
    expect(reads).toBe(2);
    await store.close();
  });

  it('gives up with CONFLICT after a bounded number of attempts', async () => {
    const inner = new SqliteEventStore(openSqlite(':memory:'));
    let appends = 0;
    const alwaysStale: EventStore = {
      kind: 'sqlite',
      readStream: (s, o) => inner.readStream(s, o),
      readAll: (o) => inner.readAll(o),
      close: () => inner.close(),
      append: async () => {
        appends += 1;
        throw new LedgerError('CONFLICT', 'stale');
      },
    };
    const handler = new CommandHandler(alwaysStale, decider, { maxAttempts: 3 });
    const error = await handler.handle(H, register()).catch((e: unknown) => e);
    expect((error as LedgerError).code).toBe('CONFLICT');
    expect(appends).toBe(3);
    await alwaysStale.close();
  });

  it('does not store a rejected command and keeps serving the household afterwards', async () => {
    const store = new SqliteEventStore(openSqlite(':memory:'));
    const handler = new CommandHandler(store, decider);
    await handler.handle(H, register());
    await handler.handle(H, invite('CJIB'));
    const rejected = await handler.handle(H, { ...claim('CJIB', 'k1'), meta: { ...claim('CJIB', 'k1').meta, actor: counsellor } }).catch((e: unknown) => e);
    expect((rejected as LedgerError).code).toBe('FORBIDDEN');
    const ok = await handler.handle(H, claim('CJIB', 'k1'));
    // Registered, CJIB's claim statement requested, the claim.
    expect(ok.receipt.revision).toBe(3);
    await store.close();
  });

  it("stores the commands that arrive while a household's append commits in one append: all land, revisions consecutive, answers in order", async () => {
    const store = hooked(new SqliteEventStore(openSqlite(':memory:')));
    const handler = new CommandHandler(store, decider);
    await handler.handle(H, register());
    for (let i = 0; i < 5; i++) await handler.handle(H, invite(`CRED-${i}`));
    store.appends = 0;
    const answered: number[] = [];
    const commands = Array.from({ length: 30 }, (_, i) => claim(`CRED-${i % 5}`, `k${i}`));
    const results = await Promise.all(commands.map((c, i) => handler.handle(H, c).then((r) => (answered.push(i), r))));
    expect(answered).toEqual(commands.map((_, i) => i));
    expect(results.map((r) => r.receipt.revision)).toEqual(commands.map((_, i) => i + 7));
    expect(results.every((r) => r.appended)).toBe(true);
    // At most the first alone (when the household was idle), the others together once it committed.

    expect(store.appends).toBeLessThanOrEqual(2);
    const events = await store.readStream(householdStream(H));
    expect(events.slice(6).map((e) => e.meta['commandId'])).toEqual(commands.map((c) => c.meta.commandId));
    // Each answer's state is the stream's state at its revision, and the warm state the last.
    for (const r of [results[0]!, results[1]!, results[29]!]) expect(plain(r.state)).toEqual(plain(await stored(store, r.receipt.revision)));
    const next = await handler.handle(H, claim('CRED-0', 'k-next'));
    expect(next.receipt.revision).toBe(37);
    await store.close();
  });

  it('answers a rejection that depends on an earlier command of the same group after that command is stored, in order', async () => {
    const store = hooked(new SqliteEventStore(openSqlite(':memory:')));
    const handler = new CommandHandler(store, decider);
    await handler.handle(H, register());
    await handler.handle(H, invite('CJIB'));
    const answered: string[] = [];
    const track = (name: string, p: Promise<unknown>) =>
      p.then(
        (r) => (answered.push(name), r),
        (e: unknown) => (answered.push(name), e),
      );
    const first = track('first', handler.handle(H, claim('CJIB', 'k0')));
    const x = track('x', handler.handle(H, claimWithId('CJIB', 'k1', `${H}.claim-x`)));
    const again = track('again', handler.handle(H, claimWithId('CJIB', 'k2', `${H}.claim-x`)));
    const repeat = track('repeat', handler.handle(H, claimWithId('CJIB', 'k1', `${H}.claim-x`)));
    const last = track('last', handler.handle(H, claim('CJIB', 'k3')));
    const [, xr, rejected, repeated, lastr] = await Promise.all([first, x, again, repeat, last]);
    expect(answered).toEqual(['first', 'x', 'again', 'repeat', 'last']);
    expect((rejected as LedgerError).code).toBe('ALREADY_EXISTS');
    // The repeat of k1 decided on k1's not yet stored events is answered with k1's receipt.
    expect((repeated as { appended: boolean }).appended).toBe(false);
    expect((repeated as { receipt: unknown }).receipt).toEqual((xr as { receipt: unknown }).receipt);
    expect((lastr as { receipt: { revision: number } }).receipt.revision).toBe(5);
    expect(await store.readStream(householdStream(H))).toHaveLength(5);
    await store.close();
  });

  it('decides a group again on the caught-up state when another process got in first with as many events as its first command', async () => {
    const inner = new SqliteEventStore(openSqlite(':memory:'));
    const setup = new CommandHandler(inner, decider);
    await setup.handle(H, register());
    await setup.handle(H, invite('CJIB'));
    await setup.handle(H, invite('BANK'));
    // The other process registers claim x (one event) just before this one's first append of k1.
    let interfered = false;
    const store = hooked(inner, (commandIds) => {
      if (interfered || !commandIds.includes('k1')) return;
      interfered = true;
      const other = claimWithId('BANK', 'other', `${H}.claim-x`);
      const before = structuredClone(warmAt3);
      void inner.append(householdStream(H), decider.decide(other, before).map((e) => ({ ...e, meta: e.meta }) as EventToAppend), 3);
    });
    const warmAt3 = await stored(inner);
    const handler = new CommandHandler(store, decider);
    // Warm this handler's state at revision 3 (a read of the stream; nothing is stored).
    await handler.handle(H, invite('CJIB'));
    const answered: string[] = [];
    const k1 = handler.handle(H, claimWithId('CJIB', 'k1', `${H}.claim-x`)).then(
      (r) => (answered.push('k1'), r),
      (e: unknown) => (answered.push('k1'), e),
    );
    const k2 = handler.handle(H, claim('CJIB', 'k2')).then((r) => (answered.push('k2'), r));
    const k3 = handler.handle(H, claim('CJIB', 'k3')).then((r) => (answered.push('k3'), r));
    const [r1, r2, r3] = await Promise.all([k1, k2, k3]);
    expect(interfered).toBe(true);
    expect(answered).toEqual(['k1', 'k2', 'k3']);
    // k1 was decided again on the stream with the other process's claim x in it: refused.
    expect((r1 as LedgerError).code).toBe('ALREADY_EXISTS');
    const events = await inner.readStream(householdStream(H));
    expect(events.map((e) => e.meta['commandId'])).toEqual(['reg', 'statement-CJIB', 'statement-BANK', 'other', 'k2', 'k3']);
    expect(r2.receipt.revision).toBe(5);
    expect(r3.receipt.revision).toBe(6);
    expect(plain(r3.state)).toEqual(plain(await stored(inner)));
    expect(plain(r2.state)).toEqual(plain(await stored(inner, 5)));
    await inner.close();
  });

  it('runs a group that fails for another reason command by command: the failing command fails alone, the others land', async () => {
    const inner = new SqliteEventStore(openSqlite(':memory:'));
    // A read model refusing k2's events, whichever append carries them.
    const store = hooked(inner, (commandIds) => {
      if (commandIds.includes('k2')) throw new Error('a read model refused k2');
    });
    const handler = new CommandHandler(store, decider);
    await handler.handle(H, register());
    await handler.handle(H, invite('CJIB'));
    const settled = await Promise.allSettled(['k0', 'k1', 'k2', 'k3'].map((id) => handler.handle(H, claim('CJIB', id))));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const revisions = settled.map((s) => (s.status === 'fulfilled' ? s.value.receipt.revision : null));
    expect(revisions).toEqual([3, 4, null, 5]);
    const events = await inner.readStream(householdStream(H));
    expect(events.map((e) => e.meta['commandId'])).toEqual(['reg', 'statement-CJIB', 'k0', 'k1', 'k3']);
    // The warm state never held k2's events: the next command lands right after k3.
    const next = await handler.handle(H, claim('CJIB', 'k4'));
    expect(next.receipt.revision).toBe(6);
    expect(plain(next.state)).toEqual(plain(await stored(inner)));
    await inner.close();
  });
});
