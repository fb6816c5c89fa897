import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors.js';
import { LedgerError } from '../../domain/errors.js';
import { createHouseholdDecider, type HouseholdCommand } from '../../domain/household/decider.js';
import { defaultParameters } from '../../domain/parameters.js';
import { CommandHandler } from '../../infra/commandHandler.js';
import type { EventStore } from '../../infra/eventStore.js';
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
});
