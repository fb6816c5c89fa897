import { z } from 'zod';
import { roles } from '../actors.js';
import { isBusinessDate, isInstant } from '../dates.js';
import { measureKinds } from '../allocation.js';
import { distributionKeys } from '../arrangement.js';
import { compositions, defaultRole, incomeKinds, memberRoles, protectedIncomeSources } from '../protectedIncome.js';
import { contactMethods, partnerTypes, signalOutcomes } from '../signals.js';
import { ERASED, legalErasureRefusalGrounds, SEALED_PREFIX } from '../personalData.js';
import { complaintConclusions, complaintNoteKinds } from '../complaints.js';

/**
 * The household stream's events: past-tense facts, versioned by `v`, validated with zod where
 * they are read back from a store. Old versions are upcast in `parseHouseholdEvent` only.
 */

const date = z.string().refine(isBusinessDate, 'must be a calendar date yyyy-mm-dd');
const cents = z.number().int().nonnegative();

export const eventMetaSchema = z.object({
  org: z.string().min(1),
  role: z.enum(roles),
  sub: z.string().min(1),
  commandId: z.string().min(1),
  correlationId: z.string().min(1),
  recordedAt: z.string().refine(isInstant, 'must be an ISO-8601 instant'),
  effectiveOn: date.optional(),
  /** The command that caused the event and a hash of its canonical payload (absent before 4 December 2026). */
  commandType: z.string().min(1).optional(),
  payloadHash: z.string().min(1).optional(),
});
export type EventMeta = z.infer<typeof eventMetaSchema>;
/** Meta of an event that states a fact about a date. */
const datedMeta = eventMetaSchema.extend({ effectiveOn: date });
export type DatedEventMeta = z.infer<typeof datedMeta>;

/** Personal values are plain, sealed by the store, or erased (domain/personalData.ts). */
const personal = (plain: z.ZodType<string>) => z.union([plain, z.string().startsWith(SEALED_PREFIX), z.literal(ERASED)]);

export const memberSchema = z.object({
  memberId: z.string().min(1),
  bsn: personal(z.string().regex(/^\d{9}$/)),
  name: z.string().min(1),
  birthDate: personal(date),
  /**
   * Keyed hash of the BSN: only in events written before the BSN index left the log (issue 11);
   * still read, never written (the index is infra/households.ts).
   */
  bsnHash: z.string().min(1).optional(),
});

const householdRegisteredV1 = z.object({
  type: z.literal('HouseholdRegistered'),
  v: z.literal(1),
  data: z.object({
    householdId: z.string().min(1),
    composition: z.enum(compositions),
    municipality: z.string().min(1),
    members: z.array(memberSchema).min(1),
  }),
  meta: datedMeta,
});

/** A member with its role in the household (issue 12). */
export const memberWithRoleSchema = memberSchema.extend({ role: z.enum(memberRoles) });

/** v2 (issue 12): each member carries its role. */
const householdRegistered = z.object({
  type: z.literal('HouseholdRegistered'),
  v: z.literal(2),
  data: householdRegisteredV1.shape.data.extend({ members: z.array(memberWithRoleSchema).min(1) }),
  meta: datedMeta,
});

/** Who lives in the household from `effectiveOn` on: a partner moving in or out (issue 12). */
const compositionChanged = z.object({
  type: z.literal('CompositionChanged'),
  v: z.literal(1),
  data: z.object({
    composition: z.enum(compositions),
    members: z.array(memberWithRoleSchema).min(1),
  }),
  meta: datedMeta,
});

const incomeDeclared = z.object({
  type: z.literal('IncomeDeclared'),
  v: z.literal(1),
  data: z.object({
    memberId: z.string().min(1),
    kind: z.enum(incomeKinds),
    payer: z.string().min(1),
    netMonthly: cents,
  }),
  meta: datedMeta,
});

const protectedIncomeRecorded = z.object({
  type: z.literal('ProtectedIncomeRecorded'),
  v: z.literal(1),
  data: z.object({
    amount: cents,
    source: z.enum(protectedIncomeSources),
    reference: z.string().min(1),
  }),
  meta: datedMeta,
});

