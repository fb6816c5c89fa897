import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signToken } from '../api/auth.js';
import { databaseFile } from '../infra/ledger.js';
import { fixture, uniform, workingSet, zipf, type Chooser, type Fixture } from './fixtures.js';
import {
  BENCH_SECRET,
  machine,
  numberFlag,
  removeTempDirs,
  report,
  round,
  shippedNodeOptions,
  shippedServer,
  startServerProcess,
  tempDir,
  type ServerProcess,
} from './support.js';

/**
 * GraphQL over HTTP against the server as it ships (`node dist/api/index.js` with the NODE_OPTIONS
 * of `npm run start:production`, its heap cap; `--node-options=` for none; `--tsx` for
 * `tsx api/index.ts`) on a copy of the interleaved store of `--households` realistic households
 * (bench/fixtures.ts), driven by autocannon with `--connections` connections for `--seconds`
 * each, households chosen uniformly and by a Zipf law (s = 1.1):
 *   - the household overview query (totals, claims, capacity) as the household's counsellor sees it;
 *   - the same without the claims (no personal data, so no read-audit record is written);
 *   - registerClaim, every request a new claim by a creditor that has a claim on the household.
 * Before each, the same connections on `GET /health` of the same server: the HTTP limit of this
 * machine with autocannon on the same two cores (the "raw" figure each run is compared with).
 * The server runs with its per-organisation rate limit off (TOTAALBEELD_RATE_LIMIT_PER_SECOND=0):
 * this measures what the server can do, not the limit one organisation is held to.
 */
const { values } = parseArgs({
  options: {
    households: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    tsx: { type: 'boolean' },
    only: { type: 'string' },
    runs: { type: 'string' },
    entry: { type: 'string' },
    'cpu-prof': { type: 'string' },
    /** NODE_OPTIONS of the server; by default what the shipped start command sets (its heap cap); `--node-options=` for none. */
    'node-options': { type: 'string' },
  },
});
const HOUSEHOLDS = numberFlag(values, 'households', 100_000);
const SECONDS = numberFlag(values, 'seconds', 10);
const CONNECTIONS = numberFlag(values, 'connections', 50);
/** Choices to run: uniform, zipf. */
const CHOICES = (values.only ?? 'zipf,uniform').split(',');
/** Loads to run per choice: overview, totals, claims (registerClaim). */
const RUNS = new Set((values.runs ?? 'overview,totals,claims').split(','));
/**
 * `--entry <file>`: serve this built entry instead of building dist/ (A/B: a copy of the old
 * build, e.g. `dist-base/api/index.js`, against the new one). `--cpu-prof <dir>`: the server
 * writes a V8 CPU profile there when it stops.
 */
const ENTRY = values.entry;
const CPU_PROF_DIR = values['cpu-prof'];

const OVERVIEW = `query ($id: ID!) { household(id: $id) {
  id composition revision
  totals { outstanding claimCount creditorCount }
  claims { id creditorId reference principal costs paid outstanding status }
  capacity(on: "2025-06-30") { netIncome protectedIncome protectedIncomeBasis attachable committed remaining flags allocations { kind monthly } }
} }`;
const TOTALS = `query ($id: ID!) { household(id: $id) {
  id revision totals { outstanding claimCount creditorCount }
  capacity(on: "2025-06-30") { netIncome protectedIncome attachable committed remaining flags }
} }`;
const REGISTER_CLAIM = `mutation ($input: RegisterClaimInput!) { registerClaim(input: $input) { id outstanding status } }`;

function summary(result: autocannon.Result, extra: Record<string, unknown>) {
  return {
    connections: CONNECTIONS,
    seconds: SECONDS,
    perSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    ...extra,
  };
}

/** CONNECTIONS clients posting GraphQL for SECONDS; `next` gives each request its token and body. */
function postLoad(url: string, next: () => { token: string; body: unknown }, check?: (body: string) => void): Promise<autocannon.Result> {
  return autocannon({
    url: `${url}/graphql`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        setupRequest: (request) => {
          const { token, body } = next();
          return { ...request, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) };
        },
        ...(check ? { onResponse: (_status: number, body: string) => check(body) } : {}),
      },
    ],
  });
}

/** CPU time (user + system) the process has used so far, in ms, from /proc (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function healthLoad(url: string): Promise<autocannon.Result> {
  return autocannon({ url: `${url}/health`, connections: CONNECTIONS, duration: Math.max(1, Math.round(SECONDS / 3)) });
}

/** A GraphQL answer with errors still answers 200: count them, keep the first. */
function errorCounter(): { check: (body: string) => void; errors: () => number; first: () => string | undefined } {
  let errors = 0;
  let first: string | undefined;
  return {
    check: (body) => {
      if (body.includes('"errors"')) {
        errors += 1;
        first ??= body.slice(0, 300);
      }
    },
    errors: () => errors,
    first: () => first,
  };
}

