import { describe, expect, it } from 'vitest';
import { createHouseholdDecider, type HouseholdCommand } from '../../domain/household/decider.js';
import { parseHouseholdEvent, type HouseholdEvent } from '../../domain/household/events.js';
import { defaultParameters } from '../../domain/parameters.js';
import { CommandHandler } from '../../infra/commandHandler.js';
import { openSqlite } from '../../infra/sqlite/database.js';
import { SqliteEventStore } from '../../infra/sqlite/sqliteEventStore.js';
import { householdStream } from '../../infra/streams.js';
import { evolveOverview, type HouseholdOverview } from '../../projections/householdOverview.js';
import { HOUSEHOLD_ID, declareIncome, recordPayment, registerClaim, registerHousehold, requestClaimStatement } from '../support/householdFixtures.js';

/**
 * Issue 15 item 6: the overview's fold starts an append from the state its last document was
 * folded to (kept per document object) instead of turning a long document back into a state.
 * Whatever path it takes, the documents must be those a fold from a document read back from
 * storage gives (a JSON copy: not the same object, so it takes the cold path).
 */
async function events(): Promise<HouseholdEvent[]> {
  const db = openSqlite(':memory:');
  const store = new SqliteEventStore(db, []);
  const commands = new CommandHandler(store, createHouseholdDecider(defaultParameters));
  const handle = (command: HouseholdCommand) => commands.handle(HOUSEHOLD_ID, command);
  await handle(registerHousehold());
  await handle(declareIncome());
  await handle(requestClaimStatement());
  for (let i = 1; i <= 4; i++) await handle(registerClaim({ claimId: `h-1.claim-${i}`, reference: `CJIB-${i}` }, { commandId: `cmd-claim-${i}` }));
  for (let i = 1; i <= 3; i++) await handle(recordPayment({ claimId: 'h-1.claim-2', amount: 1_000 * i }, { commandId: `cmd-pay-${i}` }));
  const recorded = await store.readStream(householdStream(HOUSEHOLD_ID));
  db.close();
  return recorded.map(parseHouseholdEvent);
}

const copy = (doc: HouseholdOverview): HouseholdOverview => JSON.parse(JSON.stringify(doc)) as HouseholdOverview;

describe('the overview fold, warm and cold', () => {
  it('gives after every event the document a fold from the stored (copied) document gives', async () => {
    let warm: HouseholdOverview | null = null;
    let cold: HouseholdOverview | null = null;
    for (const event of await events()) {
      warm = evolveOverview(warm, event);
      cold = evolveOverview(cold === null ? null : copy(cold), event);
      expect(warm).toEqual(cold);
    }
    expect(warm!.claims.find((c) => c.claimId === 'h-1.claim-2')!.paid).toBe(6_000);
  });

  it('keeps the claims an event did not touch as the very objects of the document before (a store need not write them again)', async () => {
    const all = await events();
    let doc: HouseholdOverview | null = null;
    for (const event of all.slice(0, -1)) doc = evolveOverview(doc, event);
    const before = doc!;
    const after = evolveOverview(before, all.at(-1)!);
    const same = after.claims.filter((c, i) => c === before.claims[i]).map((c) => c.claimId);
    expect(same).toEqual(['h-1.claim-1', 'h-1.claim-3', 'h-1.claim-4']);
  });

  it('folds the same document twice (an append retried after a rollback) to equal documents, the first not changed by the second', async () => {
    const all = await events();
    let doc: HouseholdOverview | null = null;
    for (const event of all.slice(0, -2)) doc = evolveOverview(doc, event);
    const base = doc!;
    const first = evolveOverview(base, all.at(-2)!);
    const snapshot = copy(first);
    const again = evolveOverview(base, all.at(-2)!);
    expect(again).toEqual(first);
    evolveOverview(first, all.at(-1)!);
    evolveOverview(again, all.at(-1)!);
    expect(first).toEqual(snapshot);
    expect(base).toEqual(copy(base));
  });
});
