import { balanceStatus, outstanding, type ClaimFacts, type ClaimStatus } from '../domain/claims.js';
import type { BusinessDate } from '../domain/dates.js';
import type { MeasureFacts } from '../domain/allocation.js';
import type { MoratoriumFacts } from '../domain/capacity.js';
import type { ComplaintFacts } from '../domain/complaints.js';
import type { Mandate } from '../domain/mandates.js';
import type { SignalFacts } from '../domain/signals.js';
import { copyState, evolve, initialState, type ArrangementState, type ClaimStatementRequestFacts, type HouseholdState, type MemberState } from '../domain/household/decider.js';
import type { HouseholdEvent } from '../domain/household/events.js';
import { claimWithInterest, type InterestFlag } from '../domain/interest.js';
import type { Cents } from '../domain/money.js';
import type { InterestRateRow } from '../domain/parameters.js';
import { LayeredMap } from '../domain/layeredMap.js';
import type { Folder, Projection } from './projection.js';
import { defaultRole, type Composition, type CompositionPeriod, type IncomeDeclaration, type ProtectedIncomeRecord } from '../domain/protectedIncome.js';

/**
 * The household overview read model: one JSON document per household with its members, the
 * facts capacity is computed from, and every claim with its balance. It folds events with the
 * decider's own `evolve`, so the overview can never disagree with what commands are decided on.
 */
export interface ClaimView extends ClaimFacts {
  outstanding: Cents;
  status: ClaimStatus;
  /** Set by `claimOn`: flags of the interest computation (INTEREST_RATE_UNCONFIRMED, …). */
  flags?: InterestFlag[];
}

/** A claim as of a date: its statutory interest up to and including that date, and the balance with it. */
export function claimOn(claim: ClaimFacts, rates: readonly InterestRateRow[], on: BusinessDate): ClaimView {
  const { claim: dated, flags } = claimWithInterest(claim, rates, on);
  return { ...dated, outstanding: outstanding(dated), status: balanceStatus(dated), flags };
}

export interface HouseholdOverview {
  householdId: string;
  composition: Composition;
  municipality: string;
  registeredOn: BusinessDate;
  /** Registration and each composition change (absent in documents written before issue 12). */
  compositionPeriods?: CompositionPeriod[];
  mandates: Mandate[];
  members: MemberState[];
  incomes: IncomeDeclaration[];
  protectedIncomes: ProtectedIncomeRecord[];
  claims: ClaimView[];
  measures: MeasureFacts[];
  moratoria: MoratoriumFacts[];
  arrangements: ArrangementState[];
  signals: SignalFacts[];
  complaints: ComplaintFacts[];
  /** Absent in documents written before 4 December 2026. */
  claimStatementRequests?: ClaimStatementRequestFacts[];
  revision: number;
  lastRecordedAt: string;
}

export interface DebtTotals {
  outstanding: Cents;
  claimCount: number;
  creditorCount: number;
  /** Every flag of the claims counted (INTEREST_RATE_UNCONFIRMED when one used an unconfirmed rate). */
  flags: InterestFlag[];
}

/**
 * The lists of a document that grow with the household's history (every claim, payment,
 * measure, …), as against those that change only with its people and counsellors (members,
 * mandates, composition periods). A store may keep them item by item, so that an append
 * writes only the items it changed (infra/sqlite/overviewLayout.ts).
 */
export const GROWING_LISTS = [
  'claims',
  'measures',
  'moratoria',
  'arrangements',
  'signals',
  'complaints',
  'claimStatementRequests',
  'incomes',
  'protectedIncomes',
] as const satisfies ReadonlyArray<keyof HouseholdOverview>;
export type GrowingList = (typeof GROWING_LISTS)[number];

/**
 * The state a document was folded to, sharing the document's items: `evolve` replaces an item it
 * changes and never changes one in place (cached documents are frozen, so a change in place would
 * throw), so an item of the next document that is the very object of this one is unchanged, and a
 * store need not write it again. Documents written by an older version lack the newer lists:
 * they read as empty.
 */
