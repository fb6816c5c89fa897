import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { businessDateAt } from '../../domain/dates.js';
import { LedgerError } from '../../domain/errors.js';
import { isReadable } from '../../domain/personalData.js';
import {
  declareIncomeInputSchema,
  recordProtectedIncomeInputSchema,
  registerHouseholdInputSchema,
  changeCompositionInputSchema,
} from '../../domain/household/inputs.js';
import type { HouseholdQueries } from '../../queries/householdQueries.js';
import { totalsOf, type HouseholdOverview } from '../../projections/householdOverview.js';
import { householdAccess, seesAll, visibleItems, type Viewer } from '../access.js';
import { builder } from '../builder.js';
import { actorOf } from '../context.js';
import { arrangementView, Arrangement } from './arrangements.js';
import { auditRead, purposeOf, ReadPurposeEnum, type ReadPurpose } from './audit.js';
import { capacityView, CapacityCheck } from './capacity.js';
import { ClaimRef } from './claims.js';
import { claimsOn, NO_RATES } from './dated.js';
import { Measure, measureView, Moratorium, moratoriumView } from './measures.js';
import { commandMutation } from './commands.js';
import { withBsnsIndexed } from './bsnIndex.js';
import { CompositionEnum, IncomeKindEnum, MemberRoleEnum, ProtectedIncomeSourceEnum } from './enums.js';

const READ_YOUR_WRITES_WAIT_MS = 5_000;
const READ_YOUR_WRITES_POLL_MS = 25;

/** The overview once it has `minRevision`; CONFLICT (retry) when it does not catch up in time. */
async function readAtLeast(queries: Pick<HouseholdQueries, 'overview'>, id: string, minRevision: number): Promise<HouseholdOverview | null> {
  const deadline = Date.now() + READ_YOUR_WRITES_WAIT_MS;
  for (;;) {
    const overview = await queries.overview(id);
    if (minRevision === 0 || (overview && overview.revision >= minRevision)) return overview;
    if (Date.now() >= deadline) {
      throw new LedgerError('CONFLICT', `The read model has not reached revision ${minRevision} of this household yet; retry`, {
        revision: overview?.revision ?? 0,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, READ_YOUR_WRITES_POLL_MS));
  }
}

function personalDataErased(overview: HouseholdOverview): boolean {
  return overview.members.some((m) => !isReadable(m.name) || !isReadable(m.bsn) || !isReadable(m.birthDate));
}

/** A household as one viewer may see it, at one point of the ledger's knowledge. */
export interface HouseholdView {
  overview: HouseholdOverview;
  /** The viewer as whom it is seen (api/access.ts), or null: it may not be seen. */
  access: Viewer | null;
  /** The instant the view is "as of", or null for now. */
  asOf: string | null;
  /** The purpose stated for reading it, recorded with every read of personal data. */
  purpose: ReadPurpose | null;
}

/** The viewer of a Household field: fields resolve only for a view with access (its authScopes). */
export function seenBy(view: HouseholdView): Viewer {
  if (view.access === null) throw new Error('a Household field resolved without access');
  return view.access;
}

const Member = builder.objectRef<HouseholdOverview['members'][number]>('Member').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    bsn: t.exposeString('bsn'),
    birthDate: t.expose('birthDate', { type: 'Date' }),
    role: t.field({ type: MemberRoleEnum, resolve: (m) => m.role ?? 'DEBTOR' }),
  }),
});

const DebtTotals = builder.objectRef<ReturnType<typeof totalsOf>>('DebtTotals').implement({
  fields: (t) => ({
    outstanding: t.expose('outstanding', { type: 'Cents' }),
    claimCount: t.exposeInt('claimCount'),
    creditorCount: t.exposeInt('creditorCount'),
    flags: t.exposeStringList('flags', { description: "Every flag of the claims counted, e.g. INTEREST_RATE_UNCONFIRMED (see Claim.flags)." }),
  }),
});

