import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { HouseholdEvent } from '../../domain/household/events.js';
import { parseHouseholdEvent } from '../../domain/household/events.js';
import { changesFrom, evolveOverview, householdOverviewProjection, type HouseholdOverview } from '../../projections/householdOverview.js';
import { history, seeded } from '../collection/support.js';

/**
 * Issue 15 item 6: started from a document it made, the overview's fold patches that document
 * with the items its events replaced or added instead of sorting and mapping every list. Its
 * documents must be byte for byte those a cold fold gives (the document read back from storage,
 * a JSON copy, is turned into a state and every list sorted again), whatever the events did.
 */
const copy = (doc: HouseholdOverview): HouseholdOverview => JSON.parse(JSON.stringify(doc)) as HouseholdOverview;

function dated(event: HouseholdEvent, recordedAt: string): HouseholdEvent {
  return parseHouseholdEvent({ ...event, meta: { ...event.meta, recordedAt } });
}

/**
 * A long household's history: claims of equal amounts on equal dates (ties of everything but
 * their order), payments and collection costs on claims anywhere in the list, measures and
 * moratoria started and ended, incomes, statement requests.
 */
function longHistory(claims: number, seed: number): HouseholdEvent[] {
  const random = seeded(seed);
  const creditors = ['CJIB', 'ENECO', 'VITENS'];
  const events: HouseholdEvent[] = [history.householdRegistered('2024-01-02'), history.incomeDeclared(180_000, '2024-01-02')];
  for (const c of creditors) events.push(history.claimStatementRequested(c, '2024-01-03'));
  const ids: string[] = [];
  let measures = 0;
  let moratoria = 0;
  const openMeasures: string[] = [];
  const openMoratoria: string[] = [];
  while (ids.length < claims) {
    const pick = random.next();
    if (pick < 0.45 || ids.length === 0) {
      const creditor = creditors[ids.length % creditors.length]!;
      const id = `claim-${ids.length}`;
      ids.push(id);
      // Same amount and date for many: only their order tells them apart.
      events.push(history.claimRegistered(id, creditor, 50_000, ids.length % 7 === 0, '2024-02-01'));
    } else if (pick < 0.75) {
      const i = Math.floor(random.next() * ids.length);
      events.push(history.paymentRecorded(ids[i]!, creditors[i % creditors.length]!, 1_000, '2024-03-01'));
    } else if (pick < 0.8) {
      const i = Math.floor(random.next() * ids.length);
      events.push(
        parseHouseholdEvent({
          type: 'CollectionCostsCharged',
          v: 1,
          data: { claimId: ids[i]!, amount: 4_000, vatApplies: false, reminderSentOn: '2024-02-10' },
          meta: history.paymentRecorded(ids[i]!, creditors[i % creditors.length]!, 1, '2024-03-01').meta,
        }),
      );
    } else if (pick < 0.86) {
      const id = `measure-${measures++}`;
      const i = Math.floor(random.next() * ids.length);
      openMeasures.push(id);
      events.push(history.measureRegistered({ measureId: id, creditorId: creditors[i % creditors.length]!, kind: 'GARNISHMENT', claimIds: [ids[i]!], monthlyAmount: 5_000, startsOn: '2024-02-15' }));
    } else if (pick < 0.9 && openMeasures.length > 0) {
      const [id] = openMeasures.splice(Math.floor(random.next() * openMeasures.length), 1);
      events.push(parseHouseholdEvent({ type: 'MeasureEnded', v: 1, data: { measureId: id!, reason: 'paid' }, meta: history.incomeDeclared(1, '2024-04-01').meta }));
    } else if (pick < 0.93) {
      const id = `moratorium-${moratoria++}`;
      openMoratoria.push(id);
      events.push(history.moratoriumStarted(id, '2024-03-01', '2024-08-31'));
    } else if (pick < 0.96 && openMoratoria.length > 0) {
      const [id] = openMoratoria.splice(Math.floor(random.next() * openMoratoria.length), 1);
      events.push(parseHouseholdEvent({ type: 'MoratoriumEnded', v: 1, data: { moratoriumId: id!, reason: 'done' }, meta: history.incomeDeclared(1, '2024-05-01').meta }));
    } else {
      events.push(history.incomeDeclared(150_000 + Math.floor(random.next() * 1_000) * 100, '2024-04-01'));
    }
  }
  return events.map((e, i) => dated(e, `2024-06-01T09:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000+02:00`));
}