function toState(doc: HouseholdOverview): HouseholdState {
  const state = initialState();
  state.householdId = doc.householdId;
  state.composition = doc.composition;
  state.municipality = doc.municipality;
  state.registeredOn = doc.registeredOn;
  state.mandates = [...(doc.mandates ?? [])];
  // Documents from before member roles read as the events did (protectedIncome.defaultRole).
  state.members = doc.members.map((m, i) => (m.role === undefined ? { ...m, role: defaultRole(doc.composition, i) } : m));
  state.compositionPeriods = [...(doc.compositionPeriods ?? [])];
  state.incomes = [...doc.incomes];
  state.protectedIncomes = [...doc.protectedIncomes];
  for (const view of doc.claims) {
    if (view.interestFrom !== undefined && view.costCharges !== undefined && view.payments !== undefined && view.interestPauses !== undefined) {
      // The view itself: its balance and status are made again once evolve replaces it.
      state.claims.set(view.claimId, view);
      continue;
    }
    // Claims in documents from before issue 12 item 9 have no dated payments: their sum reads as one
    // payment on the day the claim was incurred (no interest runs for them: interestFrom is null).
    const { outstanding: _o, status: _s, ...claim } = view;
    state.claims.set(claim.claimId, {
      ...claim,
      interestFrom: claim.interestFrom ?? null,
      costCharges: claim.costCharges ?? (claim.costs > 0 ? [{ on: claim.incurredOn, amount: claim.costs }] : []),
      payments: claim.payments ?? (claim.paid > 0 ? [{ on: claim.incurredOn, amount: claim.paid }] : []),
      interestPauses: claim.interestPauses ?? [],
    });
  }
  for (const m of doc.measures ?? []) state.measures.set(m.measureId, m);
  for (const m of doc.moratoria ?? []) state.moratoria.set(m.moratoriumId, m);
  for (const a of doc.arrangements ?? []) state.arrangements.set(a.arrangementId, a);
  for (const sig of doc.signals ?? []) state.signals.set(sig.signalId, sig);
  for (const c of doc.complaints ?? []) state.complaints.set(c.complaintId, c);
  for (const r of doc.claimStatementRequests ?? []) state.claimStatementRequests.set(r.requestId, r);
  state.revision = doc.revision;
  state.lastRecordedAt = doc.lastRecordedAt;
  return state;
}

/**
 * The overview of a decided state (receipts are the decider's business, not the reader's). Its
 * items are the state's own (evolve never changes one in place); `views` are claim views of the
 * document the state was folded from, reused while evolve has not replaced them.
 */
export function overviewOf(state: HouseholdState, views: { has(value: object): boolean } = NO_VIEWS): HouseholdOverview {
  return documentOf(state, {
    claims: [...state.claims.values()].sort(byOrder).map((c) => claimView(c, views)),
    measures: [...state.measures.values()].sort(byOrder),
    moratoria: [...state.moratoria.values()],
    arrangements: [...state.arrangements.values()].sort(byOrder),
    signals: [...state.signals.values()].sort(byOrder),
    complaints: [...state.complaints.values()].sort(byOrder),
    claimStatementRequests: [...state.claimStatementRequests.values()].sort(byOrder),
  });
}

/** The lists of a document that are maps in the state: `order` sorts them, but for moratoria (the map's order). */
const MAP_LISTS = ['claims', 'measures', 'moratoria', 'arrangements', 'signals', 'complaints', 'claimStatementRequests'] as const;
type MapList = (typeof MAP_LISTS)[number];
type MapLists = Required<Pick<HouseholdOverview, MapList>>;
type Item = { order?: number } & object;

/** Each list's key: what its map in the state is keyed by. */
const KEY_OF: { [L in MapList]: (item: NonNullable<HouseholdOverview[L]>[number]) => string } = {
  claims: (c) => c.claimId,
  measures: (m) => m.measureId,
  moratoria: (m) => m.moratoriumId,
  arrangements: (a) => a.arrangementId,
  signals: (s) => s.signalId,
  complaints: (c) => c.complaintId,
  claimStatementRequests: (r) => r.requestId,
};

const byOrder = (a: { order: number }, b: { order: number }): number => a.order - b.order;

function claimView(c: ClaimFacts, views: { has(value: object): boolean }): ClaimView {
  return views.has(c) ? (c as ClaimView) : { ...c, outstanding: outstanding(c), status: balanceStatus(c) };
}

