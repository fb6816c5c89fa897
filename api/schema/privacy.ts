import { businessDateAt } from '../../domain/dates.js';
import { eraseHouseholdInputSchema, grantMandateInputSchema, revokeMandateInputSchema } from '../../domain/household/inputs.js';
import { bsnSchema } from '../../domain/household/inputs.js';
import type { Mandate as MandateFacts } from '../../domain/mandates.js';
import { holdsMandateOn } from '../../domain/mandates.js';
import { legalErasureRefusalGrounds } from '../../domain/personalData.js';
import { LedgerError } from '../../domain/errors.js';
import type { HouseholdOverview } from '../../projections/householdOverview.js';
import { builder } from '../builder.js';
import { actorOf } from '../context.js';
import { auditConnection, auditHouseholdRead, ReadAuditEntryRef } from './audit.js';
import { commandMutation, receiptOf } from './commands.js';
import { seesAll } from '../access.js';
import { Household, seenBy } from './household.js';

const Mandate = builder.objectRef<MandateFacts>('Mandate').implement({
  description: "A counsellor organisation's mandate for the household.",
  fields: (t) => ({
    counsellorOrg: t.exposeString('counsellorOrg'),
    startsOn: t.expose('startsOn', { type: 'Date', nullable: true, description: 'Null: from the registration on.' }),
    endsOn: t.expose('endsOn', { type: 'Date', nullable: true }),
    revoked: t.exposeBoolean('revoked'),
    grantedBy: t.exposeString('grantedBy'),
  }),
});

builder.objectField(Household, 'mandates', (t) =>
  t.field({
    type: [Mandate],
    description: 'Who holds (or held) a mandate: shown to the household, its counsellors and the ombudsman.',
    resolve: (view) => (seesAll(seenBy(view), 'mandates') ? view.overview.mandates ?? [] : []),
  }),
);

builder.objectField(Household, 'readLog', (t) =>
  t.connection({
    type: ReadAuditEntryRef,
    description: 'Who read this household\u2019s personal data, when and why: for the household itself and the ombudsman.',
    resolve: async (view, args, ctx) => {
      if (!seesAll(seenBy(view), 'readLog')) return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
      return auditConnection(ctx, args, { householdId: view.overview.householdId });
    },
  }),
);

const GrantMandateInput = builder
  .inputType('GrantMandateInput', {
    fields: (t) => ({
      commandId: t.id(),
      householdId: t.id(),
      counsellorOrg: t.id({ description: 'The counsellor organisation that receives the mandate.' }),
      startsOn: t.field({ type: 'Date' }),
      endsOn: t.field({ type: 'Date', required: false, description: 'Last day; open-ended when absent.' }),
    }),
  })
  .validate(grantMandateInputSchema);

const RevokeMandateInput = builder
  .inputType('RevokeMandateInput', {
    fields: (t) => ({
      commandId: t.id(),
      householdId: t.id(),
      counsellorOrg: t.id(),
    }),
  })
  .validate(revokeMandateInputSchema);

const ErasureDecisionEnum = builder.enumType('ErasureDecision', { values: ['ERASE', 'REFUSE'] as const });
const ErasureRefusalGroundEnum = builder.enumType('ErasureRefusalGround', {
  values: legalErasureRefusalGrounds,
  description: 'GDPR art. 17(3)(b): a legal obligation; art. 17(3)(e): legal claims.',
});

const EraseHouseholdInput = builder
  .inputType('EraseHouseholdInput', {
    fields: (t) => ({
      commandId: t.id(),
      householdId: t.id(),
      decision: t.field({ type: ErasureDecisionEnum }),
      legalGround: t.string({ description: 'The lawful ground of the request, e.g. "AVG art. 17(1)(a)".' }),
      refusalGround: t.field({ type: ErasureRefusalGroundEnum, required: false }),
      explanation: t.string({ required: false }),
      reference: t.string({ description: 'The request\u2019s reference.' }),
    }),
  })
  .validate(eraseHouseholdInputSchema);

builder.mutationFields((t) => ({
  grantMandate: commandMutation(t, {
    description: 'By the household, or by a counsellor that holds a mandate, for another counsellor organisation.',
    role: ['HOUSEHOLD', 'COUNSELLOR'],
    input: GrantMandateInput,
    household: (input) => input.householdId,
    command: ({ commandId: _commandId, householdId: _householdId, ...data }) => ({ type: 'GrantMandate', data }),
  }),
  revokeMandate: commandMutation(t, {
    description: 'Ends every mandate of that organisation at once (also its open subscriptions).',
    role: ['HOUSEHOLD', 'COUNSELLOR'],
    input: RevokeMandateInput,
    household: (input) => input.householdId,
    command: ({ commandId: _commandId, householdId: _householdId, ...data }) => ({ type: 'RevokeMandate', data }),
  }),
  eraseHousehold: commandMutation(t, {
    description:
      'Carries out (or refuses, under GDPR art. 17(3)(b)/(e)) a request to erase the household\u2019s personal data. Erasing records the request, then deletes the household\u2019s BSN index entries and its key: names, BSNs, birth dates, payers, references and free text become unreadable everywhere; amounts and dates remain.',
    role: 'ADMIN',
    input: EraseHouseholdInput,
    household: (input) => input.householdId,
    command: ({ commandId: _commandId, householdId: _householdId, ...data }) => ({ type: 'EraseHousehold', data }),
    answer: async (done, ctx) => {
      // By the decision on record, not the request's: a repeated command id answers as its first
      // run did (a refusal stays a refusal). After the erasure is on record; a retry of the same
      // command completes an interrupted erasure.
      if (done.state.erased) {
        await ctx.ledger.households.unindexBsns(done.householdId);
        await ctx.ledger.vault.erase(done.householdId);
        ctx.forgetAnswers(done.householdId);
      }
      return receiptOf(done);
    },
  }),
}));

builder.queryField('findHouseholds', (t) =>
  t.idList({
    description:
      'Households with a member of this BSN, looked up by its keyed hash in the BSN index (a counsellor: those it holds a mandate for). Only for organisations with a legal basis to use the BSN (TOTAALBEELD_BSN_ORGS); others get FORBIDDEN.',
    authScopes: { role: ['COUNSELLOR', 'OMBUDSMAN'] },
    args: { bsn: t.arg.string({ required: true, validate: bsnSchema }) },
    resolve: async (_root, args, ctx) => {
      const actor = actorOf(ctx);
      if (!ctx.bsnOrgs.has(actor.org)) {
        throw new LedgerError('FORBIDDEN', 'This organisation has no legal basis to look households up by BSN');
      }
      const today = businessDateAt(ctx.requestedAt);
      const visible: HouseholdOverview[] = [];
      for (const id of await ctx.ledger.households.householdsWithBsn(ctx.ledger.vault.bsnHash(args.bsn))) {
        const overview = await ctx.ledger.queries.overview(id);
        if (overview && (actor.role === 'OMBUDSMAN' || holdsMandateOn(overview.mandates ?? [], actor.org, today))) visible.push(overview);
      }
      // Finding a household by a person's BSN is a read of personal data too.
      for (const h of visible) await auditHouseholdRead(ctx, h.householdId, 'bsnLookup');
      return visible.map((h) => h.householdId);
    },
  }),
);
