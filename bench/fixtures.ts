import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultParameters } from '../domain/parameters.js';
import { Random } from '../infra/cli/demoData.js';
import { defaultCacheBounds, type CacheBounds } from '../infra/config.js';
import type { EventToAppend } from '../infra/eventStore.js';
import { DATABASE_FILE, KEYS_FILE } from '../infra/ledger.js';
import { householdOverviewProjection } from '../projections/householdOverview.js';
import { SqliteHouseholdOverviews } from '../infra/sqlite/householdOverviews.js';
import { SqliteHouseholdDirectory } from '../infra/sqlite/sqliteHouseholdDirectory.js';
import { openSqlite } from '../infra/sqlite/database.js';
import Database from 'better-sqlite3';
import { householdStream } from '../infra/streams.js';
import { benchHouseholdId, demoTemplates, openFillStore, report, round, stampOut, type StreamTemplate } from './support.js';

/**
 * The large stores the benchmarks run on, built once and kept.
 *
 * A store of N realistic households (demo households stamped out of `TEMPLATES` distinct ones,
 * personal data sealed with per-household keys as the ledger stores it) whose log interleaves
 * the households as production does: commands arrive over time, so a household's events are
 * spread over the log, not written one household after the other. `WINDOW` households are
 * "active" at any time; each next command goes to a random active household, and a household
 * whose history is complete makes room for the next one. A household's ~18 events end up
 * spread over about WINDOW × 18 positions of the log.
 *
 * Building 100,000 households (~1.8 M events) takes a few minutes: the finished data directory
 * is kept under the system's temp dir, keyed by its size and FIXTURE_VERSION, and each
 * benchmark works on a copy (they write to it).
 */
const FIXTURE_VERSION = 2;
const TEMPLATES = 500;
const TEMPLATE_SEED = 7;
const WINDOW = 10_000;
/** Appends in flight together: the store commits them in group commits of up to 512. */
const BATCH = 4_096;

export const FIXTURE_ROOT = join(tmpdir(), 'totaalbeeld-bench-fixtures');

/** What a benchmark needs to know of the households in a fixture. */
export interface FixtureMeta {
  version: number;
  households: number;
  events: number;
  templates: Array<{ events: number; counsellorOrg: string; creditorOrg: string }>;
  /** Mean length of an overview document's JSON (as stored, sealed), and of a stream. */
  meanDocumentChars: number;
  meanEvents: number;
  buildSeconds: number;
  databaseMb: number;
}

export interface Fixture extends FixtureMeta {
  /** A directory with totaalbeeld.sqlite and keys.sqlite (master secret BENCH_KEY_SECRET). */
  dir: string;
  householdId(i: number): string;
  /** The counsellor organisation that registered household i (it holds the mandate). */
  counsellorOf(i: number): string;
  /** A creditor with a claim on household i (so it may register more). */
  creditorOf(i: number): string;
}

function orgOf(event: EventToAppend): string {
  return String(event.meta['org'] ?? '');
}

/** The appends of one household: its events grouped by the command that caused them. */
function commandsOf(events: EventToAppend[]): EventToAppend[][] {
  const out: EventToAppend[][] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (last && last[0]!.meta.commandId === e.meta.commandId) last.push(e);
    else out.push([e]);
  }
  return out;
}