const claimRegisteredV1 = z.object({
  type: z.literal('ClaimRegistered'),
  v: z.literal(1),
  data: z.object({
    claimId: z.string().min(1),
    creditorId: z.string().min(1),
    reference: z.string().min(1),
    description: z.string().min(1),
    principal: cents,
    preferential: z.boolean(),
    consumer: z.boolean(),
  }),
  meta: datedMeta,
});

/** v2 (issue 12 item 9): the start of default, from which statutory interest runs; null for none. */
const claimRegistered = z.object({
  type: z.literal('ClaimRegistered'),
  v: z.literal(2),
  data: claimRegisteredV1.shape.data.extend({ interestFrom: date.nullable() }),
  meta: datedMeta,
});

const collectionCostsChargedV1 = z.object({
  type: z.literal('CollectionCostsCharged'),
  v: z.literal(1),
  data: z.object({
    claimId: z.string().min(1),
    amount: cents,
    vatApplies: z.boolean(),
    reminderSentOn: date,
  }),
  meta: datedMeta,
});

/** v2 (issue 12): the reminder's receipt date and the reminder it cites, when the creditor gave them. */
const collectionCostsCharged = z.object({
  type: z.literal('CollectionCostsCharged'),
  v: z.literal(2),
  data: collectionCostsChargedV1.shape.data.extend({
    reminderReceivedOn: date.nullable(),
    reminderReference: z.string().min(1).nullable(),
  }),
  meta: datedMeta,
});

const paymentRecorded = z.object({
  type: z.literal('PaymentRecorded'),
  v: z.literal(1),
  data: z.object({
    claimId: z.string().min(1),
    amount: cents,
  }),
  meta: datedMeta,
});

const measureRegistered = z.object({
  type: z.literal('MeasureRegistered'),
  v: z.literal(1),
  data: z.object({
    measureId: z.string().min(1),
    creditorId: z.string().min(1),
    kind: z.enum(measureKinds),
    claimIds: z.array(z.string().min(1)).min(1),
    monthlyAmount: cents,
    preferential: z.boolean(),
    endsOn: date.nullable(),
  }),
  meta: datedMeta,
});

/** A measure lifted or ended: `effectiveOn` is the last day it applies. */
const measureEnded = z.object({
  type: z.literal('MeasureEnded'),
  v: z.literal(1),
  data: z.object({ measureId: z.string().min(1), reason: z.string().min(1) }),
  meta: datedMeta,
});

/**
 * A measure whose start lies inside a moratorium recorded after it (issue 12): it never took
 * effect, so it ends the day before it starts; the creditor is not blamed for it.
 */
const measureSuspendedByMoratorium = z.object({
  type: z.literal('MeasureSuspendedByMoratorium'),
  v: z.literal(1),
  data: z.object({ measureId: z.string().min(1), moratoriumId: z.string().min(1) }),
  meta: datedMeta,
});

const moratoriumStarted = z.object({
  type: z.literal('MoratoriumStarted'),
  v: z.literal(1),
  data: z.object({ moratoriumId: z.string().min(1), endsOn: date, reason: z.string().min(1) }),
  meta: datedMeta,
});

/** Ended early: `effectiveOn` is the new last day. */
const moratoriumEnded = z.object({
  type: z.literal('MoratoriumEnded'),
  v: z.literal(1),
  data: z.object({ moratoriumId: z.string().min(1), reason: z.string().min(1) }),
  meta: datedMeta,
});

export const offerLineSchema = z.object({
  claimId: z.string().min(1),
  creditorId: z.string().min(1),
  outstanding: cents,
  percentage: z.number().min(0).max(100),
  amount: cents,
});

const arrangementProposed = z.object({
  type: z.literal('ArrangementProposed'),
  v: z.literal(1),
  data: z.object({
    arrangementId: z.string().min(1),
    monthlyCapacity: cents,
    termMonths: z.number().int().positive(),
    termReason: z.string().min(1).nullable(),
    key: z.enum(distributionKeys),
    total: cents,
    offers: z.array(offerLineSchema).min(1),
  }),
  meta: datedMeta,
});

