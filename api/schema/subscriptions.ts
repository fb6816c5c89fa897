import { Repeater } from 'graphql-yoga';
import { businessDateAt } from '../../domain/dates.js';
import { capacityOn } from '../../domain/capacity.js';
import { collectionFacts, outstandingOfClaims } from '../../domain/household/decider.js';
import type { MeasureFacts } from '../../domain/allocation.js';
import { overviewOf } from '../../projections/householdOverview.js';
import { householdAccess, type HouseholdAccess } from '../access.js';
import { builder } from '../builder.js';
import { actorOf, type Context } from '../context.js';
import { apiError } from '../errors.js';
import type { HouseholdChange } from '../live.js';
import { allocationView, CapacityCheck, type CapacityView } from './capacity.js';
import { auditHouseholdRead, purposeOf } from './audit.js';
import { Measure, measureView, Moratorium, moratoriumView, type MoratoriumView } from './measures.js';

const HouseholdChangeRef = builder.objectRef<HouseholdChange>('HouseholdChange').implement({
  description: 'A command stored something on the household.',
  fields: (t) => ({
    householdId: t.exposeID('householdId'),
    revision: t.exposeInt('revision'),
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
    command: t.exposeString('command'),
  }),
});

const ACCESS_RECHECK_MS = 30_000;
const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

interface Seen {
  change: HouseholdChange;
  access: HouseholdAccess;
}

/**
 * The household's changes for as long as the viewer may see it: authorised at subscribe time
 * like a query, and again on every change, so access that ends (a creditor whose claims are
 * gone, a mandate revoked) ends the subscription.
 */
function householdChanges(ctx: Context, householdId: string): AsyncIterable<Seen> {
  const actor = actorOf(ctx);
  return new Repeater<Seen>(async (push, stop) => {
    const current = await ctx.ledger.queries.overview(householdId);
    // An unknown household refuses as one the viewer may not see, so ids cannot be probed (issue 11).
    if (!current || householdAccess(actor, current, businessDateAt(ctx.requestedAt)) === null) {
      stop(apiError('FORBIDDEN', `A ${actor.role} of ${actor.org} may not follow this household`));
      return;
    }
    const source = ctx.pubsub.subscribe('household', householdId);
    const iterator = source[Symbol.asyncIterator]();
    void stop.then(() => iterator.return?.());
    // Access can also end without a change (a mandate's last day passes): look again regularly.
    let pending = iterator.next();
    for (;;) {
      const next = await Promise.race([pending, stop.then(() => null), sleep(ACCESS_RECHECK_MS).then(() => 'recheck' as const)]);
      if (next === null) break;
      if (next === 'recheck') {
        const now = await ctx.ledger.queries.overview(householdId);
        if (!now || householdAccess(actor, now, businessDateAt(new Date().toISOString())) === null) break;
        continue;
      }
      if (next.done) break;
      pending = iterator.next();
      const access = householdAccess(actor, overviewOf(next.value.state), businessDateAt(next.value.recordedAt));
      if (access === null) break;
      await push({ change: next.value, access });
    }
    await iterator.return?.();
    stop();
  });
}

async function* filtered<T>(source: AsyncIterable<Seen>, pick: (seen: Seen) => T | undefined, audit?: (seen: Seen) => Promise<void>): AsyncGenerator<T> {
  for await (const seen of source) {
    const value = pick(seen);
    if (value === undefined) continue;
    // A payload with personal data is recorded before it is delivered, one record per payload.
    if (audit) await audit(seen);
    yield value;
  }
}

/** Changes a creditor's view of the household does not show (policy §8): complaints, mandates, signal handling. */
const hiddenFromCreditors = new Set<HouseholdChange['command']>([
  'LodgeComplaint',
  'RecordComplaintNote',
  'CloseComplaint',
  'GrantMandate',
  'RevokeMandate',
  'RecordContactAttempt',
  'CloseSignal',
  'EraseHousehold',
  'RequestClaimStatement',
]);

const capacityCommands = new Set<HouseholdChange['command']>([
  'DeclareIncome',
  'RecordProtectedIncome',
  'DisputeProtectedIncome',
  'ResolveProtectedIncomeDispute',
  'RegisterMeasure',
  'EndMeasure',
  'StartMoratorium',
  'EndMoratorium',
  'AnswerArrangement',
  'RecordPayment',
  'ChargeCollectionCosts',
  'RecordArrangementPayment',
  'CompleteArrangement',
]);

builder.subscriptionType({
  fields: (t) => ({
    householdChanged: t.field({
      type: HouseholdChangeRef,
      description: 'Every command that changes the household.',
      authScopes: { authenticated: true },
      args: { householdId: t.arg.id({ required: true }) },
      subscribe: (_root, args, ctx) =>
        filtered(householdChanges(ctx, String(args.householdId)), (s) =>
          s.access === 'CREDITOR' && hiddenFromCreditors.has(s.change.command) ? undefined : s.change,
        ),
      resolve: (change: HouseholdChange) => change,
    }),
    capacityChanged: t.field({
      type: CapacityCheck,
      description: 'The capacity check on a date (default: today) whenever something that moves it changes.',
      authScopes: { authenticated: true },
      args: { householdId: t.arg.id({ required: true }), on: t.arg({ type: 'Date', required: false }) },
      subscribe: (_root, args, ctx) =>
        filtered(householdChanges(ctx, String(args.householdId)), (s): CapacityView | undefined => {
          if (!capacityCommands.has(s.change.command)) return undefined;
          const state = s.change.state;
          const check = capacityOn(collectionFacts(state), outstandingOfClaims(state), ctx.ledger.parameters, args.on ?? businessDateAt(s.change.recordedAt));
          return { ...check, allocations: check.allocations.map((a) => allocationView(actorOf(ctx), s.access, a)) };
        }),
      resolve: (capacity: CapacityView) => capacity,
    }),
    measureRegistered: t.field({
      type: Measure,
      description: 'New collection measures on the household (a creditor sees others without their identity).',
      authScopes: { authenticated: true },
      args: { householdId: t.arg.id({ required: true }) },
      subscribe: (_root, args, ctx) =>
        filtered(householdChanges(ctx, String(args.householdId)), (s) => {
          if (s.change.command !== 'RegisterMeasure') return undefined;
          const newest = [...s.change.state.measures.values()].reduce<MeasureFacts | undefined>(
            (last, m) => (last === undefined || m.order > last.order ? m : last),
            undefined,
          );
          return newest ? measureView(newest, actorOf(ctx), s.access) : undefined;
        }),
      resolve: (measure: ReturnType<typeof measureView>) => measure,
    }),
    moratoriumStarted: t.field({
      type: Moratorium,
      authScopes: { authenticated: true },
      args: { householdId: t.arg.id({ required: true }) },
      subscribe: (_root, args, ctx) =>
        filtered(
          householdChanges(ctx, String(args.householdId)),
          (s) => {
            if (s.change.command !== 'StartMoratorium') return undefined;
            const started = [...s.change.state.moratoria.values()].pop();
            return started ? moratoriumView(started, s.access) : undefined;
          },
          // The payload holds the moratorium's reason (personal data) for full access only.
          (s) => (s.access === 'FULL' ? auditHouseholdRead(ctx, s.change.householdId, 'moratoriumStarted', purposeOf(null, ctx), s.change.recordedAt) : Promise.resolve()),
        ),
      resolve: (moratorium: MoratoriumView) => moratorium,
    }),
  }),
});
