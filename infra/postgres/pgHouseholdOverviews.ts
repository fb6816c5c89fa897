import pg from 'pg';
import { householdOverviewProjection, type HouseholdOverview } from '../../projections/householdOverview.js';
import { checkVersion, type StoredDocument } from '../../projections/projection.js';
import {
  CheckpointMovedError,
  ProjectionRunner,
  RebuildRunningError,
  type CheckpointedStorage,
  type RebuildResult,
  type RebuildSource,
  type RebuildTarget,
} from '../../projections/runner.js';
import type { RecordedEvent } from '../eventStore.js';
import type { OverviewReader } from '../readModels.js';
import { householdIdOfStream } from '../streams.js';
import { APPEND_LOCK, inTransaction, type PgClient, type PgPool } from './database.js';
import type { LRUCache } from 'lru-cache';
import { boundedCache } from '../boundedCache.js';
import { defaultCacheBounds, type CacheBound } from '../config.js';
import { assembleDocument, deepFreeze, documentBytes, documentParts, freezeDocument, type DocumentParts } from '../overviewParts.js';
import type { InlineDocument, PendingEvent, PgInlineProjection } from './pgEventStore.js';

const projection = householdOverviewProjection;
/** Events per read of the log when a rebuild switches over. */
const SWITCH_PAGE = 5_000;
/** Documents per statement when documents are written together. */
const WRITE_CHUNK = 500;
const DEFAULT_CACHE_SIZE = 2_000;

type Stored = StoredDocument<HouseholdOverview>;
type Queryable = Pick<PgClient, 'query'>;

/** The live tables, or the ones a rebuild fills beside them. */
interface OverviewTables {
  head: 'household_overview' | 'household_overview_next';
  items: 'household_overview_items' | 'household_overview_items_next';
}
const LIVE: OverviewTables = { head: 'household_overview', items: 'household_overview_items' };
const NEXT: OverviewTables = { head: 'household_overview_next', items: 'household_overview_items_next' };

/** A document as read or written, with the length of its text as stored (cache bounds, documentParts). */
export interface ReadDocument {
  stored: Stored;
  textLength: number;
}