export const Household = builder.objectRef<HouseholdView>('Household').implement({
  // Visibility per policy §8: who may see this household at all.
  authScopes: (view) => view.access !== null,
  fields: (t) => ({
    id: t.id({ resolve: (v) => v.overview.householdId }),
    composition: t.field({ type: CompositionEnum, resolve: (v) => v.overview.composition }),
    municipality: t.string({ resolve: (v) => v.overview.municipality }),
    registeredOn: t.field({ type: 'Date', resolve: (v) => v.overview.registeredOn }),
    members: t.field({
      type: [Member],
      description: 'Personal data: shown to the household, its counsellors and the ombudsman; empty for creditors and after erasure.',
      authScopes: (v) => v.access !== null && seesAll(v.access, 'members'),
      unauthorizedResolver: () => [],
      resolve: async (v, _args, ctx) => {
        if (personalDataErased(v.overview)) return [];
        await auditRead(v, ctx, 'members');
        return v.overview.members;
      },
    }),
    personalDataErased: t.boolean({
      description: 'The personal data was erased on a lawful request (crypto-shredding); amounts and dates remain.',
      resolve: (v) => personalDataErased(v.overview),
    }),
    revision: t.int({ resolve: (v) => v.overview.revision }),
    totals: t.field({
      type: DebtTotals,
      description: 'All claims with their statutory interest up to and including `on` (default: the day of asOf, else today).',
      args: { on: t.arg({ type: 'Date', required: false }) },
      resolve: (v, args, ctx) => {
        const on = args.on ?? businessDateAt(v.asOf ?? ctx.requestedAt);
        return totalsOf(claimsOn(v.overview, ctx.ledger.parameters.statutoryInterestRates ?? NO_RATES, on));
      },
    }),
    claims: t.field({
      type: [ClaimRef],
      description: 'Claims the viewer may see (a creditor: its own), with statutory interest up to and including `on` (default: the day of asOf, else today).',
      args: { on: t.arg({ type: 'Date', required: false }) },
      resolve: async (v, args, ctx) => {
        const on = args.on ?? businessDateAt(v.asOf ?? ctx.requestedAt);
        const claims = visibleItems(seenBy(v), 'claims', claimsOn(v.overview, ctx.ledger.parameters.statutoryInterestRates ?? NO_RATES, on), (c) => c.creditorId);
        if (claims.length > 0) await auditRead(v, ctx, 'claims');
        return claims;
      },
    }),
    capacity: t.field({
      type: CapacityCheck,
      description: 'Capacity on a date (default: today).',
      args: { on: t.arg({ type: 'Date', required: false }) },
      resolve: (v, args, ctx) =>
        capacityView(v.overview, ctx.ledger.parameters, args.on ?? businessDateAt(ctx.requestedAt), seenBy(v)),
    }),
    arrangements: t.field({
      type: [Arrangement],
      description: 'Debt arrangements; a creditor sees its own offers only.',
      resolve: async (v, _args, ctx) => {
        const views = v.overview.arrangements.map((a) => arrangementView(v.overview.householdId, a, seenBy(v)));
        // A term's reason is personal (health, life events): its read is recorded.
        if (views.some((a) => a.termReason !== null)) await auditRead(v, ctx, 'arrangements');
        return views;
      },
    }),
    measures: t.field({
      type: [Measure],
      description: 'Collection measures; a creditor sees its own in full, others without their identity.',
      resolve: (v) => v.overview.measures.map((m) => measureView(m, seenBy(v))),
    }),
    moratoria: t.field({
      type: [Moratorium],
      resolve: async (v, _args, ctx) => {
        // A moratorium's reason is personal (health, life events): its read is recorded where it is shown.
        if (seesAll(seenBy(v), 'moratoria.reason') && v.overview.moratoria.length > 0) await auditRead(v, ctx, 'moratoria');
        return v.overview.moratoria.map((m) => moratoriumView(m, seenBy(v)));
      },
    }),
  }),
});

builder.queryType({
  fields: (t) => ({
    household: t.field({
      type: Household,
      nullable: true,
      description: 'The household as the ledger knew it at `asOf` (default: now); null for an unknown id and for a household the viewer may not see alike.',
      authScopes: { authenticated: true },
      args: {
        id: t.arg.id({ required: true }),
        asOf: t.arg({ type: 'DateTime', required: false }),
        purpose: t.arg({ type: ReadPurposeEnum, required: false, description: 'Why personal data is read (recorded in the read audit); or header x-purpose.' }),
        minRevision: t.arg.int({
          required: false,
          description: 'Read your writes: wait (at most a few seconds) until the read model has this revision of the household.',
          validate: z.number().int().min(1).max(2_147_483_647),
        }),
      },
      resolve: async (_root, args, ctx) => {
        const actor = actorOf(ctx);
        const id = String(args.id);
        const current = await readAtLeast(ctx.ledger.queries, id, args.minRevision ?? 0);
        if (!current) return null;
        const access = householdAccess(actor, current, businessDateAt(ctx.requestedAt));
        const purpose = purposeOf(args.purpose, ctx);
        // A household the viewer may not see answers as an unknown id does: null (ids cannot be probed).
        if (access === null) return null;
        if (!args.asOf) return { overview: await ctx.ledger.vault.open(current), access, asOf: null, purpose };
        const then = await ctx.ledger.queries.overviewAsOf(id, args.asOf);
        return then ? { overview: then, access, asOf: args.asOf, purpose } : null;
      },
    }),
  }),
});

