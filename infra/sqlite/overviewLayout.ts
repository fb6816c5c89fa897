import type { HouseholdOverview } from '../../projections/householdOverview.js';
import { assembleDocument, documentParts } from '../overviewParts.js';
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
    const texts = new Map<string, string[]>();
    for (const row of this.statements.items.all(householdId)) {
      let list = texts.get(row.list);
      if (!list) texts.set(row.list, (list = []));
      list.push(row.item);
    }
    const { doc, textLength } = assembleDocument(head.doc, texts);
    return { stored: { householdId, revision: head.revision, doc }, textLength };
  }

  /** Every household's id, in order. */
  households(): string[] {
    return this.statements.households.all();
  }

  /**
   * Writes `stored` over `prior`, the document as stored now (null: none is), and answers the
   * length of its JSON text as stored: the head and the items documentParts says changed.
   */
  write(stored: Stored, prior: ReadDocument | null): number {
    const parts = documentParts(stored.doc, prior?.stored.doc, prior?.textLength ?? 0);
    for (const item of parts.items) this.statements.putItem.run(stored.householdId, item.list, item.position, item.text);
    for (const cut of parts.cut) this.statements.dropItemsFrom.run(stored.householdId, cut.list, cut.from);
    this.statements.putHead.run(stored.householdId, stored.revision, parts.head);
    return parts.textLength;
  }
}
