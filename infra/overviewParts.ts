import { changesFrom, GROWING_LISTS, type GrowingList, type HouseholdOverview } from '../projections/householdOverview.js';

/**
 * The household overview as the stores keep it (issue 15 item 6): a head (the document with each
 * growing list it has left as `[]`: absent in the head, absent in the document, as older
 * documents lack some) and a row per item of each growing list, keyed (household, list,
 * position). Lists only ever grow and an item keeps its position, so an append writes the head
 * and the items its events replaced, whatever the household's length, instead of the whole
 * document. SQLite (sqlite/overviewLayout.ts) and PostgreSQL (postgres/pgHouseholdOverviews.ts)
 * store these parts; this module makes them and puts a document together again.
 */
export interface DocumentParts {
  /** The head's JSON text. */
  head: string;
  /** The items to write (new, or replacing the one stored at that position), as JSON texts. */
  items: Array<{ list: GrowingList; position: number; text: string }>;
  /** Lists that are shorter than stored: their items from `from` on go. */
  cut: Array<{ list: GrowingList; from: number }>;
  /** The length of the whole document's text as stored (head and items), for cache bounds. */
  textLength: number;
}

/**
 * What to write to store `doc` over `before` (the document as stored now, whose text was
 * `beforeLength` long; undefined: none is). An item of `doc` that is the very object `before`
 * holds at its position is unchanged and not written again. When the fold made `doc` from
 * `before` and says which positions it changed (changesFrom), only those are looked at: the
 * parts cost what the events changed, not the household's length.
 */
export function documentParts(doc: HouseholdOverview, before: HouseholdOverview | undefined, beforeLength = 0): DocumentParts {
  const changed = changesFrom(doc, before);
  const parts: DocumentParts = { head: '', items: [], cut: [], textLength: beforeLength };
  const head: Record<string, unknown> = { ...doc };
  for (const list of GROWING_LISTS) {
    const items = doc[list];
    if (items === undefined) continue;
    head[list] = [];
    const old: readonly unknown[] = before?.[list] ?? [];
    const put = (position: number): void => {
      const item = items[position];
      if (position < old.length && item === old[position]) return;
      const text = JSON.stringify(item);
      parts.items.push({ list, position, text });
      parts.textLength += text.length + (position < old.length ? -JSON.stringify(old[position]).length : 1);
    };
    const positions = changed?.[list];
    if (positions !== undefined && items.length >= old.length) {
      for (const position of positions) put(position);
      continue;
    }
    for (let position = 0; position < items.length; position++) put(position);
    if (old.length > items.length) {
      parts.cut.push({ list, from: items.length });
      for (let position = items.length; position < old.length; position++) parts.textLength -= JSON.stringify(old[position]).length + 1;
    }
  }
  parts.head = JSON.stringify(head);
  parts.textLength += parts.head.length - (before ? headLength(before) : 0);
  return parts;
}

/** The length of a document's head as documentParts makes it. */
function headLength(doc: HouseholdOverview): number {
  const head: Record<string, unknown> = { ...doc };
  for (const list of GROWING_LISTS) if (doc[list] !== undefined) head[list] = [];
  return JSON.stringify(head).length;
}

/**
 * The document put together from its head's text and its items' texts by list (in position
 * order), and the length of its text as stored. One parse per list: the items are JSON texts.
 */
export function assembleDocument(headText: string, items: ReadonlyMap<string, readonly string[]>): { doc: HouseholdOverview; textLength: number } {
  let textLength = headText.length;
  const doc = JSON.parse(headText) as Record<string, unknown>;
  for (const list of GROWING_LISTS) {
    if (!Array.isArray(doc[list])) continue;
    const texts = items.get(list) ?? [];
    for (const text of texts) textLength += text.length + 1;
    doc[list] = JSON.parse(`[${texts.join(',')}]`);
  }
  return { doc: doc as unknown as HouseholdOverview, textLength };
}

/**
 * What a parsed document holds in memory, estimated from its JSON text: twice its length (the
 * text's UTF-16 size). Measured on a 1,000-event household, the object JSON.parse builds took
 * 0.42 of that, so the estimate errs on the side of memory.
 */
export function documentBytes(jsonLength: number): number {
  return 2 * jsonLength;
}

/** Cached documents are shared by every reader: freezing them makes a mutation fail loudly instead of leaking. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Freezes a document the fold made from `prior` (frozen: staged, cached or read back) without
 * visiting the items it shares with it: only those at the positions the fold changed
 * (changesFrom), so freezing costs what the events changed. Any other document is frozen whole.
 */
export function freezeDocument(doc: HouseholdOverview, prior: HouseholdOverview | undefined): HouseholdOverview {
  const changed = changesFrom(doc, prior);
  if (changed === undefined || !Object.isFrozen(prior)) return deepFreeze(doc);
  for (const [name, value] of Object.entries(doc)) {
    const positions = changed[name as GrowingList];
    if (positions === undefined || !Array.isArray(value)) {
      deepFreeze(value);
      continue;
    }
    Object.freeze(value);
    for (const position of positions) deepFreeze(value[position]);
  }
  return Object.freeze(doc);
}
