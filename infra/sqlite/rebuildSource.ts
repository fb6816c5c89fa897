import Database from 'better-sqlite3';
import type { RebuildEvent, RebuildSource, StreamCursor } from '../../projections/runner.js';
import type { SqliteDatabase } from './database.js';
import { SqliteEventStore } from './sqliteEventStore.js';

/**
 * How much of the file the rebuild's reading connection maps into memory (SQLite caps it at
 * SQLITE_MAX_MMAP_SIZE, 2 GB in better-sqlite3's build): read stream by stream, an interleaved
 * log hops about the whole file, and a mapped page costs no read call and no copy.
 */
const MMAP_BYTES = 2 ** 31;

type Row = [streamId: string, revision: number, globalPosition: number, type: string, v: number, data: string, meta: string];

/** The log as the projection runner's rebuild reads it, with `close` for the connection it opened. */
export interface SqliteRebuildSource extends Required<RebuildSource> {
  close(): void;
}

/**
 * A rebuild's view of the SQLite log. Stream by stream it reads through a read-only connection of
 * its own, in one read transaction from its first page to `close`: while the rebuild writes its
 * new table, every commit would otherwise make this connection drop its page cache and its
 * mapping of the file at the next read (SQLite does so when the WAL changed), and each page of
 * the log would be read from the file again. The snapshot holds the WAL from being checkpointed
 * past it until `close` (it grows by the size of the new table); the rows the rebuild reads are
 * at or below the position it started from, so the snapshot has them all. What was appended
 * meanwhile is read through `db`.
 *
 * Rows come as arrays (better-sqlite3's raw mode: no object built per row), with `data` and
 * `meta` as the JSON text they are stored as, parsed where they are folded. A database in memory
 * has no file to share: it is read through `db` alone.
 */
export function openRebuildSource(db: SqliteDatabase): SqliteRebuildSource {
  const own = db.memory ? null : new Database(db.name, { readonly: true, fileMustExist: true });
  const reader = own ?? db;
  if (own) {
    own.pragma(`mmap_size = ${MMAP_BYTES}`);
    // Deferred: the snapshot is taken by the first read.
    own.exec('BEGIN');
  }
  const log = new SqliteEventStore(db);
  const inOrder = reader
    .prepare<[string, number, number, number], Row>(
      `SELECT stream_id, revision, global_position, type, v, data, meta FROM events
       WHERE (stream_id, revision) > (?, ?) AND global_position <= ? ORDER BY stream_id, revision LIMIT ?`,
    )
    .raw();
  return {
    readAll: (options) => log.readAll(options),
    readStream: (streamId) => log.readStream(streamId),
    lastPosition: () => log.lastPosition(),
    async readStreamsInOrder(after: StreamCursor | null, upTo: number, limit: number): Promise<RebuildEvent[]> {
      return inOrder
        .all(after?.streamId ?? '', after?.revision ?? -1, upTo, limit)
        .map(([streamId, revision, globalPosition, type, v, data, meta]) => ({ streamId, revision, globalPosition, type, v, data, meta }));
    },
    close: () => {
      if (!own) return;
      own.exec('COMMIT');
      own.close();
    },
  };
}