const arrangementAnswered = z.object({
  type: z.literal('ArrangementAnswered'),
  v: z.literal(1),
  data: z.object({ arrangementId: z.string().min(1), creditorId: z.string().min(1), answer: z.enum(['ACCEPT', 'REJECT']) }),
  meta: datedMeta,
});

const arrangementActivated = z.object({
  type: z.literal('ArrangementActivated'),
  v: z.literal(1),
  data: z.object({ arrangementId: z.string().min(1) }),
  meta: datedMeta,
});

const arrangementRejected = z.object({
  type: z.literal('ArrangementRejected'),
  v: z.literal(1),
  data: z.object({ arrangementId: z.string().min(1), rejectedBy: z.string().min(1) }),
  meta: datedMeta,
});

const arrangementPaymentRecorded = z.object({
  type: z.literal('ArrangementPaymentRecorded'),
  v: z.literal(1),
  data: z.object({ arrangementId: z.string().min(1), claimId: z.string().min(1), amount: cents }),
  meta: datedMeta,
});

/** Finale kwijting: what remains of each claim is written off. */
const arrangementCompleted = z.object({
  type: z.literal('ArrangementCompleted'),
  v: z.literal(1),
  data: z.object({
    arrangementId: z.string().min(1),
    writeOffs: z.array(z.object({ claimId: z.string().min(1), amount: cents })),
  }),
  meta: datedMeta,
});

const arrangementFailed = z.object({
  type: z.literal('ArrangementFailed'),
  v: z.literal(1),
  data: z.object({ arrangementId: z.string().min(1), reason: z.string().min(1) }),
  meta: datedMeta,
});

const signalReceived = z.object({
  type: z.literal('SignalReceived'),
  v: z.literal(1),
  data: z.object({
    signalId: z.string().min(1),
    partnerOrg: z.string().min(1),
    partnerType: z.enum(partnerTypes),
    amount: cents,
    arrearsSince: date,
    threatening: z.boolean(),
    deadline: date,
  }),
  meta: datedMeta,
});

const contactAttemptRecorded = z.object({
  type: z.literal('ContactAttemptRecorded'),
  v: z.literal(1),
  data: z.object({ signalId: z.string().min(1), method: z.enum(contactMethods), reached: z.boolean() }),
  meta: datedMeta,
});

const signalClosed = z.object({
  type: z.literal('SignalClosed'),
  v: z.literal(1),
  data: z.object({ signalId: z.string().min(1), outcome: z.enum(signalOutcomes) }),
  meta: datedMeta,
});

const complaintLodged = z.object({
  type: z.literal('ComplaintLodged'),
  v: z.literal(1),
  data: z.object({
    complaintId: z.string().min(1),
    againstOrg: z.string().min(1),
    subject: z.string().min(1),
    text: z.string().min(1),
    relatedRevisions: z.array(z.number().int().positive()),
  }),
  meta: datedMeta,
});

const complaintNoteRecorded = z.object({
  type: z.literal('ComplaintNoteRecorded'),
  v: z.literal(1),
  data: z.object({
    complaintId: z.string().min(1),
    kind: z.enum(complaintNoteKinds),
    text: z.string().min(1),
    relatedRevisions: z.array(z.number().int().positive()),
  }),
  meta: datedMeta,
});

const complaintClosed = z.object({
  type: z.literal('ComplaintClosed'),
  v: z.literal(1),
  data: z.object({ complaintId: z.string().min(1), conclusion: z.enum(complaintConclusions), text: z.string().min(1) }),
  meta: datedMeta,
});

const mandateGranted = z.object({
  type: z.literal('MandateGranted'),
  v: z.literal(1),
  data: z.object({ counsellorOrg: z.string().min(1), endsOn: date.nullable() }),
  meta: datedMeta,
});

/** Revocation takes effect at once, for every mandate of that organisation. */
const mandateRevoked = z.object({
  type: z.literal('MandateRevoked'),
  v: z.literal(1),
  data: z.object({ counsellorOrg: z.string().min(1) }),
  meta: datedMeta,
});

/** Recorded before the household's key is deleted: from here on its personal data is gone. */
const personalDataErased = z.object({
  type: z.literal('PersonalDataErased'),
  v: z.literal(1),
  data: z.object({ legalGround: z.string().min(1), reference: z.string().min(1) }),
  meta: datedMeta,
});

