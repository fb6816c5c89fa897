import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { signToken } from '../api/auth.js';
import { capacityView } from '../api/schema/capacity.js';
import { createApi } from '../api/yoga.js';
import type { Actor } from '../domain/actors.js';
import { outstanding } from '../domain/claims.js';
import { addDays, type BusinessDate } from '../domain/dates.js';
import type { HouseholdCommand, HouseholdState } from '../domain/household/decider.js';
import { defaultParameters } from '../domain/parameters.js';
import { childIdFor } from '../infra/ids.js';
import { databaseFile, openEmbeddedLedger } from '../infra/ledger.js';
import { openSqlite } from '../infra/sqlite/database.js';
import { SqliteHouseholdOverviews } from '../infra/sqlite/householdOverviews.js';
import { Random } from '../infra/cli/demoData.js';
import { BENCH_SECRET, latencies, machine, numberFlag, removeTempDirs, report, round, tempDir } from './support.js';

/**
 * The capacity check of a household with `--events` events (a long history: incomes changing,
 * many claims, payments, collection costs, garnishments and withholdings coming and going):
 * what the API does for `household { capacity(on:) }`, read the overview and compute the
 * check, timed in-process; and the whole GraphQL query through yoga, in-process, beside it.
 */
const { values } = parseArgs({ options: { events: { type: 'string' }, iterations: { type: 'string' } } });
const EVENTS = numberFlag(values, 'events', 1_000);
const ITERATIONS = numberFlag(values, 'iterations', 2_000);

const counsellor: Actor = { org: 'GEM-UTRECHT', role: 'COUNSELLOR', sub: 'bench@gem-utrecht.nl' };
const creditors = ['BELASTINGDIENST', 'CJIB', 'CAK', 'DUO', 'ENECO', 'ZILVEREN-KRUIS', 'KPN', 'YMERE', 'UWV', 'GEM-UTRECHT-BELASTINGEN'];
const householdId = 'bench-capacity-household';
const JAN = { bsn: '111222333', name: 'Jan de Vries', birthDate: '1975-03-02' };
const PIET = { bsn: '999993653', name: 'Piet de Vries', birthDate: '1979-11-20' };

async function buildHousehold(handle: (c: HouseholdCommand) => Promise<HouseholdState>): Promise<HouseholdState> {
  const random = new Random(20250601);
  let n = 0;
  const meta = (actor: Actor): HouseholdCommand['meta'] => ({
    actor,
    commandId: `cap-${(n += 1)}`,
    correlationId: 'bench-capacity',
    recordedAt: new Date().toISOString(),
  });
  const creditor = (org: string): Actor => ({ org, role: 'CREDITOR', sub: `incasso@${org.toLowerCase()}` });
  let state = await handle({
    type: 'RegisterHousehold',
    meta: meta(counsellor),
    data: { householdId, composition: 'COUPLE', municipality: 'Utrecht', members: [JAN, PIET], effectiveOn: '2024-01-01' },
  });
  const sources = [
    { bsn: JAN.bsn, payer: 'Bouwbedrijf Dura', amount: 240_000 },
    { bsn: PIET.bsn, payer: 'Thuiszorg Midden', amount: 130_000 },
  ];
  for (const s of sources) {
    state = await handle({ type: 'DeclareIncome', meta: meta(counsellor), data: { memberBsn: s.bsn, kind: 'WAGES', payer: s.payer, netMonthly: s.amount, effectiveOn: '2024-01-01' } });
  }
  // Creditors register claims on invitation (issue 11): the counsellor asks each for its statement first.
  for (const org of creditors) {
    const m = meta(counsellor);
    state = await handle({ type: 'RequestClaimStatement', meta: m, data: { requestId: childIdFor('claimStatement', householdId, counsellor.org, m.commandId), creditorOrg: org, dueOn: '2099-12-31' } });
  }
  const claims: Array<{ claimId: string; org: string }> = [];
  const measures: Array<{ measureId: string; org: string }> = [];
  while (state.revision < EVENTS) {
    const roll = random.next();
    const date = random.dateBetween('2024-02-01', '2025-05-31');
    const open = claims.filter((c) => outstanding(state.claims.get(c.claimId)!) > 0);
    if (roll < 0.4 || open.length === 0) {
      const org = random.pick(creditors);
      const m = meta(creditor(org));
      const claimId = `${householdId}.claim-${m.commandId}`;
      state = await handle({
        type: 'RegisterClaim',
        meta: m,
        data: { claimId, reference: m.commandId, description: 'Achterstand', principal: random.int(5_000, 300_000), preferential: org === 'BELASTINGDIENST', consumer: true, incurredOn: date },
      });
      claims.push({ claimId, org });
    } else if (roll < 0.65) {
      const c = random.pick(open);
      const facts = state.claims.get(c.claimId)!;
      const amount = Math.max(1, Math.floor(outstanding(facts) * random.int(5, 20) / 100));
      state = await handle({ type: 'RecordPayment', meta: meta(creditor(c.org)), data: { claimId: c.claimId, amount, paidOn: facts.incurredOn > date ? facts.incurredOn : date } });
    } else if (roll < 0.78) {
      const c = random.pick(open);
      const facts = state.claims.get(c.claimId)!;
      if (facts.costs > 0) continue;
      const reminderSentOn: BusinessDate = addDays(facts.incurredOn, 14);
      // Costs from 14 days after the reminder's presumed receipt, the second day after sending (issue 12).
      state = await handle({
        type: 'ChargeCollectionCosts',
        meta: meta(creditor(c.org)),
        data: { claimId: c.claimId, amount: 4_000, vatApplies: false, reminderSentOn, chargedOn: addDays(reminderSentOn, 17) },
      });
    } else if (roll < 0.86) {
      const s = random.pick(sources);
      state = await handle({
        type: 'DeclareIncome',
        meta: meta(counsellor),
        data: { memberBsn: s.bsn, kind: 'WAGES', payer: s.payer, netMonthly: Math.round(s.amount * (0.9 + random.next() * 0.2)), effectiveOn: date },
      });
    } else if (roll < 0.95) {
      const c = random.pick(open);
      const facts = state.claims.get(c.claimId)!;
      if (facts.arrangementId !== null) continue;
      const m = meta(creditor(c.org));
      const kind = c.org === 'CAK' ? 'WITHHOLDING_AT_SOURCE' : 'GARNISHMENT';
      const measureId = childIdFor('measure', householdId, c.org, m.commandId);
      state = await handle({
        type: 'RegisterMeasure',
        meta: m,
        data: { measureId, kind, claimIds: [c.claimId], monthlyAmount: kind === 'GARNISHMENT' ? null : 4_500, startsOn: date, endsOn: null },
      });
      measures.push({ measureId, org: c.org });
    } else {
      const open = measures.filter((x) => state.measures.get(x.measureId)!.endsOn === null);
      if (open.length === 0) continue;
      const x = random.pick(open);
      const facts = state.measures.get(x.measureId)!;
      const endsOn = facts.startsOn > date ? facts.startsOn : date;
      state = await handle({ type: 'EndMeasure', meta: meta(creditor(x.org)), data: { measureId: x.measureId, endsOn, reason: 'afgelost' } });
    }
  }
  return state;
}