async function build(dir: string, households: number): Promise<FixtureMeta> {
  const t0 = performance.now();
  const templates: StreamTemplate[] = await demoTemplates(TEMPLATES, TEMPLATE_SEED, defaultParameters);
  const templateMeta = templates.map((t) => {
    const events = JSON.parse(t.json) as EventToAppend[];
    const counsellorOrg = orgOf(events.find((e) => e.type === 'HouseholdRegistered')!);
    const claim = events.find((e) => e.type === 'ClaimRegistered');
    if (!claim) throw new Error(`template ${t.householdId} has no claim: every demo household should`);
    return { events: t.events, counsellorOrg, creditorOrg: orgOf(claim) };
  });
  const fill = openFillStore(dir);
  const random = new Random(20261204);
  interface Active {
    id: string;
    commands: EventToAppend[][];
    next: number;
    revision: number;
  }
  let started = 0;
  let events = 0;
  const start = (): Active | null => {
    if (started >= households) return null;
    const i = started++;
    const id = benchHouseholdId(i);
    return { id, commands: commandsOf(stampOut(templates[i % templates.length]!, id)), next: 0, revision: 0 };
  };
  const active: Active[] = [];
  for (let i = 0; i < Math.min(WINDOW, households); i++) active.push(start()!);
  let lastReport = 0;
  while (active.length > 0) {
    // One append per household per round (their revisions follow each other), households at random.
    const chosen = new Set<number>();
    const tries = Math.min(BATCH, active.length);
    for (let k = 0; k < tries; k++) chosen.add(Math.floor(random.next() * active.length));
    await Promise.all(
      [...chosen].map(async (slot) => {
        const h = active[slot]!;
        const command = h.commands[h.next]!;
        const result = await fill.store.append(householdStream(h.id), command, h.revision);
        h.revision = result.revision;
        h.next += 1;
        events += command.length;
      }),
    );
    // Replace finished households (from the highest slot down, so the slots still to look at stay put).
    for (const slot of [...chosen].sort((a, b) => b - a)) {
      const h = active[slot]!;
      if (h.next < h.commands.length) continue;
      const replacement = start();
      if (replacement) active[slot] = replacement;
      else {
        active[slot] = active[active.length - 1]!;
        active.pop();
      }
    }
    if (events - lastReport >= 250_000) {
      lastReport = events;
      report('fixture_progress', { households, startedHouseholds: started, events, seconds: round((performance.now() - t0) / 1000) });
    }
  }
  // The read model, as `npm run rebuild-projections` makes it.
  const rebuilt = await new SqliteHouseholdOverviews(fill.db).rebuild();
  if (rebuilt.events !== events) throw new Error(`rebuilt ${rebuilt.events} of ${events} events`);
  // A document is its head and its items (infra/sqlite/overviewLayout.ts).
  const meanDocumentChars = fill.db
    .prepare<[], number>('SELECT (SELECT sum(length(doc)) FROM household_overview) * 1.0 / count(*) + (SELECT coalesce(sum(length(item) + 1), 0) FROM household_overview_items) * 1.0 / count(*) FROM household_overview')
    .pluck()
    .get()!;
  fill.db.pragma('wal_checkpoint(TRUNCATE)');
  await fill.close();
  indexDirectory(dir);
  return {
    version: FIXTURE_VERSION,
    households,
    events,
    templates: templateMeta,
    meanDocumentChars: Math.round(meanDocumentChars),
    meanEvents: round(events / households),
    buildSeconds: round((performance.now() - t0) / 1000),
    databaseMb: Math.round(statSync(join(dir, DATABASE_FILE)).size / 2 ** 20),
  };
}

/**
 * A kept store whose read model another version of the projection built (its layout changed) is
 * rebuilt in place once, as an operator would with `npm run rebuild-projections`: about a minute,
 * against twenty for building the log again. The log itself does not depend on that version.
 */
async function readModelUpToDate(kept: string): Promise<void> {
  const db = openSqlite(join(kept, DATABASE_FILE));
  try {
    const row = db.prepare<[string], { version: number | null }>('SELECT version FROM projection_checkpoints WHERE name = ?').get(householdOverviewProjection.name);
    if (row?.version === householdOverviewProjection.version) return;
    const started = performance.now();
    const rebuilt = await new SqliteHouseholdOverviews(db).rebuild();
    db.pragma('wal_checkpoint(TRUNCATE)');
    report('fixture_read_model_rebuilt', { keptAt: kept, from: row?.version ?? null, to: householdOverviewProjection.version, events: rebuilt.events, seconds: round((performance.now() - started) / 1000) });
  } finally {
    db.close();
  }
}

/** The BSN index the server makes on its first start (a scan of every document): made once here, not in every copy. */
export function indexDirectory(dir: string): void {
  const db = openSqlite(join(dir, DATABASE_FILE));
  const keys = new Database(join(dir, KEYS_FILE));
  try {
    new SqliteHouseholdDirectory(db, keys);
  } finally {
    keys.close();
    db.close();
  }
}

/**
 * A copy of the interleaved store of `households` households in `into` (built and kept first
 * if it is not kept yet). `TOTAALBEELD_BENCH_FIXTURES` moves where it is kept.
 */