/** One lock key per read model: exactly one active background runner per read model. */
function lockKey(name: string): number {
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

/**
 * The documents of `ids`, each put together from its head and items (infra/overviewParts.ts).
 * One statement, so head and items come from one snapshot even outside a transaction.
 */
export async function readDocuments(db: Queryable, ids: readonly string[], tables: OverviewTables = LIVE): Promise<Map<string, ReadDocument>> {
  const out = new Map<string, ReadDocument>();
  if (ids.length === 0) return out;
  const { rows } = await db.query<{ household_id: string; list: string | null; n: number; text: string }>(
    `SELECT household_id, NULL::text AS list, revision AS n, doc::text AS text FROM ${tables.head} WHERE household_id = ANY($1)
     UNION ALL
     SELECT household_id, list, position, item::text FROM ${tables.items} WHERE household_id = ANY($1)
     ORDER BY 1, 2 NULLS FIRST, 3`,
    [ids],
  );
  let head: { id: string; revision: number; text: string; items: Map<string, string[]> } | null = null;
  const finish = (): void => {
    if (!head) return;
    const { doc, textLength } = assembleDocument(head.text, head.items);
    out.set(head.id, { stored: { householdId: head.id, revision: head.revision, doc }, textLength });
  };
  for (const row of rows) {
    if (row.list === null) {
      finish();
      head = { id: row.household_id, revision: row.n, text: row.text, items: new Map() };
      continue;
    }
    // Items of a household with no head (none is ever written without one) are not a document.
    if (!head || head.id !== row.household_id) continue;
    let list = head.items.get(row.list);
    if (!list) head.items.set(row.list, (list = []));
    list.push(row.text);
  }
  finish();
  return out;
}

/** A document to write, as documentParts makes it from the one stored. */
interface Written {
  householdId: string;
  revision: number;
  parts: DocumentParts;
}

/** The JSON of one document's parts as the append statement and writeDocuments take it. */
function partsJson(w: Written, foldedFrom?: number | null): string {
  const items = w.parts.items.map((i) => `{"list":${JSON.stringify(i.list)},"position":${i.position},"item":${i.text}}`).join(',');
  const fenced = foldedFrom === undefined ? '' : `"folded_from":${foldedFrom === null ? 'null' : foldedFrom},`;
  return `{"household_id":${JSON.stringify(w.householdId)},${fenced}"revision":${w.revision},"head":${w.parts.head},"items":[${items}],"cut":${JSON.stringify(w.parts.cut)}}`;
}

/**
 * Documents in multi-row statements (the rows travel as one JSON array): heads, then the items
 * they changed. A document never replaces a newer one (a higher revision): its items are written
 * only where its head was. Run it in a transaction.
 */
async function writeDocuments(db: Queryable, tables: OverviewTables, docs: readonly Written[]): Promise<void> {
  for (let i = 0; i < docs.length; i += WRITE_CHUNK) {
    const rows = `[${docs
      .slice(i, i + WRITE_CHUNK)
      .map((d) => partsJson(d))
      .join(',')}]`;
    await db.query(
      `WITH d AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS d(household_id text, revision integer, head jsonb, items jsonb, cut jsonb)),
            written AS (
              INSERT INTO ${tables.head} AS t (household_id, revision, doc) SELECT household_id, revision, head FROM d
              ON CONFLICT (household_id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc WHERE t.revision < excluded.revision
              RETURNING household_id)
       DELETE FROM ${tables.items} t
        USING d, jsonb_to_recordset(d.cut) AS c(list text, "from" integer)
        WHERE d.household_id IN (SELECT household_id FROM written)
          AND t.household_id = d.household_id AND t.list = c.list AND t.position >= c."from"`,
      [rows],
    );
    await db.query(
      `INSERT INTO ${tables.items} (household_id, list, position, item)
       SELECT d.household_id, i.list, i.position, i.item
         FROM jsonb_to_recordset($1::jsonb) AS d(household_id text, revision integer, items jsonb),
              jsonb_to_recordset(d.items) AS i(list text, position integer, item jsonb),
              ${tables.head} h
        WHERE h.household_id = d.household_id AND h.revision = d.revision
       ON CONFLICT (household_id, list, position) DO UPDATE SET item = excluded.item`,
      [rows],
    );
  }
}

/**
 * The household overview read model in PostgreSQL: the storage of the projection runner
 * (projections/runner.ts), which folds. Documents are stored item by item (infra/overviewParts.ts:
 * a head row and a row per item of each growing list), so an append writes the head and the
 * items its events changed, not the whole document. Documents and their checkpoint are written
 * in one transaction: inline with the append (events in the same database: `documentsFor`,
 * written by `tb_append_events`), or by a background runner (`CheckpointedStorage`: an advisory
 * lock makes one runner active, and every batch is fenced on the checkpoint it started from), so
 * each event takes effect once.
 *
 * Parsed documents of recently used households are kept in memory (frozen: shared by every
 * reader), each with the revision it was folded to; several instances may write the model, so a
 * cached document is used only where that cannot go wrong: a query first reads the household's
 * revision (one small row) and takes the cached document only at that revision; an inline fold
 * starts from it unread, because the append refuses a document folded from another revision than
 * the stored one ('stale'), and the fold then runs again from what is stored; the background
 * runner takes it at the revision it has locked.
 */
export class PgHouseholdOverviews implements PgInlineProjection, OverviewReader, CheckpointedStorage<HouseholdOverview> {
  readonly name = projection.name;
  readonly runner = new ProjectionRunner(projection);
  /** Documents by household; null when the cache is off. */
  private readonly cache: LRUCache<string, ReadDocument> | null;
  /** What the inline folds under way started from, by the document they made: what their append writes over. */
  private readonly pending = new WeakMap<InlineDocument, ReadDocument>();

  constructor(
    private readonly pool: PgPool,
    options: { cache?: CacheBound; cacheSize?: number } = {},
  ) {
    const bound = options.cache ?? defaultCacheBounds.overviews;
    this.cache = boundedCache<ReadDocument>(
      { maxBytes: bound.maxBytes, ttlMs: bound.ttlMs, maxEntries: options.cacheSize ?? DEFAULT_CACHE_SIZE },
      { bytesOf: (entry) => documentBytes(entry.textLength), renewOnRead: true },
    );
  }

  /**
   * A store whose model another version of the projection built is refused (checkVersion); a
   * new store records this version.
   */
  async checkVersion(): Promise<void> {
    await this.pool.query('INSERT INTO projection_checkpoints (name, position, version) VALUES ($1, 0, $2) ON CONFLICT (name) DO NOTHING', [
      this.name,
      projection.version,
    ]);
    checkVersion(projection, await this.version());
  }

  /** The version of the projection that built the model (null: built before versions were recorded). */
  async version(): Promise<number | null> {
    const { rows } = await this.pool.query<{ version: number | null }>('SELECT version FROM projection_checkpoints WHERE name = $1', [this.name]);
    return rows[0]?.version ?? null;
  }

  /**
   * Inline: read (or taken from the cache) and folded before the append, written by it
   * (`tb_append_events`) with the revision each was folded from. `fresh`: read what is stored,
   * not the cache (the append found a cached document stale).
   */
  async documentsFor(events: readonly PendingEvent[], fresh = false): Promise<InlineDocument[]> {
    const priors = new Map<string, ReadDocument>();
    const folded = await this.runner.documentsFor(events, async (ids) => {
      const missing: string[] = [];
      for (const id of ids) {
        const cached = fresh ? undefined : this.cache?.get(id);
        if (cached) priors.set(id, cached);
        else missing.push(id);
      }
      for (const [id, read] of await readDocuments(this.pool, missing)) priors.set(id, this.remember(id, read));
      return new Map([...priors].map(([id, read]) => [id, read.stored]));
    });
    return folded.map((d) => {
      const { written, read } = toWrite(d, priors.get(d.householdId));
      const document: InlineDocument = {
        householdId: d.householdId,
        json: partsJson(written, d.foldedFrom),
        writesItems: written.parts.items.length > 0,
        cutsItems: written.parts.cut.length > 0,
      };
      this.pending.set(document, read);
      return document;
    });
  }

  /** The append wrote these documents (its transaction committed): they are what is stored now. */
  appended(documents: readonly InlineDocument[]): void {
    for (const document of documents) {
      const read = this.pending.get(document);
      if (read) this.remember(document.householdId, read);
    }
  }

  /** The append refused these documents (or its outcome is unknown): what is cached of them is not trusted. */
  stale(householdIds: readonly string[]): void {
    for (const id of householdIds) this.cache?.delete(id);
  }

  /**
   * The lease of the active background runner: a session-level advisory lock on a connection of
   * its own. When the process dies the lock goes with its connection; when the connection
   * breaks, `lost` aborts.
   */
  async withLease(work: (lost: AbortSignal) => Promise<void>): Promise<boolean> {
    const lock = await this.pool.connect();
    const lost = new AbortController();
    lock.on('error', () => lost.abort());
    try {
      const { rows } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [lockKey(this.name)]);
      if (!rows[0]?.ok) return false;
      await work(lost.signal);
      return true;
    } finally {
      await lock.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      lock.release(lost.signal.aborted);
    }
  }

  async transact(from: number, to: number, householdIds: readonly string[], fold: (loaded: Map<string, Stored>) => Stored[]): Promise<void> {
    const written = await inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [this.name]);
      const moved = await client.query('UPDATE projection_checkpoints SET position = $3 WHERE name = $1 AND position = $2', [this.name, from, to]);
      if (moved.rowCount !== 1) throw new CheckpointMovedError(`checkpoint of ${this.name} is no longer ${from}`);
      // The heads locked, their revisions known: a cached document at that revision is what is stored.
      const { rows } = await client.query<{ household_id: string; revision: number }>(
        'SELECT household_id, revision FROM household_overview WHERE household_id = ANY($1) FOR UPDATE',
        [householdIds],
      );
      const loaded = new Map<string, ReadDocument>();
      const missing: string[] = [];
      for (const { household_id: id, revision } of rows) {
        const cached = this.cache?.get(id);
        if (cached?.stored.revision === revision) loaded.set(id, cached);
        else missing.push(id);
      }
      for (const [id, read] of await readDocuments(client, missing)) loaded.set(id, deepFrozen(read));
      return this.write(client, LIVE, fold(new Map([...loaded].map(([id, read]) => [id, read.stored]))), loaded);
    });
    for (const read of written) this.remember(read.stored.householdId, read);
  }

  /** Writes `docs` over `loaded` (what they were folded from); answers them as now stored. */
  private async write(db: Queryable, tables: OverviewTables, docs: readonly Stored[], loaded: ReadonlyMap<string, ReadDocument>): Promise<ReadDocument[]> {
    const writes = docs.map((d) => toWrite(d, loaded.get(d.householdId)));
    await writeDocuments(db, tables, writes.map((w) => w.written));
    return writes.map((w) => w.read);
  }

  /**
   * For a background runner: applies a batch read after `from`, in one transaction that moves
   * the checkpoint from `from` to the batch's last position, or fails if it is no longer `from`.
   */
  applyBatch(events: readonly RecordedEvent[], from: number): Promise<number> {
    return this.runner.applyBatch(events, from, this);
  }

  /** The household's overview: the cached one when the stored revision is still its own. The document is frozen. */
  async read(householdId: string): Promise<HouseholdOverview | null> {
    const cached = this.cache?.get(householdId);
    if (cached) {
      const { rows } = await this.pool.query<{ revision: number }>({
        name: 'tb-overview-revision',
        text: 'SELECT revision FROM household_overview WHERE household_id = $1',
        values: [householdId],
      });
      if (rows[0]?.revision === cached.stored.revision) return cached.stored.doc;
    }
    const read = (await readDocuments(this.pool, [householdId])).get(householdId);
    if (!read) {
      this.cache?.delete(householdId);
      return null;
    }
    return this.remember(householdId, read).stored.doc;
  }

  async checkpoint(): Promise<number> {
    const { rows } = await this.pool.query<{ position: number }>('SELECT position FROM projection_checkpoints WHERE name = $1', [this.name]);
    return rows[0]?.position ?? 0;
  }

  async dump(): Promise<Array<{ householdId: string; doc: HouseholdOverview }>> {
    const { rows } = await this.pool.query<{ household_id: string }>('SELECT household_id FROM household_overview ORDER BY household_id');
    const ids = rows.map((r) => r.household_id);
    const docs = await readDocuments(this.pool, ids);
    return ids.map((householdId) => ({ householdId, doc: docs.get(householdId)!.stored.doc }));
  }

  /**
   * The runner's rebuild (stream by stream where `source` can) into tables beside the live
   * ones, and a short final transaction that holds the append lock and the checkpoint (so
   * neither an inline append nor a background runner is in flight), takes in the last events
   * and swaps the tables. `source` is the log as stored (sealed).
   */
  async rebuild(source: RebuildSource): Promise<RebuildResult> {
    // One rebuild at a time per database: a session lock on a connection of its own (outside the
    // pool, which the rebuild needs whole, a small one included), gone with it.
    const lock = new pg.Client((this.pool as unknown as { options: pg.ClientConfig }).options);
    lock.on('error', () => undefined);
    await lock.connect();
    try {
      // Keyed by schema too: advisory locks are per database, and a database may hold several ledgers' schemas.
      const { rows } = await lock.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext('rebuild:' || current_schema() || ':' || $1)) AS ok`, [this.name]);
      if (!rows[0]?.ok) throw new RebuildRunningError(this.name, 'another session holds its lock');
      const result = await this.runner.rebuild(source, this.rebuildTarget(source));
      this.cache?.clear();
      return result;
    } finally {
      await lock.end().catch(() => undefined);
    }
  }

  private rebuildTarget(source: RebuildSource): RebuildTarget<HouseholdOverview> {
    const pool = this.pool;
    const name = this.name;
    /** What `load` answered: `write` writes over it (documents not loaded are new to the build). */
    let loaded = new Map<string, ReadDocument>();
    const load = async (db: Queryable, ids: readonly string[]): Promise<Map<string, Stored>> => {
      loaded = await readDocuments(db, ids, NEXT);
      return new Map([...loaded].map(([id, read]) => [id, read.stored]));
    };
    const write = async (db: Queryable, docs: readonly Stored[]): Promise<void> => {
      await this.write(db, NEXT, docs, loaded);
      loaded = new Map();
    };
    return {
      begin: async () => {
        await pool.query('DROP TABLE IF EXISTS household_overview_next; DROP TABLE IF EXISTS household_overview_items_next');
        await pool.query(
          'CREATE TABLE household_overview_next (LIKE household_overview INCLUDING ALL); CREATE TABLE household_overview_items_next (LIKE household_overview_items INCLUDING ALL)',
        );
      },
      load: (ids) => load(pool, ids),
      write: (docs) => inTransaction(pool, (client) => write(client, docs)),
      switchOver: (after, version, takeIn) =>
        inTransaction(pool, async (client) => {
          await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
          await client.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [name]);
          await client.query('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [name]);
          let position = after;
          for (;;) {
            const page = await source.readAll({ after: position, limit: SWITCH_PAGE });
            if (page.length === 0) break;
            const ids = [...new Set(page.map((e) => householdIdOfStream(e.streamId)))];
            await write(client, takeIn(page, await load(client, ids)));
            position = page[page.length - 1]!.globalPosition;
          }
          await client.query('LOCK TABLE household_overview, household_overview_items IN ACCESS EXCLUSIVE MODE');
          await client.query('DROP TABLE household_overview; DROP TABLE household_overview_items');
          await client.query('ALTER TABLE household_overview_next RENAME TO household_overview; ALTER TABLE household_overview_items_next RENAME TO household_overview_items');
          await client.query(
            'ALTER TABLE household_overview RENAME CONSTRAINT household_overview_next_pkey TO household_overview_pkey; ALTER TABLE household_overview_items RENAME CONSTRAINT household_overview_items_next_pkey TO household_overview_items_pkey',
          );
          await client.query('UPDATE projection_checkpoints SET position = $2, version = $3 WHERE name = $1', [name, position, version]);
        }),
    };
  }

  /** Most recently used; a document larger than the whole bound is not kept. Answers it frozen. */
  private remember(householdId: string, read: ReadDocument): ReadDocument {
    deepFrozen(read);
    this.cache?.set(householdId, read, { size: Math.max(1, documentBytes(read.textLength)) });
    return read;
  }
}

/**
 * What storing `doc` over `prior` (the document it was folded from, as stored) writes, and the
 * document as it is then stored: frozen (freezeDocument), with the length of its text.
 */
function toWrite(doc: Stored, prior: ReadDocument | undefined): { written: Written; read: ReadDocument } {
  const parts = documentParts(doc.doc, prior?.stored.doc, prior?.textLength ?? 0);
  return {
    written: { householdId: doc.householdId, revision: doc.revision, parts },
    read: { stored: { ...doc, doc: freezeDocument(doc.doc, prior?.stored.doc) }, textLength: parts.textLength },
  };
}

/** A document read back, frozen: the fold shares its items with the next document (see overviewOf). */
function deepFrozen(read: ReadDocument): ReadDocument {
  deepFreeze(read.stored.doc);
  return read;
}
