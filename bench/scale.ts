import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signToken } from '../api/auth.js';
import { defaultParameters } from '../domain/parameters.js';
import { databaseFile, openEmbeddedLedger, type EmbeddedLedger } from '../infra/ledger.js';
import { SqliteHouseholdOverviews } from '../infra/sqlite/householdOverviews.js';
import {
  BENCH_KEY_SECRET,
  BENCH_SECRET,
  benchHouseholdId,
  bundledServer,
  claimCommand,
  demoTemplates,
  fillStore,
  machine,
  numberFlag,
  openFillStore,
  removeTempDirs,
  report,
  round,
  startServerProcess,
  tempDir,
} from './support.js';

/**
 * The ledger at scale: `--households` demo households (about 17 events each) in the embedded
 * store. Measures the append cost there against a store of about 10,000 events (same workload,
 * taking turns), and the resident memory of a server process on the big store after a mixed
 * load over all its households.
 */
const { values } = parseArgs({
  options: {
    households: { type: 'string' },
    'small-households': { type: 'string' },
    seconds: { type: 'string' },
    'load-seconds': { type: 'string' },
    rounds: { type: 'string' },
    'node-options': { type: 'string' },
  },
});
/**
 * NODE_OPTIONS of the measured servers: as `npm start` runs it (none), and with the V8 heap
 * capped (the live heap is small; without a cap V8 lets garbage pile up before collecting it).
 * `--node-options=<flags>` measures that one setting instead.
 */
interface ServerVariant {
  nodeOptions: string;
  /** Run the esbuild bundle with plain node instead of `tsx api/index.ts`. */
  bundled: boolean;
}
const SERVER_VARIANTS: ServerVariant[] =
  values['node-options'] !== undefined
    ? [{ nodeOptions: values['node-options'], bundled: false }]
    : [
        { nodeOptions: '', bundled: false },
        { nodeOptions: '--max-old-space-size=128', bundled: false },
        { nodeOptions: '--max-old-space-size=128', bundled: true },
      ];
const HOUSEHOLDS = numberFlag(values, 'households', 100_000);
const SMALL = numberFlag(values, 'small-households', 580);
const SECONDS = numberFlag(values, 'seconds', 10);
const LOAD_SECONDS = numberFlag(values, 'load-seconds', 20);
const ROUNDS = numberFlag(values, 'rounds', 10);
/** Households the append workload touches in each store (the same number, so the caches are alike). */
const TOUCHED = 500;

interface Store {
  name: string;
  ledger: EmbeddedLedger;
  households: number;
  samples: number[];
  seconds: number;
}

async function fill(dir: string, households: number, templates: Awaited<ReturnType<typeof demoTemplates>>): Promise<{ events: number; seconds: number }> {
  const t0 = performance.now();
  const store = openFillStore(dir);
  const filled = await fillStore(store.store, {
    households,
    templates,
    onProgress: (done) => {
      if (done > 0 && done % 50_000 === 0) report('scale_fill_progress', { households: done });
    },
  });
  // The read model, as `npm run rebuild-projections` makes it.
  const rebuilt = await new SqliteHouseholdOverviews(store.db).rebuild();
  await store.close();
  if (rebuilt.events !== filled.events) throw new Error(`rebuilt ${rebuilt.events} of ${filled.events} events`);
  return { events: filled.events, seconds: round((performance.now() - t0) / 1000) };
}

async function appendsFor(store: Store, seconds: number): Promise<void> {
  const end = performance.now() + seconds * 1000;
  let i = store.samples.length;
  while (performance.now() < end) {
    const id = benchHouseholdId(((i++ * 7919) % TOUCHED) * Math.floor(store.households / TOUCHED));
    const t0 = performance.now();
    await store.ledger.commands.handle(id, claimCommand(id));
    store.samples.push(performance.now() - t0);
  }
  store.seconds += seconds;
}

function meanMs(samples: number[]): number {
  return samples.reduce((s, x) => s + x, 0) / samples.length;
}