/** The document of `state` with these lists (keys in one order, so documents are byte-identical however built). */
function documentOf(state: HouseholdState, lists: MapLists): HouseholdOverview {
  if (state.householdId === null || state.registeredOn === null || state.lastRecordedAt === null) {
    throw new Error('overview of a household that was never registered');
  }
  return {
    householdId: state.householdId,
    composition: state.composition,
    municipality: state.municipality,
    registeredOn: state.registeredOn,
    compositionPeriods: [...state.compositionPeriods],
    mandates: [...state.mandates],
    members: [...state.members],
    incomes: [...state.incomes],
    protectedIncomes: [...state.protectedIncomes],
    claims: lists.claims,
    measures: lists.measures,
    moratoria: lists.moratoria,
    arrangements: lists.arrangements,
    signals: lists.signals,
    complaints: lists.complaints,
    claimStatementRequests: lists.claimStatementRequests,
    revision: state.revision,
    lastRecordedAt: state.lastRecordedAt,
  };
}

/**
 * Per list, the positions of a document whose item is not the very object the document it was
 * folded from holds there (new items included; a list absent may have changed anywhere). Lists
 * of a document with changes never shrink.
 */
export type DocumentChanges = Partial<Record<GrowingList, readonly number[]>>;

/**
 * The changes of each document this fold made by patching, and the document patched. That one
 * is held weakly: a cached document must not keep its predecessors, each of them the next's
 * base, alive in a chain.
 */
const documentChanges = new WeakMap<HouseholdOverview, { base: WeakRef<HouseholdOverview>; changed: DocumentChanges }>();

/** What `doc` changed of `base`, when this fold made it by patching that very document; undefined otherwise. */
export function changesFrom(doc: HouseholdOverview, base: HouseholdOverview | null | undefined): DocumentChanges | undefined {
  const entry = documentChanges.get(doc);
  return entry !== undefined && base != null && entry.base.deref() === base ? entry.changed : undefined;
}

/**
 * The document of `state`, made from `base` (the document the state was folded from, whose
 * lists are in the order overviewOf gives) by putting in the items whose keys the state's maps
 * were set since (tracked: LayeredMap.track) instead of sorting and mapping every list: O(items
 * changed) rather than O(items). The result is the document overviewOf gives. An item set again
 * stays where it was (its `order` is its position: order is the map's size when the item was
 * added, and nothing is deleted; checked, with its key); a new one goes at the end, in the map's
 * order (it was added last). A list where that does not hold (a deleted key, an order that is not
 * the position, as in a document of an older version, a new item that would sort before the
 * last) is built whole as overviewOf builds it. Null when a map was not tracked.
 */
function patchedOverview(state: HouseholdState, base: HouseholdOverview, views: { has(value: object): boolean }): { doc: HouseholdOverview; changed: Partial<Record<MapList, number[]>> } | null {
  const lists = {} as Record<MapList, Item[]>;
  const changed: Partial<Record<MapList, number[]>> = {};
  for (const name of MAP_LISTS) {
    const map = state[name] as Map<string, Item>;
    const keys = map instanceof LayeredMap ? (map.changes() as ReadonlySet<string> | null) : null;
    const before = base[name] as Item[] | undefined;
    if (keys === null || before === undefined) return null;
    const patched = keys.size === 0 ? { list: [...before], positions: [] } : patchList(name, map, keys, before, views);
    if (patched === null) {
      lists[name] = wholeList(name, state, views);
      continue;
    }
    lists[name] = patched.list;
    changed[name] = patched.positions;
  }
  return { doc: documentOf(state, lists as unknown as MapLists), changed };
}