/** Folds each event onto the previous document (warm) and onto a JSON copy of it (cold), comparing the texts after every one. */
function foldBoth(events: readonly HouseholdEvent[], start: HouseholdOverview | null = null): { warm: HouseholdOverview; patched: number } {
  let warm = start;
  let cold = start === null ? null : copy(start);
  let patched = 0;
  for (const event of events) {
    const before = warm;
    warm = evolveOverview(warm, event);
    cold = evolveOverview(cold === null ? null : copy(cold), event);
    expect(JSON.stringify(warm)).toBe(JSON.stringify(cold));
    const changed = changesFrom(warm, before);
    if (changed) {
      patched += 1;
      expect(changesFrom(warm, cold)).toBeUndefined();
      // What the changes leave out is the very object of the document before, at its position.
      for (const [name, positions] of Object.entries(changed)) {
        const list = warm[name as keyof HouseholdOverview] as unknown[];
        const old = before![name as keyof HouseholdOverview] as unknown[];
        const changed = new Set(positions);
        list.forEach((item, i) => {
          if (!changed.has(i)) expect(item).toBe(old[i]);
        });
      }
    }
  }
  return { warm: warm!, patched };
}

describe('the overview fold patches the document it made', () => {
  it('gives a long household, event by event, the documents a cold fold gives (ties, changes anywhere in the lists)', () => {
    for (const seed of [1, 2, 3]) {
      const events = longHistory(150, seed);
      const { warm, patched } = foldBoth(events);
      // Every document after the first was made by patching.
      expect(patched).toBe(events.length - 1);
      expect(warm.claims).toHaveLength(150);
      expect(warm.measures.length).toBeGreaterThan(0);
      expect(warm.moratoria!.length).toBeGreaterThan(0);
    }
  });

  it('folds several events at once into a patch of the document it started from', () => {
    const events = longHistory(60, 4);
    let doc: HouseholdOverview | null = null;
    for (const event of events.slice(0, -20)) doc = evolveOverview(doc, event);
    const base = doc!;
    const folder = (householdOverviewFolder())(base);
    for (const event of events.slice(-20)) folder.add(event);
    const warm = folder.document();
    let cold = copy(base);
    for (const event of events.slice(-20)) cold = evolveOverview(copy(cold), event);
    expect(JSON.stringify(warm)).toBe(JSON.stringify(cold));
    expect(changesFrom(warm, base)).toBeDefined();
  });

  it('builds a list whole again when an order is not its position (a document of an older version), and sorts a new item where its order puts it', () => {
    const events = longHistory(20, 5);
    let doc: HouseholdOverview | null = null;
    for (const event of events) doc = evolveOverview(doc, event);
    // Orders with gaps and a tie, as no fold of this version makes them: the next claim's order
    // (the map's size) sorts it before the last ones, and one of equal order stays after it.
    const odd = copy(doc!);
    odd.claims = odd.claims.map((c, i) => ({ ...c, order: i < 18 ? i : i + 5 }));
    const more = [
      history.claimRegistered('claim-new-1', 'CJIB', 50_000, false, '2024-02-01'),
      history.paymentRecorded('claim-3', 'CJIB', 1_000, '2024-03-01'),
      history.claimRegistered('claim-new-2', 'ENECO', 50_000, false, '2024-02-01'),
      history.claimRegistered('claim-new-3', 'ENECO', 50_000, false, '2024-02-01'),
      history.paymentRecorded('claim-new-1', 'CJIB', 1_000, '2024-03-01'),
      history.claimRegistered('claim-new-4', 'CJIB', 50_000, false, '2024-02-01'),
    ].map((e, i) => dated(e, `2024-07-01T09:00:0${i}.000+02:00`));
    const { warm } = foldBoth(more, odd);
    expect(warm.claims.map((c) => c.claimId).slice(17)).toEqual(['claim-17', 'claim-new-1', 'claim-new-2', 'claim-new-3', 'claim-18', 'claim-new-4', 'claim-19']);
  });

  it('does not take an item set again for a new one when its order is past the end of the list (orders with a tie at the end)', () => {
    const events = longHistory(20, 6);
    let doc: HouseholdOverview | null = null;
    for (const event of events) doc = evolveOverview(doc, event);
    const odd = copy(doc!);
    // The last two claims share an order equal to the list's length.
    odd.claims = odd.claims.map((c, i) => ({ ...c, order: i < 18 ? i : 20 }));
    const more = [
      history.paymentRecorded('claim-0', 'CJIB', 1_000, '2024-03-01'),
      history.paymentRecorded('claim-18', 'CJIB', 1_000, '2024-03-01'),
      history.claimRegistered('claim-new-1', 'CJIB', 50_000, false, '2024-02-01'),
      history.paymentRecorded('claim-19', 'ENECO', 1_000, '2024-03-01'),
    ].map((e, i) => dated(e, `2024-07-01T09:00:0${i}.000+02:00`));
    const { warm } = foldBoth(more, odd);
    expect(warm.claims.map((c) => c.claimId).slice(17)).toEqual(['claim-17', 'claim-18', 'claim-19', 'claim-new-1']);
  });

  it('gives the cold fold\'s documents from documents with any sorted orders (gaps, ties) and random appends', () => {
    for (let seed = 11; seed < 41; seed++) {
      const random = seeded(seed);
      const events = longHistory(30, seed);
      let doc: HouseholdOverview | null = null;
      for (const event of events) doc = evolveOverview(doc, event);
      const odd = copy(doc!);
      // Each order near its position, sorted: ties, gaps, orders past the end and short of it.
      const orders = odd.claims.map((_, i) => Math.max(0, i + random.int(-2, 2))).sort((a, b) => a - b);
      odd.claims = odd.claims.map((c, i) => ({ ...c, order: orders[i]! }));
      const ids = odd.claims.map((c) => c.claimId);
      const more: HouseholdEvent[] = [];
      for (let i = 0; i < 40; i++) {
        if (random.bool(0.3)) {
          const id = `claim-more-${i}`;
          ids.push(id);
          more.push(history.claimRegistered(id, 'CJIB', 50_000, false, '2024-02-01'));
        } else {
          // Often near the end of the list, where orders past the end are.
          const index = random.bool() ? random.int(Math.max(0, ids.length - 4), ids.length - 1) : random.int(0, ids.length - 1);
          more.push(history.paymentRecorded(ids[index]!, 'CJIB', 1_000, '2024-03-01'));
        }
      }
      foldBoth(
        more.map((e, i) => dated(e, `2024-07-01T09:${String(i).padStart(2, '0')}:00.000+02:00`)),
        odd,
      );
    }
  });

  it('does not keep the documents it patched alive through the documents it made (a chain as long as the appends)', () => {
    // In a process of its own, to collect garbage when it asks.
    const fixture = fileURLToPath(new URL('./fixtures/overview-chain.ts', import.meta.url));
    const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fixture], { encoding: 'utf8' })) as { firstCollected: boolean; heapGrowth: number; claims: number };
    expect(out.claims).toBe(300);
    expect(out.firstCollected).toBe(true);
    // Held strongly, the 3,000 documents before the last took 23 MB.
    expect(out.heapGrowth).toBeLessThan(8_000_000);
  });
});

function householdOverviewFolder() {
  return (doc: HouseholdOverview) => householdOverviewProjection.folder!(doc);
}