async function main(): Promise<void> {
  report('machine', machine());
  const templates = await demoTemplates(500, 3, defaultParameters);
  const bigDir = tempDir('tb-bench-scale-big-');
  const smallDir = tempDir('tb-bench-scale-small-');
  const big = await fill(bigDir, HOUSEHOLDS, templates);
  report('scale_store', { households: HOUSEHOLDS, events: big.events, fillAndRebuildSeconds: big.seconds });
  const small = await fill(smallDir, SMALL, templates);
  report('scale_small_store', { households: SMALL, events: small.events });

  // Append cost: the same single-command workload on both stores, taking turns.
  const stores: Store[] = [
    { name: 'small', ledger: openEmbeddedLedger(databaseFile(smallDir), defaultParameters, { keySecret: BENCH_KEY_SECRET }), households: SMALL, samples: [], seconds: 0 },
    { name: 'big', ledger: openEmbeddedLedger(databaseFile(bigDir), defaultParameters, { keySecret: BENCH_KEY_SECRET }), households: HOUSEHOLDS, samples: [], seconds: 0 },
  ];
  for (let r = 0; r < ROUNDS; r++) for (const s of stores) await appendsFor(s, SECONDS / ROUNDS);
  const [smallStore, bigStore] = stores as [Store, Store];
  const costSmall = meanMs(smallStore.samples);
  const costBig = meanMs(bigStore.samples);
  report('append_cost_at_scale', {
    smallEvents: small.events,
    bigEvents: big.events,
    smallMeanMs: round(costSmall, 3),
    bigMeanMs: round(costBig, 3),
    ratio: round(costBig / costSmall),
    target: 'big within 20% of small (ratio <= 1.2)',
    met: costBig / costSmall <= 1.2,
  });
  for (const s of stores) await s.ledger.close();

  // Server memory: a server process on the big store, after a mixed load over all its households.
  const bundle = SERVER_VARIANTS.some((v) => v.bundled) ? await bundledServer() : undefined;
  for (const variant of SERVER_VARIANTS) await serverMemory(bigDir, big.events, variant, variant.bundled ? bundle : undefined);
  removeTempDirs();
}

async function serverMemory(dataDir: string, events: number, { nodeOptions }: ServerVariant, entry: string | undefined): Promise<void> {
  const server = await startServerProcess(
    dataDir,
    { TOTAALBEELD_RATE_LIMIT_PER_SECOND: '0', TOTAALBEELD_LOG_LEVEL: 'warn', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
    entry ? { entry } : {},
  );
  try {
    const idle = server.rssMb();
    const ombudsman = await signToken({ role: 'OMBUDSMAN', org: 'NATIONALE-OMBUDSMAN', sub: 'bench', expiresIn: '1h' }, { secret: BENCH_SECRET });
    const creditor = await signToken({ role: 'CREDITOR', org: 'BENCH-INCASSO', sub: 'bench', expiresIn: '1h' }, { secret: BENCH_SECRET });
    let n = 0;
    const load = await autocannon({
      url: `${server.url}/graphql`,
      connections: 50,
      duration: LOAD_SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/graphql',
          setupRequest: (request) => {
            n += 1;
            const id = benchHouseholdId((n * 7919) % HOUSEHOLDS);
            const body =
              n % 5 === 0
                ? {
                    query: 'mutation ($input: RegisterClaimInput!) { registerClaim(input: $input) { id } }',
                    variables: {
                      input: { commandId: `scale-${process.pid}-${nodeOptions.length}-${n}`, householdId: id, reference: `S-${n}`, description: 'Achterstand', principal: 20_000, preferential: false, consumer: true, incurredOn: '2025-05-01' },
                    },
                  }
                : {
                    query: 'query ($id: ID!) { household(id: $id) { revision totals { outstanding claimCount } capacity(on: "2025-06-30") { attachable committed remaining flags } } }',
                    variables: { id },
                  };
            return {
              ...request,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${n % 5 === 0 ? creditor : ombudsman}` },
              body: JSON.stringify(body),
            };
          },
        },
      ],
    });
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const kb = (field: string) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024);
    report('server_rss_at_scale', {
      households: HOUSEHOLDS,
      events,
      server: entry ? 'node server.mjs (esbuild bundle)' : 'node --import tsx api/index.ts (as npm start)',
      nodeOptions: nodeOptions || null,
      idleMb: idle,
      afterLoadMb: kb('VmRSS'),
      peakMb: kb('VmHWM'),
      anonymousMb: kb('RssAnon'),
      requests: load.requests.total,
      perSecond: Math.round(load.requests.average),
      non2xx: load.non2xx,
      target: 'RSS < 250 MB',
      met: kb('VmHWM') < 250,
    });
  } finally {
    await server.stop();
  }
}

await main();