/** `before` with the items of `keys` put in (see patchedOverview), and their positions; null when that does not give overviewOf's list. */
function patchList(
  name: MapList,
  map: Map<string, Item>,
  keys: ReadonlySet<string>,
  before: readonly Item[],
  views: { has(value: object): boolean },
): { list: Item[]; positions: number[] } | null {
  const keyOf = KEY_OF[name] as (item: Item) => string;
  const sorted = name !== 'moratoria';
  // `before` is sorted: when its last order is its last position, no item of it has an order
  // past its end, so an order past the end is an item new to it (not one whose order is not its position).
  if (sorted && before.length > 0 && before[before.length - 1]!.order !== before.length - 1) return null;
  // Spread, not slice: slice copies a frozen array (a stored document's) element by element, 60× slower.
  const list = [...before];
  const positions: number[] = [];
  for (const key of keys) {
    const value = map.get(key);
    if (value === undefined) return null;
    const item = name === 'claims' ? claimView(value as ClaimFacts, views) : value;
    let position: number;
    if (sorted) {
      position = value.order!;
      if (!Number.isInteger(position) || position < 0) return null;
      if (position < before.length) {
        const old = before[position]!;
        if (keyOf(old) !== key || old.order !== position) return null;
      } else if (position !== list.length || (list.length > 0 && list[list.length - 1]!.order! > position)) return null;
    } else {
      // Moratoria are few and rarely change: found by key.
      position = before.findIndex((m) => keyOf(m) === key);
      if (position < 0) position = list.length;
    }
    list[position] = item;
    positions.push(position);
  }
  return { list, positions };
}

/** One list as overviewOf builds it. */
function wholeList(name: MapList, state: HouseholdState, views: { has(value: object): boolean }): Item[] {
  const items = [...(state[name] as Map<string, Item & { order: number }>).values()];
  if (name === 'moratoria') return items;
  items.sort(byOrder);
  return name === 'claims' ? items.map((c) => claimView(c as unknown as ClaimFacts, views)) : items;
}

const NO_VIEWS: ReadonlySet<object> = new Set();

/**
 * Claim views this fold made or read: each holds the balance and status of exactly its own facts,
 * and is never changed in place, so it stays good for as long as it exists.
 */
const claimViews = new WeakSet<object>();

/**
 * The state each document this fold made was folded to, so the next append to that household
 * starts from a layered copy of it (O(√n)) instead of turning its document, 1,000 items for a
 * long household, back into a state (O(n)). Keyed by the document object: a document read from
 * storage (another process's, a rebuild's, one evicted from the cache) is not in it and is turned
 * into a state as before. An entry lives as long as its document does (the overview cache holds
 * recent ones); it shares its items with the document, so it costs the maps, not the items.
 */
const foldedStates = new WeakMap<HouseholdOverview, HouseholdState>();

/** Each of the state's maps remembers the keys set from now on (see patchedOverview); they are layered after copyState. */
function track(state: HouseholdState, on: boolean): void {
  for (const name of MAP_LISTS) {
    const map = state[name];
    if (map instanceof LayeredMap) {
      if (on) map.track();
      else map.untrack();
    }
  }
}

/**
 * Folds events into a document: the state keeps the document's items, and the document is made
 * once at the end, instead of turning the state into a document and back for every event;
 * receipts are the decider's business, not the overview's, so they are not kept. Started from a
 * document this fold made, the next document is that one patched with the items the events
 * replaced or added (patchedOverview), and remembers which those are (changesFrom), so a store
 * writes and freezes only them.
 */
function overviewFolder(doc: HouseholdOverview | null): Folder<HouseholdOverview> {
  const folded = doc === null ? undefined : foldedStates.get(doc);
  let state: HouseholdState;
  /** The document the state was folded from, when its maps track what the events set since. */
  let base: HouseholdOverview | null = null;
  if (folded) {
    state = copyState(folded);
    track(state, true);
    base = doc;
  } else if (doc === null) state = initialState();
  else {
    state = toState(doc);
    for (const view of doc.claims) claimViews.add(view);
  }
  /** True once the state is remembered for a document: a further event folds into a copy. */
  let remembered = false;
  return {
    add(event) {
      if (remembered) {
        state = copyState(state);
        track(state, true);
        remembered = false;
      }
      state = evolve(state, event);
      state.receipts.clear();
    },
    document: () => {
      const patched = base === null ? null : patchedOverview(state, base, claimViews);
      track(state, false);
      const next = patched?.doc ?? overviewOf(state, claimViews);
      if (patched) {
        documentChanges.set(next, { base: new WeakRef(base!), changed: patched.changed });
        // The claims evolve replaced become this document's views (the others are already).
        for (const position of patched.changed.claims ?? []) {
          const view = next.claims[position]!;
          claimViews.add(view);
          state.claims.set(view.claimId, view);
        }
      } else {
        // The next fold starts from this state: it holds this document's own claim views, so a
        // claim evolve does not replace stays the very object of this document (and is not written again).
        for (const view of next.claims) {
          claimViews.add(view);
          if (state.claims.get(view.claimId) !== view) state.claims.set(view.claimId, view);
        }
      }
      foldedStates.set(next, state);
      remembered = true;
      base = next;
      return next;
    },
  };
}