async function main(): Promise<void> {
  report('machine', machine());
  const dir = tempDir('tb-bench-capacity-');
  const ledger = openEmbeddedLedger(databaseFile(dir), defaultParameters);
  await buildHousehold(async (command) => (await ledger.commands.handle(householdId, command)).state);
  const ombudsman: Actor = { org: 'NATIONALE-OMBUDSMAN', role: 'OMBUDSMAN', sub: 'bench' };
  const dates = Array.from({ length: 64 }, (_, i) => addDays('2024-03-01', i * 7));
  const overview = (await ledger.overviews.read(householdId))!;
  const shape = {
    events: overview.revision,
    claims: overview.claims.length,
    measures: overview.measures.length,
    incomes: overview.incomes.length,
    documentBytes: JSON.stringify(overview).length,
  };

  const time = async (fn: (i: number) => Promise<unknown> | unknown): Promise<ReturnType<typeof latencies>> => {
    for (let i = 0; i < 200; i++) await fn(i);
    const samples: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const t0 = performance.now();
      await fn(i);
      samples.push(performance.now() - t0);
    }
    return latencies(samples);
  };

  // As the API computes it: the overview (the server keeps recently used ones parsed), then the check.
  const warm = await time(async (i) => capacityView((await ledger.overviews.read(householdId))!, defaultParameters, dates[i % dates.length]!, ombudsman));
  report('capacity_check', { ...shape, medianMs: round(warm.p50Ms, 3), p99Ms: warm.p99Ms, target: 'median < 1 ms', met: warm.p50Ms < 1, note: 'overview from the read model cache + capacityOn' });

  // Cold: the overview parsed from its JSON document every time (another connection, no cache).
  const db = openSqlite(databaseFile(dir));
  const cold = new SqliteHouseholdOverviews(db, { cacheSize: 0 });
  const coldTimes = await time((i) => capacityView(cold.get(householdId)!, defaultParameters, dates[i % dates.length]!, ombudsman));
  report('capacity_check_cold', { ...shape, medianMs: round(coldTimes.p50Ms, 3), p99Ms: coldTimes.p99Ms, note: 'overview parsed from its JSON document every time' });
  db.close();

  // The whole GraphQL request in-process (no socket): token check, parse/validate, resolvers, JSON.
  // The per-organisation rate limit would answer RATE_LIMITED after the first thousand.
  const yoga = createApi({ ledger, tokens: { secret: BENCH_SECRET }, production: true, rateLimit: false });
  const token = await signToken({ role: 'OMBUDSMAN', org: 'NATIONALE-OMBUDSMAN', sub: 'bench', expiresIn: '1h' }, { secret: BENCH_SECRET });
  const query = 'query ($id: ID!, $on: Date) { household(id: $id) { capacity(on: $on) { netIncome protectedIncome attachable committed remaining flags allocations { measureId kind monthly coordinator } } } }';
  let failures = 0;
  let firstFailure: string | undefined;
  const graphql = await time(async (i) => {
    const response = await yoga.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { id: householdId, on: dates[i % dates.length] } }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) {
      failures += 1;
      firstFailure ??= JSON.stringify(body.errors).slice(0, 300);
    }
  });
  report('capacity_query_graphql_inprocess', { ...shape, medianMs: round(graphql.p50Ms, 3), p99Ms: graphql.p99Ms, failures, ...(firstFailure ? { firstFailure } : {}) });
  await ledger.close();
  removeTempDirs();
}

await main();
