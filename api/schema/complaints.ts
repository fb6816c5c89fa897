import type { ComplaintFacts } from '../../domain/complaints.js';
import { complaintConclusions, complaintNoteKinds } from '../../domain/complaints.js';
import { LedgerError } from '../../domain/errors.js';
import type { HouseholdState } from '../../domain/household/decider.js';
import {
  closeComplaintInputSchema,
  lodgeComplaintInputSchema,
  recordComplaintNoteInputSchema,
} from '../../domain/household/inputs.js';
import { childIdFor } from '../../infra/ids.js';
import type { HouseholdOverview } from '../../projections/householdOverview.js';
import { builder } from '../builder.js';
import { actorOf } from '../context.js';
import { auditHouseholdRead, auditRead } from './audit.js';
import { Household } from './household.js';
import { commandMeta, runCommand } from './commands.js';
import { householdOf } from './measures.js';
import { TimelineEvent } from './timeline.js';

const ComplaintNoteKindEnum = builder.enumType('ComplaintNoteKind', { values: complaintNoteKinds });
const ComplaintConclusionEnum = builder.enumType('ComplaintConclusion', { values: complaintConclusions });

interface ComplaintView extends ComplaintFacts {
  householdId: string;
  asOf: string | null;
}

const ComplaintNote = builder.objectRef<ComplaintFacts['notes'][number]>('ComplaintNote').implement({
  fields: (t) => ({
    kind: t.expose('kind', { type: ComplaintNoteKindEnum }),
    text: t.exposeString('text'),
    on: t.expose('on', { type: 'Date' }),
    by: t.exposeString('by'),
  }),
});

const Complaint = builder.objectRef<ComplaintView>('Complaint').implement({
  description: "A complaint about an organisation's handling of a household, and the ombudsman's file on it.",
  fields: (t) => ({
    id: t.exposeID('complaintId'),
    householdId: t.exposeID('householdId'),
    againstOrg: t.exposeString('againstOrg'),
    subject: t.exposeString('subject'),
    text: t.exposeString('text'),
    lodgedOn: t.expose('lodgedOn', { type: 'Date' }),
    lodgedByOrg: t.string({ resolve: (c) => c.lodgedBy.org }),
    lodgedByRole: t.string({ resolve: (c) => c.lodgedBy.role }),
    notes: t.expose('notes', { type: [ComplaintNote], description: 'Findings and recommendations of the ombudsman.' }),
    conclusion: t.expose('conclusion', { type: ComplaintConclusionEnum, nullable: true }),
    closingText: t.exposeString('closingText', { nullable: true }),
    closedOn: t.expose('closedOn', { type: 'Date', nullable: true }),
    events: t.field({
      type: [TimelineEvent],
      description: 'The relevant events: those the complaint and its notes point at, and every event of the organisation complained about.',
      resolve: async (c, _args, ctx) => {
        const related = new Set(c.relatedRevisions);
        // The complaint's own events are the file itself, not evidence in it.
        return (await ctx.ledger.queries.timeline(c.householdId, c.asOf)).filter(
          (e) => !e.type.startsWith('Complaint') && (related.has(e.revision) || e.organisation === c.againstOrg || e.creditorId === c.againstOrg),
        );
      },
    }),
  }),
});

builder.objectField(Household, 'complaints', (t) =>
  t.field({
    type: [Complaint],
    description: 'Complaints about this household: shown to the household, its counsellors and the ombudsman.',
    resolve: async (view, _args, ctx) => {
      if (view.access !== 'FULL') return [];
      const complaints = complaintsOf(view.overview, view.asOf);
      if (complaints.length > 0) await auditRead(view, ctx, 'complaints');
      return complaints;
    },
  }),
);

function complaintsOf(overview: HouseholdOverview, asOf: string | null): ComplaintView[] {
  return (overview.complaints ?? []).map((c) => ({ ...c, householdId: overview.householdId, asOf }));
}

/** The complaint as the command left it (the handler's state: no wait for a read model). */
function complaintAfter(state: HouseholdState, householdId: string, complaintId: string): ComplaintView {
  const complaint = state.complaints.get(complaintId);
  if (!complaint) throw new LedgerError('NOT_FOUND', 'No such complaint');
  return { ...complaint, householdId, asOf: null };
}

const LodgeComplaintInput = builder
  .inputType('LodgeComplaintInput', {
    fields: (t) => ({
      commandId: t.id(),
      householdId: t.id(),
      againstOrg: t.id({ description: 'The organisation complained about.' }),
      subject: t.string(),
      text: t.string(),
      relatedRevisions: t.intList({ required: false, description: 'Revisions of the household stream the complaint is about.' }),
    }),
  })
  .validate(lodgeComplaintInputSchema);

const RecordComplaintNoteInput = builder
  .inputType('RecordComplaintNoteInput', {
    fields: (t) => ({
      commandId: t.id(),
      complaintId: t.id(),
      kind: t.field({ type: ComplaintNoteKindEnum }),
      text: t.string(),
      relatedRevisions: t.intList({ required: false }),
    }),
  })
  .validate(recordComplaintNoteInputSchema);

const CloseComplaintInput = builder
  .inputType('CloseComplaintInput', {
    fields: (t) => ({
      commandId: t.id(),
      complaintId: t.id(),
      conclusion: t.field({ type: ComplaintConclusionEnum }),
      text: t.string(),
    }),
  })
  .validate(closeComplaintInputSchema);

builder.mutationFields((t) => ({
  lodgeComplaint: t.field({
    type: Complaint,
    description: 'Lodged by the household, its counsellor, or the ombudsman on their behalf.',
    authScopes: { role: ['HOUSEHOLD', 'COUNSELLOR', 'OMBUDSMAN'] },
    args: { input: t.arg({ type: LodgeComplaintInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { commandId, householdId, ...data } = input;
      const complaintId = childIdFor('complaint', householdId, actorOf(ctx).org, commandId);
      const { receipt, state } = await runCommand(ctx, householdId, {
        type: 'LodgeComplaint',
        meta: commandMeta(ctx, commandId),
        data: { ...data, complaintId },
      });
      // The answer holds the complaint's texts: personal data, recorded as read.
      await auditHouseholdRead(ctx, householdId, 'complaints');
      return complaintAfter(state, householdId, receipt.complaintId ?? complaintId);
    },
  }),
  recordComplaintNote: t.field({
    type: Complaint,
    description: 'The ombudsman records a finding or a recommendation.',
    authScopes: { role: 'OMBUDSMAN' },
    args: { input: t.arg({ type: RecordComplaintNoteInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { commandId, ...data } = input;
      const householdId = householdOf('complaint', data.complaintId);
      const { state } = await runCommand(ctx, householdId, {
        type: 'RecordComplaintNote',
        meta: commandMeta(ctx, commandId),
        data,
      });
      // The answer holds the complaint's texts: personal data, recorded as read.
      await auditHouseholdRead(ctx, householdId, 'complaints');
      return complaintAfter(state, householdId, data.complaintId);
    },
  }),
  closeComplaint: t.field({
    type: Complaint,
    authScopes: { role: 'OMBUDSMAN' },
    args: { input: t.arg({ type: CloseComplaintInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { commandId, ...data } = input;
      const householdId = householdOf('complaint', data.complaintId);
      const { state } = await runCommand(ctx, householdId, {
        type: 'CloseComplaint',
        meta: commandMeta(ctx, commandId),
        data,
      });
      // The answer holds the complaint's texts: personal data, recorded as read.
      await auditHouseholdRead(ctx, householdId, 'complaints');
      return complaintAfter(state, householdId, data.complaintId);
    },
  }),
}));
