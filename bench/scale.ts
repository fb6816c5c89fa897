import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signToken } from '../api/auth.js';
import { defaultParameters } from '../domain/parameters.js';
import { databaseFile, openEmbeddedLedger, type EmbeddedLedger } from '../infra/ledger.js';
import { fixture, workingSet, zipf, type Chooser, type Fixture } from './fixtures.js';
import {
  BENCH_KEY_SECRET,
  BENCH_SECRET,
  claimCommand,
  machine,
  numberFlag,
  removeTempDirs,
  report,
  round,
  shippedNodeOptions,
  shippedServer,
  startServerProcess,
  tempDir,
} from './support.js';

/**
 * The ledger at scale, on copies of the interleaved stores (bench/fixtures.ts): `--households`
 * realistic households (~22 events each) and `--small-households` of them.
 *   - Append cost: the same single-command workload (a creditor with a claim there registers
 *     another) on both stores, taking turns, households chosen by a Zipf law (s = 1.1).
 *   - Memory as shipped: the server process as the Dockerfile starts it (`node dist/api/index.js`
 *     after `npm run build:server`, with the NODE_OPTIONS the shipped start command sets), its
 *     resident set after `--load-seconds` of the HTTP load over all the households (the overview
 *     query by Zipf, one request in five a registerClaim).
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
const HOUSEHOLDS = numberFlag(values, 'households', 100_000);
const SMALL = numberFlag(values, 'small-households', 500);
const SECONDS = numberFlag(values, 'seconds', 10);
const LOAD_SECONDS = numberFlag(values, 'load-seconds', 30);
const ROUNDS = numberFlag(values, 'rounds', 10);

interface Store {
  name: string;
  fixture: Fixture;
  ledger: EmbeddedLedger;
  chooser: Chooser;
  samples: number[];
  seconds: number;
}

async function appendsFor(store: Store, seconds: number): Promise<void> {
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const i = store.chooser.next();
    const id = store.fixture.householdId(i);
    const t0 = performance.now();
    await store.ledger.commands.handle(id, claimCommand(id, { org: store.fixture.creditorOf(i), role: 'CREDITOR', sub: 'bench' }));
    store.samples.push(performance.now() - t0);
  }
  store.seconds += seconds;
}

function meanMs(samples: number[]): number {
  return samples.reduce((s, x) => s + x, 0) / samples.length;
}

async function main(): Promise<void> {
  report('machine', machine());
  const big = await fixture(HOUSEHOLDS, tempDir('tb-bench-scale-big-'));
  const small = await fixture(SMALL, tempDir('tb-bench-scale-small-'));
  report('scale_stores', { big: { households: big.households, events: big.events, mb: big.databaseMb }, small: { households: small.households, events: small.events, mb: small.databaseMb } });

  // Append cost: the same single-command workload on both stores, taking turns.
  const stores: Store[] = [small, big].map((f) => ({
    name: f === big ? 'big' : 'small',
    fixture: f,
    ledger: openEmbeddedLedger(databaseFile(f.dir), defaultParameters, { keySecret: BENCH_KEY_SECRET }),
    chooser: zipf(f.households, 1.1, 9),
    samples: [],
    seconds: 0,
  }));
  for (let r = 0; r < ROUNDS; r++) for (const s of stores) await appendsFor(s, SECONDS / ROUNDS);
  const [smallStore, bigStore] = stores as [Store, Store];
  const costSmall = meanMs(smallStore.samples);
  const costBig = meanMs(bigStore.samples);
  report('append_cost_at_scale', {
    smallEvents: small.events,
    bigEvents: big.events,
    choice: bigStore.chooser.name,
    workingSetBig: workingSet(big.households, bigStore.chooser, big),
    smallMeanMs: round(costSmall, 3),
    bigMeanMs: round(costBig, 3),
    ratio: round(costBig / costSmall),
    target: 'big within 20% of small (ratio <= 1.2)',
    met: costBig / costSmall <= 1.2,
  });
  for (const s of stores) await s.ledger.close();

  // Server memory as shipped, on the big store.
  const entry = await shippedServer();
  const nodeOptions = values['node-options'] ?? shippedNodeOptions();
  await serverMemory(big, nodeOptions, entry);
  removeTempDirs();
}

async function serverMemory(f: Fixture, nodeOptions: string, entry: string): Promise<void> {
  const server = await startServerProcess(
    f.dir,
    { TOTAALBEELD_RATE_LIMIT_PER_SECOND: '0', TOTAALBEELD_LOG_LEVEL: 'warn', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
    { entry },
  );
  try {
    const idle = server.rssMb();
    const tokens = new Map<string, string>();
    for (const t of f.templates) {
      for (const [role, org] of [['COUNSELLOR', t.counsellorOrg], ['CREDITOR', t.creditorOrg]] as const) {
        if (!tokens.has(`${role}:${org}`)) tokens.set(`${role}:${org}`, await signToken({ role, org, sub: 'bench', expiresIn: '1h' }, { secret: BENCH_SECRET }));
      }
    }
    const chooser = zipf(f.households, 1.1, 13);
    let n = 0;
    let peakSampled = idle;
    const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, server.rssMb())), 250);
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
            const i = chooser.next();
            const id = f.householdId(i);
            const claim = n % 5 === 0;
            const body = claim
              ? {
                  query: 'mutation ($input: RegisterClaimInput!) { registerClaim(input: $input) { id } }',
                  variables: {
                    input: { commandId: `scale-${process.pid}-${n}`, householdId: id, reference: `S-${n}`, description: 'Achterstand', principal: 20_000, preferential: false, consumer: true, incurredOn: '2025-05-01' },
                  },
                }
              : {
                  query: 'query ($id: ID!) { household(id: $id) { revision totals { outstanding claimCount } claims { id reference outstanding } capacity(on: "2025-06-30") { attachable committed remaining flags } } }',
                  variables: { id },
                };
            const token = claim ? tokens.get(`CREDITOR:${f.creditorOf(i)}`)! : tokens.get(`COUNSELLOR:${f.counsellorOf(i)}`)!;
            return { ...request, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) };
          },
        },
      ],
    });
    clearInterval(sampler);
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const kb = (field: string) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024);
    report('server_rss_at_scale', {
      households: f.households,
      events: f.events,
      server: 'node dist/api/index.js (as shipped)',
      nodeOptions: nodeOptions || null,
      idleMb: idle,
      afterLoadMb: kb('VmRSS'),
      peakMb: kb('VmHWM'),
      anonymousMb: kb('RssAnon'),
      requests: load.requests.total,
      perSecond: Math.round(load.requests.average),
      non2xx: load.non2xx,
      choice: chooser.name,
      target: 'RSS < 250 MB',
      met: kb('VmHWM') < 250,
    });
  } finally {
    await server.stop();
  }
}

await main();