async function run(f: Fixture, server: ServerProcess, chooser: Chooser): Promise<void> {
  const ws = workingSet(f.households, chooser, f);
  report('http_working_set', ws);
  const tokens = new Map<string, string>();
  const tokenFor = async (role: 'COUNSELLOR' | 'CREDITOR', org: string): Promise<string> => {
    const key = `${role}:${org}`;
    if (!tokens.has(key)) tokens.set(key, await signToken({ role, org, sub: `bench@${org}`, expiresIn: '1h' }, { secret: BENCH_SECRET }));
    return tokens.get(key)!;
  };
  for (const t of f.templates) {
    await tokenFor('COUNSELLOR', t.counsellorOrg);
    await tokenFor('CREDITOR', t.creditorOrg);
  }
  const working = {
    households: f.households,
    events: f.events,
    choice: chooser.name,
    hitRateBound: { overviews: (ws.caches as Record<string, { bestHitRate: number }>)['overviews']!.bestHitRate },
  };

  const query = async (name: string, text: string, target?: { perSecond: number; p99Ms: number }): Promise<void> => {
    const raw = summary(await healthLoad(server.url), {});
    const errors = errorCounter();
    const cpuBefore = cpuMsOf(server.pid);
    const loaded = await postLoad(
      server.url,
      () => {
        const i = chooser.next();
        return { token: tokens.get(`COUNSELLOR:${f.counsellorOf(i)}`)!, body: { query: text, variables: { id: f.householdId(i) } } };
      },
      errors.check,
    );
    // The server's CPU (user + system) per request answered, over the whole run.
    const serverCpuMsPerRequest = round((cpuMsOf(server.pid) - cpuBefore) / Math.max(1, loaded.requests.total), 3);
    const result = summary(loaded, { ...working, serverCpuMsPerRequest });
    const met = target ? result.perSecond >= target.perSecond && result.p99Ms < target.p99Ms && result.non2xx === 0 && errors.errors() === 0 : undefined;
    report(name, {
      ...result,
      graphqlErrors: errors.errors(),
      ...(errors.first() ? { firstError: errors.first() } : {}),
      rawHealthPerSecond: raw.perSecond,
      ratioToRaw: round(result.perSecond / raw.perSecond),
      ...(target ? { target: `>= ${target.perSecond} req/s, p99 < ${target.p99Ms} ms`, met } : {}),
    });
  };
  if (RUNS.has('overview')) await query('http_household_overview', OVERVIEW, { perSecond: 2000, p99Ms: 25 });
  if (RUNS.has('totals')) await query('http_household_totals', TOTALS);
  if (!RUNS.has('claims')) return;

  const raw = summary(await healthLoad(server.url), {});
  const errors = errorCounter();
  let c = 0;
  const prefix = `bench-http-${process.pid}-${chooser.name.slice(0, 4)}-`;
  const claims = await postLoad(
    server.url,
    () => {
      c += 1;
      const i = chooser.next();
      const input = {
        commandId: `${prefix}${c}`,
        householdId: f.householdId(i),
        reference: `BI-${c}`,
        description: 'Incassodossier achterstallige betaling',
        principal: 25_000 + (c % 1000),
        preferential: false,
        consumer: true,
        incurredOn: '2025-05-01',
      };
      return { token: tokens.get(`CREDITOR:${f.creditorOf(i)}`)!, body: { query: REGISTER_CLAIM, variables: { input } } };
    },
    errors.check,
  );
  // What the server acknowledged without an error must be what it stored.
  const db = new Database(databaseFile(f.dir), { readonly: true });
  const stored = db.prepare<[string], number>(`SELECT count(*) FROM events WHERE type = 'ClaimRegistered' AND command_id LIKE ?`).pluck().get(`${prefix}%`)!;
  db.close();
  const r = summary(claims, working);
  const acknowledged = claims['2xx'] - errors.errors();
  report('http_register_claim', {
    ...r,
    graphqlErrors: errors.errors(),
    ...(errors.first() ? { firstError: errors.first() } : {}),
    acknowledged,
    storedClaims: stored,
    rawHealthPerSecond: raw.perSecond,
    ratioToRaw: round(r.perSecond / raw.perSecond),
    target: '>= 1000 req/s, p99 < 50 ms',
    met: r.perSecond >= 1000 && r.p99Ms < 50 && r.non2xx === 0 && errors.errors() === 0 && stored >= acknowledged,
  });
}

async function main(): Promise<void> {
  report('machine', machine());
  const f = await fixture(HOUSEHOLDS, tempDir('tb-bench-http-'));
  const entry = values.tsx ? undefined : (ENTRY ?? (await shippedServer()));
  const nodeArgs = CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF_DIR] : [];
  const nodeOptions = values['node-options'] ?? shippedNodeOptions();
  report('http_server', { entry: entry ?? 'tsx api/index.ts', nodeOptions: nodeOptions || null });
  const server = await startServerProcess(
    f.dir,
    { TOTAALBEELD_RATE_LIMIT_PER_SECOND: '0', TOTAALBEELD_LOG_LEVEL: 'warn', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
    { ...(entry ? { entry } : {}), nodeArgs },
  );
  try {
    for (const choice of CHOICES) {
      if (choice === 'zipf') await run(f, server, zipf(f.households, 1.1, 11));
      else if (choice === 'uniform') await run(f, server, uniform(f.households, 11));
      else throw new Error(`unknown choice ${choice}: uniform or zipf`);
    }
    report('http_server_rss', {
      mb: server.rssMb(),
      households: f.households,
      server: entry ? `node ${ENTRY ?? 'dist/api/index.js'}` : 'tsx api/index.ts',
      note: 'server RSS after the runs above',
    });
  } finally {
    await server.stop();
    removeTempDirs();
  }
}

await main();
