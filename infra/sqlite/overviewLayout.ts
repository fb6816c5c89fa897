import { changesFrom, GROWING_LISTS, type HouseholdOverview } from '../../projections/householdOverview.js';
import type { StoredDocument } from '../../projections/projection.js';
import type { SqliteDatabase } from './database.js';

type Stored = StoredDocument<HouseholdOverview>;

/** The live tables, or the ones a rebuild fills beside them. */
export interface OverviewTables {
  head: string;
  items: string;
}

export const LIVE_TABLES: OverviewTables = { head: 'household_overview', items: 'household_overview_items' };
export const NEXT_TABLES: OverviewTables = { head: 'household_overview_next', items: 'household_overview_items_next' };

/** The tables of the item layout (database.ts creates the live ones; a rebuild the next ones). */
export function createTablesSql(tables: OverviewTables): string {
  return `CREATE TABLE ${tables.head} (household_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID;
          CREATE TABLE ${tables.items} (
            household_id TEXT NOT NULL,
            list TEXT NOT NULL,
            position INTEGER NOT NULL,
            item TEXT NOT NULL,
            PRIMARY KEY (household_id, list, position)
          ) WITHOUT ROWID;`;
}

/** A document read back, with the length of its JSON text as stored (see documentBytes). */
export interface ReadDocument {
  stored: Stored;
  textLength: number;
}

/**
 * What a parsed document holds in memory, estimated from its JSON text: twice its length (the
 * text's UTF-16 size). Measured on a 1,000-event household, the object JSON.parse builds took
 * 0.42 of that, so the estimate errs on the side of memory.
 */
export function documentBytes(jsonLength: number): number {
  return 2 * jsonLength;
}

/**
 * The household overview stored item by item (issue 15 item 6): a head row per household (the
 * revision, and the document without its growing lists, each left as `[]`: absent in the head,
 * absent in the document, as older documents lack some), and a row per item of each growing
 * list keyed (household, list, position). Lists only ever grow and an item keeps its position,
 * so an append writes the head and the items its events replaced, whatever the household's
 * length, instead of the whole document.
 */
export class OverviewLayout {
  private readonly statements;

  constructor(db: SqliteDatabase, tables: OverviewTables) {
    this.statements = {
      head: db.prepare<[string], { revision: number; doc: string }>(`SELECT revision, doc FROM ${tables.head} WHERE household_id = ?`),
      items: db.prepare<[string], { list: string; item: string }>(`SELECT list, item FROM ${tables.items} WHERE household_id = ? ORDER BY list, position`),
      putHead: db.prepare(
        `INSERT INTO ${tables.head} (household_id, revision, doc) VALUES (?, ?, ?)
         ON CONFLICT (household_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc`,
      ),
      putItem: db.prepare(
        `INSERT INTO ${tables.items} (household_id, list, position, item) VALUES (?, ?, ?, ?)
         ON CONFLICT (household_id, list, position) DO UPDATE SET item = excluded.item`,
      ),
      dropItemsFrom: db.prepare(`DELETE FROM ${tables.items} WHERE household_id = ? AND list = ? AND position >= ?`),
      households: db.prepare<[], string>(`SELECT household_id FROM ${tables.head} ORDER BY household_id`).pluck(),
    };
  }

  /** The document as stored, assembled from its head and items; null when there is none. */
  read(householdId: string): ReadDocument | null {
    const head = this.statements.head.get(householdId);
    if (!head) return null;
    let length = head.doc.length;
    const texts = new Map<string, string[]>();
    for (const row of this.statements.items.all(householdId)) {
      let list = texts.get(row.list);
      if (!list) texts.set(row.list, (list = []));
      list.push(row.item);
      length += row.item.length + 1;
    }
    const doc = JSON.parse(head.doc) as Record<string, unknown>;
    // One parse per list: the items are JSON texts already.
    for (const name of GROWING_LISTS) if (Array.isArray(doc[name])) doc[name] = JSON.parse(`[${(texts.get(name) ?? []).join(',')}]`);
    return { stored: { householdId, revision: head.revision, doc: doc as unknown as HouseholdOverview }, textLength: length };
  }

  /** Every household's id, in order. */
  households(): string[] {
    return this.statements.households.all();
  }

  /**
   * Writes `stored` over `prior`, the document as stored now (null: none is), and answers the
   * length of its JSON text as stored. An item of `stored` that is the very object `prior` holds
   * at its position is unchanged and not written again. When the fold made `stored` from `prior`
   * and says which positions it changed (changesFrom), only those are looked at: the write costs
   * what the events changed, not the household's length.
   */
  write(stored: Stored, prior: ReadDocument | null): number {
    const doc = stored.doc;
    const before = prior?.stored.doc;
    const changed = changesFrom(doc, before);
    let length = prior?.textLength ?? 0;
    const head: Record<string, unknown> = { ...doc };
    for (const name of GROWING_LISTS) {
      const items = doc[name];
      if (items === undefined) continue;
      head[name] = [];
      const old: readonly unknown[] = before?.[name] ?? [];
      const put = (position: number): void => {
        const item = items[position];
        if (position < old.length && item === old[position]) return;
        const text = JSON.stringify(item);
        this.statements.putItem.run(stored.householdId, name, position, text);
        length += text.length + (position < old.length ? -JSON.stringify(old[position]).length : 1);
      };
      const positions = changed?.[name];
      if (positions !== undefined && items.length >= old.length) {
        for (const position of positions) put(position);
        continue;
      }
      for (let position = 0; position < items.length; position++) put(position);
      if (old.length > items.length) {
        this.statements.dropItemsFrom.run(stored.householdId, name, items.length);
        for (let position = items.length; position < old.length; position++) length -= JSON.stringify(old[position]).length + 1;
      }
    }
    const headText = JSON.stringify(head);
    this.statements.putHead.run(stored.householdId, stored.revision, headText);
    length += headText.length - (before ? headLength(before) : 0);
    return length;
  }
}

/** The length of a document's head as `write` stores it. */
function headLength(doc: HouseholdOverview): number {
  const head: Record<string, unknown> = { ...doc };
  for (const name of GROWING_LISTS) if (doc[name] !== undefined) head[name] = [];
  return JSON.stringify(head).length;
}
