import { LedgerError } from '../../domain/errors.js';
import { disputeProtectedIncomeInputSchema, resolveProtectedIncomeDisputeInputSchema } from '../../domain/household/inputs.js';
import type { ProtectedIncomeRecord } from '../../domain/protectedIncome.js';
import { householdIdOfChild } from '../../infra/ids.js';
import { builder } from '../builder.js';
import { auditRead } from './audit.js';
import { commandMutation } from './commands.js';
import { ProtectedIncomeSourceEnum } from './enums.js';
import { seesAll, seesItem } from '../access.js';
import { Household, seenBy } from './household.js';

/**
 * Official protected-income records (policy §3 and §10): who recorded each one, and a
 * counsellor's dispute of it. A record's id names its household and the revision it stands at.
 */
interface DisputeView {
  reason: string | null;
  disputedBy: string;
  disputedOn: string;
  resolution: string | null;
  resolvedOn: string | null;
}

interface ProtectedIncomeRecordView {
  id: string;
  amount: number;
  source: ProtectedIncomeRecord['source'];
  reference: string | null;
  validFrom: string;
  recordedBy: string | null;
  recordedByRole: string | null;
  dispute: DisputeView | null;
}

export function protectedIncomeRecordId(householdId: string, seq: number): string {
  return `${householdId}.protectedIncome-${seq}`;
}

/** The household and revision a record id names; an id that names none is simply not found. */
function recordOf(id: string): { householdId: string; recordSeq: number } {
  const householdId = householdIdOfChild('protectedIncome', id);
  const seq = Number(id.slice(id.lastIndexOf('-') + 1));
  if (householdId === null || !Number.isSafeInteger(seq) || seq < 1) throw new LedgerError('NOT_FOUND', 'No protected income record with this id');
  return { householdId, recordSeq: seq };
}

const Dispute = builder.objectRef<DisputeView>('ProtectedIncomeDispute').implement({
  fields: (t) => ({
    reason: t.exposeString('reason', { nullable: true, description: 'Null for creditors.' }),
    disputedBy: t.exposeString('disputedBy'),
    disputedOn: t.expose('disputedOn', { type: 'Date' }),
    resolution: t.exposeString('resolution', { nullable: true, description: 'Null while open, and for creditors.' }),
    resolvedOn: t.expose('resolvedOn', { type: 'Date', nullable: true }),
  }),
});

const ProtectedIncomeRecordRef = builder.objectRef<ProtectedIncomeRecordView>('ProtectedIncomeRecord').implement({
  description: 'An official protected income (beslagvrije voet) as recorded, with who recorded it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    amount: t.expose('amount', { type: 'Cents' }),
    source: t.expose('source', { type: ProtectedIncomeSourceEnum }),
    reference: t.exposeString('reference', { nullable: true, description: 'Shown to the household, its counsellors, the ombudsman and the organisation that recorded it.' }),
    validFrom: t.expose('validFrom', { type: 'Date' }),
    recordedBy: t.exposeString('recordedBy', { nullable: true, description: 'The organisation that recorded it (null for records from before 4 December 2026).' }),
    recordedByRole: t.exposeString('recordedByRole', { nullable: true }),
    disputed: t.boolean({ resolve: (r) => r.dispute !== null && r.dispute.resolvedOn === null, description: 'A counsellor disputes it (flag PROTECTED_INCOME_DISPUTED).' }),
    dispute: t.expose('dispute', { type: Dispute, nullable: true }),
  }),
});

builder.objectField(Household, 'protectedIncomeRecords', (t) =>
  t.field({
    type: [ProtectedIncomeRecordRef],
    description: 'Official protected-income records, oldest first.',
    resolve: async (v, _args, ctx) => {
      const viewer = seenBy(v);
      const dispute = seesAll(viewer, 'protectedIncomeRecords.dispute');
      const records = v.overview.protectedIncomes.map((p): ProtectedIncomeRecordView => {
        const own = seesItem(viewer, 'protectedIncomeRecords.reference', p.recordedBy?.org);
        return {
          id: protectedIncomeRecordId(v.overview.householdId, p.seq),
          amount: p.amount,
          source: p.source,
          reference: own ? p.reference : null,
          validFrom: p.validFrom,
          recordedBy: p.recordedBy?.org ?? null,
          recordedByRole: p.recordedBy?.role ?? null,
          dispute: p.dispute
            ? { ...p.dispute, reason: dispute ? p.dispute.reason : null, resolution: dispute ? p.dispute.resolution : null }
            : null,
        };
      });
      if (dispute && records.some((r) => r.dispute !== null)) await auditRead(v, ctx, 'protectedIncomeRecords');
      return records;
    },
  }),
);

const DisputeProtectedIncomeInput = builder
  .inputType('DisputeProtectedIncomeInput', {
    fields: (t) => ({
      commandId: t.id(),
      recordId: t.id({ description: 'The id of a ProtectedIncomeRecord.' }),
      reason: t.string({ description: 'Why the record is wrong (e.g. the composition it was based on).' }),
    }),
  })
  .validate(disputeProtectedIncomeInputSchema);

const ResolveProtectedIncomeDisputeInput = builder
  .inputType('ResolveProtectedIncomeDisputeInput', {
    fields: (t) => ({
      commandId: t.id(),
      recordId: t.id(),
      resolution: t.string({ description: 'How the dispute ended.' }),
    }),
  })
  .validate(resolveProtectedIncomeDisputeInputSchema);

builder.mutationFields((t) => ({
  disputeProtectedIncome: commandMutation(t, {
    description: 'A counsellor with a mandate disputes an official protected income: capacity carries PROTECTED_INCOME_DISPUTED until it is resolved.',
    role: 'COUNSELLOR',
    input: DisputeProtectedIncomeInput,
    household: (input) => recordOf(input.recordId).householdId,
    command: ({ recordId, reason }) => ({ type: 'DisputeProtectedIncome', data: { recordSeq: recordOf(recordId).recordSeq, reason } }),
  }),
  resolveProtectedIncomeDispute: commandMutation(t, {
    role: 'COUNSELLOR',
    input: ResolveProtectedIncomeDisputeInput,
    household: (input) => recordOf(input.recordId).householdId,
    command: ({ recordId, resolution }) => ({ type: 'ResolveProtectedIncomeDispute', data: { recordSeq: recordOf(recordId).recordSeq, resolution } }),
  }),
}));