/** `(overview, event) → overview`: the projection's fold. */
export function evolveOverview(doc: HouseholdOverview | null, event: HouseholdEvent): HouseholdOverview {
  const folder = overviewFolder(doc);
  folder.add(event);
  return folder.document();
}

/** The household overview as a projection. */
export const householdOverviewProjection: Projection<HouseholdOverview> = {
  name: 'household_overview',
  version: 1,
  evolve: evolveOverview,
  folder: overviewFolder,
};

export function totalsOf(claims: readonly ClaimView[]): DebtTotals {
  return {
    outstanding: claims.reduce((sum, c) => sum + c.outstanding, 0),
    claimCount: claims.length,
    creditorCount: new Set(claims.map((c) => c.creditorId)).size,
    flags: [...new Set(claims.flatMap((c) => c.flags ?? []))].sort(),
  };
}

/**
 * A copy of `item` whose personal values at `keys` are the opened ones (strings only: a null
 * stays null); `compared` marks a value the rules compare (domain/personalData.ts).
 */
export type PersonalCopy = <T extends object>(item: T, keys: ReadonlyArray<keyof T & string>, compared?: boolean) => T;

/** The copy that applies `f` to each personal value at once. */
export function mappedCopy(f: (value: string, compared?: boolean) => string): PersonalCopy {
  return (item, keys, compared = false) => {
    const out = { ...item } as Record<string, unknown>;
    for (const key of keys) {
      const value = out[key];
      if (typeof value === 'string') out[key] = f(value, compared);
    }
    return out as typeof item;
  };
}

/**
 * The one list of where an overview holds personal values (names, BSNs, birth dates, payers,
 * references, free text), per list of the document: read models hold them sealed, and the API
 * opens them with the household's key. `copy` makes each item that holds some.
 */
export const personalLists = {
  members: (doc: HouseholdOverview, copy: PersonalCopy) => doc.members.map((m) => copy(m, ['bsn', 'name', 'birthDate'])),
  // The payer tells income sources apart (domain/personalData.ts comparedPersonalFields).
  incomes: (doc: HouseholdOverview, copy: PersonalCopy) => doc.incomes.map((i) => copy(i, ['payer'], true)),
  claims: (doc: HouseholdOverview, copy: PersonalCopy) => doc.claims.map((c) => copy(c, ['reference', 'description'])),
  moratoria: (doc: HouseholdOverview, copy: PersonalCopy) => (doc.moratoria ?? []).map((m) => copy(m, ['reason'])),
  protectedIncomes: (doc: HouseholdOverview, copy: PersonalCopy) =>
    doc.protectedIncomes.map((p) => copy({ ...p, dispute: p.dispute ? copy(p.dispute, ['reason', 'resolution']) : (p.dispute ?? null) }, ['reference'])),
  arrangements: (doc: HouseholdOverview, copy: PersonalCopy) => (doc.arrangements ?? []).map((a) => copy(a, ['termReason'])),
  complaints: (doc: HouseholdOverview, copy: PersonalCopy) =>
    (doc.complaints ?? []).map((c) => copy({ ...c, notes: c.notes.map((n) => copy(n, ['text'])) }, ['subject', 'text', 'closingText'])),
} satisfies { [K in keyof HouseholdOverview]?: (doc: HouseholdOverview, copy: PersonalCopy) => HouseholdOverview[K] };

export type PersonalList = keyof typeof personalLists;

/** Applies `f` to every personal value of an overview (see personalLists). */
export function mapPersonal(doc: HouseholdOverview, f: (value: string, compared?: boolean) => string): HouseholdOverview {
  const copy = mappedCopy(f);
  const out: Record<string, unknown> = { ...doc };
  for (const [list, build] of Object.entries(personalLists)) out[list] = build(doc, copy);
  return out as unknown as HouseholdOverview;
}