const MemberInput = builder.inputType('MemberInput', {
  fields: (t) => ({
    bsn: t.string(),
    name: t.string(),
    birthDate: t.field({ type: 'Date' }),
    role: t.field({
      type: MemberRoleEnum,
      required: false,
      description: 'Without it: the first member is the DEBTOR, the second of a couple the PARTNER, others CHILD. Only debtor and partner income counts.',
    }),
  }),
});

const ChangeCompositionInput = builder
  .inputType('ChangeCompositionInput', {
    fields: (t) => ({
      commandId: t.id(),
      householdId: t.id(),
      composition: t.field({ type: CompositionEnum }),
      members: t.field({ type: [MemberInput], description: 'Everyone in the household from effectiveOn on.' }),
      effectiveOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(changeCompositionInputSchema);

const RegisterHouseholdInput = builder
  .inputType('RegisterHouseholdInput', {
    fields: (t) => ({
      commandId: t.id(),
      composition: t.field({ type: CompositionEnum }),
      municipality: t.string(),
      members: t.field({ type: [MemberInput] }),
      effectiveOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(registerHouseholdInputSchema);

const DeclareIncomeInput = builder
  .inputType('DeclareIncomeInput', {
    fields: (t) => ({
      commandId: t.id(),
      householdId: t.id(),
      memberBsn: t.string({ description: 'Which member (by BSN) earns it.' }),
      kind: t.field({ type: IncomeKindEnum }),
      payer: t.string(),
      netMonthly: t.field({ type: 'Cents' }),
      effectiveOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(declareIncomeInputSchema);

const RecordProtectedIncomeInput = builder
  .inputType('RecordProtectedIncomeInput', {
    fields: (t) => ({
      commandId: t.id(),
      householdId: t.id(),
      amount: t.field({ type: 'Cents' }),
      source: t.field({ type: ProtectedIncomeSourceEnum }),
      reference: t.string(),
      validFrom: t.field({ type: 'Date' }),
    }),
  })
  .validate(recordProtectedIncomeInputSchema);

builder.mutationType({
  fields: (t) => ({
    registerHousehold: commandMutation(t, {
      role: 'COUNSELLOR',
      input: RegisterHouseholdInput,
      // A new household's id, reserved for this organisation's command id: a repeat gets the same one.
      household: (input, ctx) => ctx.ledger.registrations.claim(actorOf(ctx).org, input.commandId, randomUUID()),
      command: ({ commandId: _commandId, ...data }, _ctx, householdId) => ({ type: 'RegisterHousehold', data: { ...data, householdId } }),
      around: async (run, input, ctx, householdId) => {
        try {
          return await withBsnsIndexed(ctx, householdId, input.members, run);
        } catch (error) {
          // Nothing was stored: the command id may be used again (with corrected input).
          await ctx.ledger.registrations.release(actorOf(ctx).org, input.commandId, householdId);
          throw error;
        }
      },
    }),
    changeComposition: commandMutation(t, {
      role: 'COUNSELLOR',
      input: ChangeCompositionInput,
      household: (input) => input.householdId,
      command: ({ commandId: _commandId, householdId: _householdId, ...data }) => ({ type: 'ChangeComposition', data }),
    }),
    declareIncome: commandMutation(t, {
      role: 'COUNSELLOR',
      input: DeclareIncomeInput,
      household: (input) => input.householdId,
      command: ({ commandId: _commandId, householdId: _householdId, ...data }) => ({ type: 'DeclareIncome', data }),
    }),
    recordProtectedIncome: commandMutation(t, {
      role: ['COUNSELLOR', 'CREDITOR'],
      input: RecordProtectedIncomeInput,
      household: (input) => input.householdId,
      command: ({ commandId: _commandId, householdId: _householdId, ...data }) => ({ type: 'RecordProtectedIncome', data }),
    }),
  }),
});
