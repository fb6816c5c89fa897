import { businessDateAt } from '../../domain/dates.js';
import { parseHouseholdEvent } from '../../domain/household/events.js';
import {
  declareIncomeInputSchema,
  recordProtectedIncomeInputSchema,
  registerHouseholdInputSchema,
} from '../../domain/household/inputs.js';
import { protectedIncomeOn, type ProtectedIncome } from '../../domain/protectedIncome.js';
import { householdIdFor } from '../../infra/ids.js';
import { householdStream } from '../../infra/streams.js';
import { overviewFromEvents, totalsOf, type HouseholdOverview } from '../../projections/householdOverview.js';
import { householdAccess, visibleClaims, type HouseholdAccess } from '../access.js';
import { builder } from '../builder.js';
import { actorOf } from '../context.js';
import { ClaimRef } from './claims.js';
import { commandMeta, CommandReceipt } from './commands.js';
import {
  ArrangementStatusEnum,
  CompositionEnum,
  CreditorAnswerEnum,
  DistributionKeyEnum,
  IncomeKindEnum,
  MeasureKindEnum,
  ProtectedIncomeBasisEnum,
  ProtectedIncomeSourceEnum,
} from './enums.js';

/** A household as one viewer may see it, at one point of the ledger's knowledge. */
export interface HouseholdView {
  overview: HouseholdOverview;
  access: HouseholdAccess | null;
}

const Member = builder.objectRef<HouseholdOverview['members'][number]>('Member').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    bsn: t.exposeString('bsn'),
    birthDate: t.expose('birthDate', { type: 'Date' }),
  }),
});

const DebtTotals = builder.objectRef<ReturnType<typeof totalsOf>>('DebtTotals').implement({
  fields: (t) => ({
    outstanding: t.expose('outstanding', { type: 'Cents' }),
    claimCount: t.exposeInt('claimCount'),
    creditorCount: t.exposeInt('creditorCount'),
  }),
});

interface AllocationView {
  measureId: string;
  kind: 'SET_OFF' | 'PAYMENT_PLAN' | 'GARNISHMENT' | 'WITHHOLDING_AT_SOURCE';
  creditorId: string | null;
  monthly: number;
  coordinator: boolean;
}

export const Allocation = builder.objectRef<AllocationView>('Allocation').implement({
  fields: (t) => ({
    measureId: t.exposeID('measureId'),
    kind: t.expose('kind', { type: MeasureKindEnum }),
    creditorId: t.exposeID('creditorId', {
      nullable: true,
      description: 'Null where the viewer may not see which creditor it is.',
    }),
    monthly: t.expose('monthly', { type: 'Cents' }),
    coordinator: t.exposeBoolean('coordinator'),
  }),
});

interface CapacityView extends ProtectedIncome {
  committed: number;
  withheldAtSource: number;
  allocations: AllocationView[];
}

const CapacityCheck = builder.objectRef<CapacityView>('CapacityCheck').implement({
  fields: (t) => ({
    on: t.expose('on', { type: 'Date' }),
    netIncome: t.expose('netIncome', { type: 'Cents' }),
    protectedIncome: t.expose('protectedIncome', { type: 'Cents' }),
    protectedIncomeBasis: t.expose('basis', { type: ProtectedIncomeBasisEnum }),
    attachable: t.expose('attachable', { type: 'Cents' }),
    committed: t.expose('committed', { type: 'Cents', description: 'Set-offs + plans + garnishment allocations.' }),
    remaining: t.field({ type: 'Cents', resolve: (c) => c.attachable - c.committed }),
    withheldAtSource: t.expose('withheldAtSource', { type: 'Cents' }),
    allocations: t.expose('allocations', { type: [Allocation] }),
    flags: t.exposeStringList('flags', {
      description: 'Policy flags, e.g. PROTECTED_INCOME_ESTIMATED, MORATORIUM_ACTIVE, OVERCOMMITTED.',
    }),
    legalFloor: t.expose('floor', { type: 'Cents', description: 'min(95% of the social-assistance norm, 95% of net income).' }),
    legalCap: t.expose('cap', { type: 'Cents', description: '95% of net income.' }),
  }),
});

interface OfferView {
  claimId: string;
  creditorId: string;
  outstanding: number;
  percentage: number;
  amount: number;
  answer: 'ACCEPT' | 'REJECT' | null;
}

const Offer = builder.objectRef<OfferView>('Offer').implement({
  fields: (t) => ({
    claimId: t.exposeID('claimId'),
    creditorId: t.exposeID('creditorId'),
    outstanding: t.expose('outstanding', { type: 'Cents' }),
    percentage: t.exposeFloat('percentage', { description: 'Percent of the outstanding balance, e.g. 22.5.' }),
    amount: t.expose('amount', { type: 'Cents' }),
    answer: t.expose('answer', { type: CreditorAnswerEnum, nullable: true }),
  }),
});

interface ArrangementView {
  id: string;
  householdId: string;
  status: 'PROPOSED' | 'ACTIVE' | 'REJECTED' | 'COMPLETED' | 'FAILED';
  total: number;
  termMonths: number;
  key: 'DOUBLE_FOR_PREFERENTIAL' | 'PRO_RATA';
  offers: OfferView[];
}

