import { parseArgs } from 'node:util';
import { z } from 'zod';
import { LedgerError } from '../../domain/errors.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openLedger } from '../ledger.js';
import { loadParameters } from '../parameters.js';
import { command, localUrl, startCommand } from './hints.js';
import { DEMO_TODAY, loadDemoHousehold, type CommandSink, type DemoHousehold } from './demoData.js';

/**
 * `npm run demo -- --households N [--seed S]`: loads realistic demo households into the
 * configured store (the embedded one by default) through the real command path. The same seed
 * gives the same households; loading them again stores nothing new (every command id repeats).
 */
const argsSchema = z.object({
  households: z.coerce.number().int().min(1).max(1_000_000).default(25),
  seed: z.coerce.number().int().min(0).max(4_294_967_295).default(1),
});

/** Households loaded side by side: their commands share the store's group commits. */
const CONCURRENCY = 16;

class DemoCommandFailed extends Error {
  override readonly name = 'DemoCommandFailed';
}

function where(config: Config): string {
  return config.store === 'sqlite' ? `the embedded store in ${config.dataDir}` : `the ${config.store} store`;
}

function count<T extends string>(values: T[]): string {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${v} ${n}`).join(', ');
}

function summary(households: DemoHousehold[], appended: number, seed: number, config: Config): string[] {
  const repeated = households.filter((h) => h.repeated).length;
  const measures = new Map<string, number>();
  for (const h of households) for (const [kind, n] of Object.entries(h.measures)) measures.set(kind, (measures.get(kind) ?? 0) + (n ?? 0));
  const claims = households.reduce((s, h) => s + h.claims, 0);
  const creditors = new Set(households.flatMap((h) => h.creditors));
  const active = households.filter((h) => h.arrangement === 'ACTIVE').length;
  const rejected = households.filter((h) => h.arrangement === 'REJECTED').length;
  const example = households.find((h) => h.claims >= 4 && Object.keys(h.measures).length > 0) ?? households[0]!;
  const lines = [
    `Loaded ${households.length} demo households (seed ${seed}) into ${where(config)}: ${appended} commands stored` +
      (repeated > 0 ? `; ${repeated} households were there already (same seed: nothing is stored twice)` : '') +
      '.',
    `  compositions: ${count(households.map((h) => h.composition))}`,
    `  ${claims} claims from ${creditors.size} creditors; measures: ${[...measures].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `  ${households.filter((h) => h.officialProtectedIncome).length} official protected incomes, ` +
      `${households.filter((h) => h.moratorium).length} moratoria, arrangements: ${active} active, ${rejected} rejected`,
    `  ${households.reduce((s, h) => s + h.signals.received, 0)} early signals from fixed-cost partners, ` +
      `${households.reduce((s, h) => s + h.signals.open, 0)} still open on the counsellors' worklists (received today)`,
    `  business dates of the debts run up to ${DEMO_TODAY}`,
    '',
    `In the browser: ${startCommand()}, open ${localUrl('/')} and sign in as Schuldhulpverlener (COUNSELLOR) of ${example.counsellorOrg}.`,
    `Or look at one in GraphiQL (${localUrl('/graphql')}):`,
    `  ${command(`npm run token -- --role COUNSELLOR --org ${example.counsellorOrg}`)}`,
    '  Headers: {"Authorization": "Bearer <token>"}',
    `  query { household(id: "${example.householdId}") { composition municipality members { name } ` +
      'totals { outstanding claimCount creditorCount } claims { creditorId description outstanding status } ' +
      'measures { kind creditorId monthlyAmount startsOn } ' +
      `capacity(on: "${DEMO_TODAY}") { netIncome protectedIncome protectedIncomeBasis attachable committed remaining flags allocations { kind monthly } } } }`,
    `  Every demo household, read only: ${command('npm run token -- --role OMBUDSMAN --org NATIONALE-OMBUDSMAN')}`,
  ];
  return lines;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { households: { type: 'string' }, seed: { type: 'string' } } });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error('usage: npm run demo -- [--households N] [--seed S]');
    console.error(`--${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  const { households, seed } = parsed.data;
  const config = loadConfig();
  const parameters = loadParameters(config.parametersFile);
  const ledger = await openLedger(config, parameters);
  let appended = 0;
  const sink: CommandSink = async (householdId, command) => {
    try {
      if (command.type === 'RegisterHousehold') {
        // As the API does: the members' BSNs go into the look-up index (outside the log) first.
        const hashes = command.data.members.map((m) => ledger.vault.bsnHash(m.bsn));
        const indexed = await ledger.households.indexBsns(householdId, hashes, command.meta.recordedAt);
        if ('heldBy' in indexed) throw new DemoCommandFailed(`${command.type} (${command.meta.commandId}): a member's BSN is already registered in another household`);
      }
      const { state, appended: stored } = await ledger.commands.handle(householdId, command);
      if (stored) appended += 1;
      return { state, appended: stored };
    } catch (error) {
      if (error instanceof LedgerError) {
        throw new DemoCommandFailed(`${command.type} (${command.meta.commandId}) was rejected: ${error.code}: ${error.message}`);
      }
      throw error;
    }
  };
  const loaded: DemoHousehold[] = new Array<DemoHousehold>(households);
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, households) }, async () => {
        while (next < households) {
          const index = next++;
          loaded[index] = await loadDemoHousehold(index, sink, { seed, parameters });
        }
      }),
    );
  } finally {
    await ledger.close();
  }
  for (const line of summary(loaded, appended, seed, config)) console.log(line);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof DemoCommandFailed) console.error(`Demo data broke a rule (a bug in the generator, please report it): ${error.message}`);
  else console.error('Loading the demo data failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