export async function fixture(households: number, into: string): Promise<Fixture> {
  const root = process.env['TOTAALBEELD_BENCH_FIXTURES'] ?? FIXTURE_ROOT;
  const kept = join(root, `interleaved-v${FIXTURE_VERSION}-${households}`);
  const metaFile = join(kept, 'fixture.json');
  if (!existsSync(metaFile)) {
    const building = `${kept}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    const meta = await build(building, households);
    writeFileSync(join(building, 'fixture.json'), JSON.stringify(meta, null, 2));
    rmSync(kept, { recursive: true, force: true });
    renameSync(building, kept);
    report('fixture_built', { ...meta, templates: meta.templates.length, keptAt: kept });
  }
  await readModelUpToDate(kept);
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as FixtureMeta;
  mkdirSync(into, { recursive: true });
  for (const file of [DATABASE_FILE, KEYS_FILE]) cpSync(join(kept, file), join(into, file));
  const template = (i: number) => meta.templates[i % meta.templates.length]!;
  return {
    ...meta,
    dir: into,
    householdId: benchHouseholdId,
    counsellorOf: (i) => template(i).counsellorOrg,
    creditorOf: (i) => template(i).creditorOrg,
  };
}

// ------------------------------------------------------------------ choosing households

/** Picks household indices in [0, n): uniformly, or by a Zipf law (rank r with weight 1/r^s). */
export interface Chooser {
  name: string;
  next(): number;
  /** The share of picks that go to the `k` most often picked households. */
  shareOfTop(k: number): number;
}

export function uniform(n: number, seed = 1): Chooser {
  const random = new Random(seed);
  return { name: 'uniform', next: () => Math.floor(random.next() * n), shareOfTop: (k) => Math.min(1, k / n) };
}

/**
 * Zipf with exponent `s` over n households. Rank r (0 = hottest) maps to household
 * (r × 7919) mod n (7919 is prime, so every household has one rank and the hot ones are spread
 * over the templates and the log).
 */
export function zipf(n: number, s = 1.1, seed = 1): Chooser {
  if (n % 7919 === 0) throw new RangeError('the household count must not be a multiple of 7919');
  const cdf = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) {
    total += 1 / (r + 1) ** s;
    cdf[r] = total;
  }
  for (let r = 0; r < n; r++) cdf[r]! /= total;
  const random = new Random(seed);
  return {
    name: `zipf(s=${s})`,
    next: () => {
      const u = random.next();
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cdf[mid]! < u) lo = mid + 1;
        else hi = mid;
      }
      return (lo * 7919) % n;
    },
    shareOfTop: (k) => (k <= 0 ? 0 : k >= n ? 1 : cdf[k - 1]!),
  };
}

// ------------------------------------------------------------------ working set against the caches

/**
 * The working set of a workload against each cache the server keeps per household: how many
 * households the cache can hold at its default bound (bytes estimated as the cache estimates
 * them, and its entry bound), and the share of requests that go to households it could hold
 * if it kept exactly the hottest ones (an upper bound on its hit rate; an LRU does worse).
 */
export function workingSet(
  households: number,
  chooser: Chooser,
  shape: { meanDocumentChars: number; meanEvents: number },
  bounds: CacheBounds = defaultCacheBounds,
): Record<string, unknown> {
  const idChars = benchHouseholdId(0).length;
  const perHousehold = {
    // As each cache sizes its entries (infra/sqlite/householdOverviews.ts, crypto/vault.ts, commandHandler.ts, crypto/keyStore.ts).
    overviews: { bytes: 2 * shape.meanDocumentChars, maxEntries: 2_000, bound: bounds.overviews.maxBytes },
    opened: { bytes: 2 * shape.meanDocumentChars, maxEntries: 2_000, bound: bounds.opened.maxBytes },
    commandStates: { bytes: 4_096 + shape.meanEvents * 500 + 2 * (idChars + 10), maxEntries: 10_000, bound: bounds.commandStates.maxBytes },
    keys: { bytes: 332 + 2 * idChars, maxEntries: 10_000, bound: bounds.keys.maxBytes },
  };
  const caches: Record<string, unknown> = {};
  for (const [name, c] of Object.entries(perHousehold)) {
    const fits = Math.min(c.maxEntries, Math.floor(c.bound / c.bytes));
    caches[name] = {
      boundMb: round(c.bound / 2 ** 20, 1),
      maxEntries: c.maxEntries,
      bytesPerHousehold: Math.round(c.bytes),
      workingSetMb: round((households * c.bytes) / 2 ** 20, 1),
      householdsItHolds: fits,
      bestHitRate: round(chooser.shareOfTop(fits), 3),
    };
  }
  let hot = 0;
  // Households that take 90 % of the requests.
  for (let lo = 1, hi = households; lo <= hi; ) {
    const mid = (lo + hi) >>> 1;
    if (chooser.shareOfTop(mid) >= 0.9) {
      hot = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return { households, choice: chooser.name, householdsFor90PercentOfRequests: hot, caches };
}
