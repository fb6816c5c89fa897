import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { signToken } from '../api/auth.js';
import { databaseFile } from '../infra/ledger.js';
import {
  BENCH_KEY_SECRET,
  BENCH_SECRET,
  machine,
  numberFlag,
  removeTempDirs,
  report,
  ROOT,
  startServerProcess,
  tempDir,
} from './support.js';

/**
 * GraphQL over HTTP against a real server process (`api/index.ts` on a free port, the embedded
 * store filled with `--households` demo households), driven by autocannon with
 * `--connections` connections for `--seconds` each:
 *   - the household overview query (totals, claims, capacity) as a counsellor sees it;
 *   - the same without the claims (no personal data, so no read-audit record is written);
 *   - registerClaim, every request a new claim on a random household.
 * The server runs with its per-organisation rate limit off (TOTAALBEELD_RATE_LIMIT_PER_SECOND=0):
 * this measures what the server can do, not the limit one organisation is held to.
 */
const { values } = parseArgs({ options: { households: { type: 'string' }, seconds: { type: 'string' }, connections: { type: 'string' } } });
const HOUSEHOLDS = numberFlag(values, 'households', 2_000);
const SECONDS = numberFlag(values, 'seconds', 10);
const CONNECTIONS = numberFlag(values, 'connections', 50);

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

function runDemo(dataDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/cli/demo.ts', '--households', String(HOUSEHOLDS), '--seed', '11'], {
      cwd: ROOT,
      env: { ...process.env, TOTAALBEELD_DATA_DIR: dataDir, TOTAALBEELD_KEY_SECRET: BENCH_KEY_SECRET, TOTAALBEELD_STORE: 'sqlite' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`demo failed: ${stderr}`))));
  });
}

interface Households {
  ids: string[];
  /** The counsellor organisation that registered each household. */
  counsellorOf: Map<string, string>;
}

function households(dataDir: string): Households {
  const db = new Database(databaseFile(dataDir), { readonly: true });
  const rows = db.prepare<[], { household_id: string; org: string }>(
    `SELECT stream_id AS household_id, json_extract(meta, '$.org') AS org FROM events WHERE type = 'HouseholdRegistered'`,
  ).all();
  db.close();
  const counsellorOf = new Map(rows.map((r) => [r.household_id.replace(/^household-/, ''), r.org] as const));
  return { ids: [...counsellorOf.keys()], counsellorOf };
}

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
function postLoad(url: string, next: () => { token: string; body: unknown }): Promise<autocannon.Result> {
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
      },
    ],
  });
}

async function main(): Promise<void> {
  report('machine', machine());
  const dataDir = tempDir('tb-bench-http-');
  await runDemo(dataDir);
  const { ids, counsellorOf } = households(dataDir);
  const server = await startServerProcess(dataDir, { TOTAALBEELD_RATE_LIMIT_PER_SECOND: '0', TOTAALBEELD_LOG_LEVEL: 'warn' });
  try {
    // Each household read by a counsellor of the municipality that registered it (full access).
    const tokens = new Map<string, string>();
    for (const org of new Set(counsellorOf.values())) {
      tokens.set(org, await signToken({ role: 'COUNSELLOR', org, sub: `bench@${org}`, expiresIn: '1h' }, { secret: BENCH_SECRET }));
    }
    let n = 0;
    const query = (text: string) =>
      postLoad(server.url, () => {
        const id = ids[(n++ * 7919) % ids.length]!;
        return { token: tokens.get(counsellorOf.get(id)!)!, body: { query: text, variables: { id } } };
      });
    const overview = await query(OVERVIEW);
    const s = summary(overview, { households: ids.length });
    report('http_household_overview', { ...s, target: '>= 2000 req/s, p99 < 25 ms', met: s.perSecond >= 2000 && s.p99Ms < 25 && s.non2xx === 0 });
    const totals = await query(TOTALS);
    report('http_household_totals', summary(totals, { households: ids.length, note: 'no personal data: no read-audit record' }));

    const creditorToken = await signToken({ role: 'CREDITOR', org: 'BENCH-INCASSO', sub: 'bench', expiresIn: '1h' }, { secret: BENCH_SECRET });
    let c = 0;
    const claims = await postLoad(server.url, () => {
      c += 1;
      const id = ids[(c * 7919) % ids.length]!;
      const input = {
        commandId: `bench-http-${process.pid}-${c}`,
        householdId: id,
        reference: `BI-${c}`,
        description: 'Incassodossier achterstallige betaling',
        principal: 25_000 + (c % 1000),
        preferential: false,
        consumer: true,
        incurredOn: '2025-05-01',
      };
      return { token: creditorToken, body: { query: REGISTER_CLAIM, variables: { input } } };
    });
    const rss = server.rssMb();
    await server.stop();
    // What the server acknowledged with 200 must be what it stored (a GraphQL error also answers 200).
    const db = new Database(databaseFile(dataDir), { readonly: true });
    const stored = db
      .prepare<[], { n: number }>(`SELECT count(*) AS n FROM events WHERE type = 'ClaimRegistered' AND json_extract(meta, '$.org') = 'BENCH-INCASSO'`)
      .get()!.n;
    db.close();
    const r = summary(claims, { storedClaims: stored, responses2xx: claims['2xx'] });
    report('http_register_claim', { ...r, target: '>= 1000 req/s, p99 < 50 ms', met: r.perSecond >= 1000 && r.p99Ms < 50 && r.non2xx === 0 });
    report('http_server_rss', { mb: rss, households: ids.length, note: 'server RSS after the runs above' });
  } finally {
    await server.stop();
    removeTempDirs();
  }
}

await main();