const erasureRefused = z.object({
  type: z.literal('ErasureRefused'),
  v: z.literal(1),
  data: z.object({ refusalGround: z.enum(legalErasureRefusalGrounds), explanation: z.string().min(1), reference: z.string().min(1) }),
  meta: datedMeta,
});

/** A counsellor asked a creditor for its claims: from now on that creditor may register claims here. */
const claimStatementRequested = z.object({
  type: z.literal('ClaimStatementRequested'),
  v: z.literal(1),
  data: z.object({ requestId: z.string().min(1), creditorOrg: z.string().min(1), dueOn: date }),
  meta: datedMeta,
});
/** `recordSeq`: the revision at which the disputed ProtectedIncomeRecorded event stands. */
const protectedIncomeDisputed = z.object({
  type: z.literal('ProtectedIncomeDisputed'),
  v: z.literal(1),
  data: z.object({ recordSeq: z.number().int().positive(), reason: z.string().min(1) }),
  meta: datedMeta,
});
const protectedIncomeDisputeResolved = z.object({
  type: z.literal('ProtectedIncomeDisputeResolved'),
  v: z.literal(1),
  data: z.object({ recordSeq: z.number().int().positive(), resolution: z.string().min(1) }),
  meta: datedMeta,
});

export const householdEventSchema = z.discriminatedUnion('type', [
  claimStatementRequested,
  protectedIncomeDisputed,
  protectedIncomeDisputeResolved,
  mandateGranted,
  mandateRevoked,
  personalDataErased,
  erasureRefused,
  signalReceived,
  contactAttemptRecorded,
  signalClosed,
  complaintLodged,
  complaintNoteRecorded,
  complaintClosed,
  householdRegistered,
  compositionChanged,
  incomeDeclared,
  protectedIncomeRecorded,
  claimRegistered,
  collectionCostsCharged,
  paymentRecorded,
  measureRegistered,
  measureEnded,
  measureSuspendedByMoratorium,
  moratoriumStarted,
  moratoriumEnded,
  arrangementProposed,
  arrangementAnswered,
  arrangementActivated,
  arrangementRejected,
  arrangementPaymentRecorded,
  arrangementCompleted,
  arrangementFailed,
]);

export type HouseholdEvent = z.infer<typeof householdEventSchema>;
export type HouseholdEventType = HouseholdEvent['type'];
export type EventOfType<T extends HouseholdEventType> = Extract<HouseholdEvent, { type: T }>;

interface RawEvent {
  type: string;
  v: number;
  data: unknown;
  meta: unknown;
}

/**
 * Upcasters, keyed `type@v`: each validates an old version and returns it one version up. What
 * an old event did not say is stated as the rule that applied when it was written.
 */
const upcasters: Record<string, (raw: RawEvent) => RawEvent> = {
  'HouseholdRegistered@1': (raw) => {
    const old = householdRegisteredV1.parse(raw);
    const members = old.data.members.map((m, i) => ({ ...m, role: defaultRole(old.data.composition, i) }));
    return { ...old, v: 2, data: { ...old.data, members } };
  },
  'ClaimRegistered@1': (raw) => {
    const old = claimRegisteredV1.parse(raw);
    return { ...old, v: 2, data: { ...old.data, interestFrom: null } };
  },
  'CollectionCostsCharged@1': (raw) => {
    const old = collectionCostsChargedV1.parse(raw);
    return { ...old, v: 2, data: { ...old.data, reminderReceivedOn: null, reminderReference: null } };
  },
};

/** Brings an event of any known version to the current one (the one place that knows old versions). */
export function upcastHouseholdEvent(raw: RawEvent): RawEvent {
  let current = raw;
  for (let up = upcasters[`${current.type}@${current.v}`]; up !== undefined; up = upcasters[`${current.type}@${current.v}`]) {
    current = up(current);
  }
  return current;
}

/** Reads an event back from storage: old versions are upcast, then validated; anything else is refused. */
export function parseHouseholdEvent(raw: RawEvent): HouseholdEvent {
  return householdEventSchema.parse(upcastHouseholdEvent(raw));
}