export const Arrangement = builder.objectRef<ArrangementView>('Arrangement').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    householdId: t.exposeID('householdId'),
    status: t.expose('status', { type: ArrangementStatusEnum }),
    total: t.expose('total', { type: 'Cents' }),
    termMonths: t.exposeInt('termMonths'),
    key: t.expose('key', { type: DistributionKeyEnum }),
    offers: t.expose('offers', { type: [Offer] }),
  }),
});

const Household = builder.objectRef<HouseholdView>('Household').implement({
  // Visibility per policy §8: who may see this household at all.
  authScopes: (view) => view.access !== null,
  fields: (t) => ({
    id: t.id({ resolve: (v) => v.overview.householdId }),
    composition: t.field({ type: CompositionEnum, resolve: (v) => v.overview.composition }),
    municipality: t.string({ resolve: (v) => v.overview.municipality }),
    registeredOn: t.field({ type: 'Date', resolve: (v) => v.overview.registeredOn }),
    members: t.field({
      type: [Member],
      description: 'Personal data: shown to the household, its counsellors and the ombudsman; empty for creditors.',
      authScopes: (v) => v.access === 'FULL',
      unauthorizedResolver: () => [],
      resolve: (v) => v.overview.members,
    }),
    revision: t.int({ resolve: (v) => v.overview.revision }),
    totals: t.field({ type: DebtTotals, resolve: (v) => totalsOf(v.overview.claims) }),
    claims: t.field({
      type: [ClaimRef],
      description: 'Claims the viewer may see (a creditor: its own).',
      resolve: (v, _args, ctx) => (v.access === null ? [] : visibleClaims(actorOf(ctx), v.access, v.overview.claims)),
    }),
    capacity: t.field({
      type: CapacityCheck,
      description: 'Capacity on a date (default: today).',
      args: { on: t.arg({ type: 'Date', required: false }) },
      resolve: (v, args, ctx) => {
        const on = args.on ?? businessDateAt(ctx.requestedAt);
        const protectedIncome = protectedIncomeOn(
          { composition: v.overview.composition, members: v.overview.members, incomes: v.overview.incomes, protectedIncomes: v.overview.protectedIncomes },
          ctx.ledger.parameters,
          on,
        );
        // No collection measures exist yet: nothing is committed and the whole room remains.
        return { ...protectedIncome, committed: 0, withheldAtSource: 0, allocations: [] };
      },
    }),
    arrangements: t.field({ type: [Arrangement], resolve: () => [] }),
  }),
});

builder.queryType({
  fields: (t) => ({
    household: t.field({
      type: Household,
      nullable: true,
      description: 'The household as the ledger knew it at `asOf` (default: now).',
      authScopes: { authenticated: true },
      args: {
        id: t.arg.id({ required: true }),
        asOf: t.arg({ type: 'DateTime', required: false }),
      },
      resolve: async (_root, args, ctx) => {
        const actor = actorOf(ctx);
        const id = String(args.id);
        const current = ctx.ledger.overviews.get(id);
        if (!current) return null;
        const access = householdAccess(actor, current);
        if (!args.asOf) return { overview: current, access };
        const events = await ctx.ledger.store.readStream(householdStream(id), { recordedUpTo: args.asOf });
        const then = overviewFromEvents(events.map(parseHouseholdEvent));
        return then ? { overview: then, access } : null;
      },
    }),
  }),
});

const MemberInput = builder.inputType('MemberInput', {
  fields: (t) => ({
    bsn: t.string(),
    name: t.string(),
    birthDate: t.field({ type: 'Date' }),
  }),
});

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
    registerHousehold: t.field({
      type: CommandReceipt,
      authScopes: { role: 'COUNSELLOR' },
      args: { input: t.arg({ type: RegisterHouseholdInput, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        const { commandId, ...data } = input;
        const householdId = householdIdFor(actorOf(ctx).org, commandId);
        const { receipt } = await ctx.ledger.commands.handle(householdId, {
          type: 'RegisterHousehold',
          meta: commandMeta(ctx, commandId),
          data: { ...data, householdId },
        });
        return { householdId, revision: receipt.revision, recordedAt: receipt.recordedAt };
      },
    }),
    declareIncome: t.field({
      type: CommandReceipt,
      authScopes: { role: 'COUNSELLOR' },
      args: { input: t.arg({ type: DeclareIncomeInput, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        const { commandId, householdId, ...data } = input;
        const { receipt } = await ctx.ledger.commands.handle(householdId, {
          type: 'DeclareIncome',
          meta: commandMeta(ctx, commandId),
          data,
        });
        return { householdId, revision: receipt.revision, recordedAt: receipt.recordedAt };
      },
    }),
    recordProtectedIncome: t.field({
      type: CommandReceipt,
      authScopes: { role: ['COUNSELLOR', 'CREDITOR'] },
      args: { input: t.arg({ type: RecordProtectedIncomeInput, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        const { commandId, householdId, ...data } = input;
        const { receipt } = await ctx.ledger.commands.handle(householdId, {
          type: 'RecordProtectedIncome',
          meta: commandMeta(ctx, commandId),
          data,
        });
        return { householdId, revision: receipt.revision, recordedAt: receipt.recordedAt };
      },
    }),
  }),
});
