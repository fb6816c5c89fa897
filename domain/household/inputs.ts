import { z } from 'zod';
import { isValidBsn } from '../bsn.js';
import { isBusinessDate } from '../dates.js';
import { measureKinds } from '../allocation.js';
import { distributionKeys } from '../arrangement.js';
import { complaintConclusions, complaintNoteKinds } from '../complaints.js';
import { compositions, defaultRole, incomeKinds, isCouple, memberRoles, protectedIncomeSources, type Composition } from '../protectedIncome.js';
import { contactMethods, partnerTypes, signalOutcomes } from '../signals.js';
import { legalErasureRefusalGrounds } from '../personalData.js';

/**
 * What a caller may send, as zod schemas (policy §9: bad input is VALIDATION_FAILED with the
 * field path and reason, and stores nothing). The API validates every input with these; the
 * decider then checks the rules that need the household's state or the clock.
 */

export const LIMITS = {
  id: 100,
  shortText: 200,
  longText: 2_000,
  members: 20,
  claimsPerMeasure: 50,
  relatedEvents: 200,
  /** Any one amount of money (policy §10): €100,000,000.00, so that the largest household still sums safely. */
  money: 10_000_000_000,
  /** A monthly income (policy §10): €1,000,000.00. */
  monthlyIncome: 100_000_000,
} as const;

/**
 * Control characters have no place in a name or a reference, and in free text only the line
 * break does: C0 (U+0000–001F, DEL), C1 (U+0080–009F) and the bidirectional overrides and
 * isolates (U+202A–202E, U+2066–2069), which can make text display other than it is stored
 * (a reversed IBAN, a forged log line).
 */
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const CONTROL_CHARACTERS_BUT_LINE_BREAK = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const noControlCharacters = (s: string) => !CONTROL_CHARACTERS.test(s);
const CONTROL_MESSAGE = 'must not contain control characters (C0, C1, bidirectional overrides)';

export const idSchema = z.string().trim().min(1, 'must not be empty').max(LIMITS.id, `at most ${LIMITS.id} characters`);
export const textSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(LIMITS.shortText, `at most ${LIMITS.shortText} characters`)
  .refine(noControlCharacters, CONTROL_MESSAGE);
export const longTextSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(LIMITS.longText, `at most ${LIMITS.longText} characters`)
  .refine((s) => !CONTROL_CHARACTERS_BUT_LINE_BREAK.test(s), 'must not contain control characters (C0 other than a line break, C1, bidirectional overrides)');
export const dateSchema = z.string().refine(isBusinessDate, 'must be a calendar date yyyy-mm-dd');
/** An amount in cents, at most `max` (a bound in cents, named in euros in the error). */
function amountSchema(min: 0 | 1, max: number) {
  const euros = `€ ${(max / 100).toLocaleString('nl-NL', { minimumFractionDigits: 2 })}`;
  return z
    .number()
    .refine(Number.isSafeInteger, 'must be a whole number of cents')
    .refine((n) => n >= min, min === 0 ? 'must not be negative' : 'must be more than 0')
    .refine((n) => n <= max, `must be at most ${max} cents (${euros})`);
}
export const centsSchema = amountSchema(0, LIMITS.money);
export const positiveCentsSchema = amountSchema(1, LIMITS.money);
export const monthlyIncomeSchema = amountSchema(0, LIMITS.monthlyIncome);
export const bsnSchema = z.string().refine(isValidBsn, 'is not a valid BSN (nine digits passing the elfproef)');

export const memberInputSchema = z.object({
  bsn: bsnSchema,
  name: textSchema,
  birthDate: dateSchema,
  /** Optional: the first member is the debtor, the second of a couple the partner, others children. */
  role: z.enum(memberRoles).nullish(),
});

/** Checks the members a composition names: count, unique BSNs, one debtor, a partner exactly for a couple. */
function checkMembers(composition: Composition, members: ReadonlyArray<z.infer<typeof memberInputSchema>>, ctx: z.RefinementCtx): void {
  const { min, max } = memberCount[composition];
  if (members.length < min || members.length > max) {
    ctx.addIssue({
      code: 'custom',
      path: ['members'],
      message: `${composition} takes ${min === max ? min : `${min} to ${max}`} member(s), got ${members.length}`,
    });
    return; // Roles are only worth checking on a fitting count.
  }
  const seen = new Set<string>();
  members.forEach((m, i) => {
    if (seen.has(m.bsn)) ctx.addIssue({ code: 'custom', path: ['members', i, 'bsn'], message: 'appears twice in this household' });
    seen.add(m.bsn);
  });
  const roles = members.map((m, i) => m.role ?? defaultRole(composition, i));
  const debtors = roles.filter((r) => r === 'DEBTOR').length;
  const partners = roles.filter((r) => r === 'PARTNER').length;
  if (debtors !== 1) ctx.addIssue({ code: 'custom', path: ['members'], message: `names ${debtors} DEBTOR members: exactly one is needed` });
  if (partners !== (isCouple(composition) ? 1 : 0)) {
    ctx.addIssue({ code: 'custom', path: ['members'], message: `${composition} takes ${isCouple(composition) ? 'one PARTNER' : 'no PARTNER'}, got ${partners}` });
  }
}

/** Member counts a composition allows: a single person, a parent with children, a couple. */
const memberCount: Record<(typeof compositions)[number], { min: number; max: number }> = {
  SINGLE: { min: 1, max: 1 },
  SINGLE_PARENT: { min: 2, max: LIMITS.members },
  COUPLE: { min: 2, max: 2 },
  COUPLE_WITH_CHILDREN: { min: 3, max: LIMITS.members },
};

export const registerHouseholdInputSchema = z
  .object({
    commandId: idSchema,
    composition: z.enum(compositions),
    municipality: textSchema,
    members: z.array(memberInputSchema).min(1, 'at least one member').max(LIMITS.members, `at most ${LIMITS.members} members`),
    effectiveOn: dateSchema,
  })
  .superRefine((input, ctx) => checkMembers(input.composition, input.members, ctx));

/** A partner moving in or out, a child born or leaving: the composition from `effectiveOn` on (issue 12). */
export const changeCompositionInputSchema = z
  .object({
    commandId: idSchema,
    householdId: idSchema,
    composition: z.enum(compositions),
    members: z.array(memberInputSchema).min(1, 'at least one member').max(LIMITS.members, `at most ${LIMITS.members} members`),
    effectiveOn: dateSchema,
  })
  .superRefine((input, ctx) => checkMembers(input.composition, input.members, ctx));

export const declareIncomeInputSchema = z.object({
  commandId: idSchema,
  householdId: idSchema,
  memberBsn: bsnSchema,
  kind: z.enum(incomeKinds),
  payer: textSchema,
  netMonthly: monthlyIncomeSchema,
  effectiveOn: dateSchema,
});

export const recordProtectedIncomeInputSchema = z.object({
  commandId: idSchema,
  householdId: idSchema,
  amount: centsSchema,
  source: z.enum(protectedIncomeSources),
  reference: textSchema,
  validFrom: dateSchema,
});

export const registerClaimInputSchema = z
  .object({
    commandId: idSchema,
    householdId: idSchema,
    reference: textSchema,
    description: longTextSchema,
    principal: positiveCentsSchema,
    preferential: z.boolean(),
    consumer: z.boolean(),
    incurredOn: dateSchema,
    /** Optional: the start of default (verzuim), from which statutory interest runs; none without it. */
    interestFrom: dateSchema.nullish().transform((v) => v ?? null),
  })
  .refine((i) => i.interestFrom === null || !isBusinessDate(i.incurredOn) || !isBusinessDate(i.interestFrom) || i.interestFrom >= i.incurredOn, {
    path: ['interestFrom'],
    message: 'must not be before incurredOn',
  });

export const chargeCollectionCostsInputSchema = z
  .object({
    commandId: idSchema,
    claimId: idSchema,
    amount: positiveCentsSchema,
    vatApplies: z.boolean(),
    reminderSentOn: dateSchema,
    /** Optional; without it receipt is presumed on the second day after sending. */
    reminderReceivedOn: dateSchema.nullish().transform((v) => v ?? null),
    /** Optional; claims of one creditor whose costs cite the same reminder share one WIK maximum. */
    reminderReference: textSchema.nullish().transform((v) => v ?? null),
    chargedOn: dateSchema,
  })
  .refine((i) => !(isBusinessDate(i.reminderSentOn) && isBusinessDate(i.chargedOn)) || i.chargedOn >= i.reminderSentOn, {
    path: ['chargedOn'],
    message: 'must not be before reminderSentOn',
  })
  .refine((i) => i.reminderReceivedOn === null || !isBusinessDate(i.reminderSentOn) || !isBusinessDate(i.reminderReceivedOn) || i.reminderReceivedOn >= i.reminderSentOn, {
    path: ['reminderReceivedOn'],
    message: 'must not be before reminderSentOn',
  });

export const recordPaymentInputSchema = z.object({
  commandId: idSchema,
  claimId: idSchema,
  amount: positiveCentsSchema,
  paidOn: dateSchema,
});

export type MemberInput = z.infer<typeof memberInputSchema>;
export type RegisterHouseholdInput = z.infer<typeof registerHouseholdInputSchema>;
export type ChangeCompositionInput = z.infer<typeof changeCompositionInputSchema>;
export type DeclareIncomeInput = z.infer<typeof declareIncomeInputSchema>;
export type RecordProtectedIncomeInput = z.infer<typeof recordProtectedIncomeInputSchema>;
export type RegisterClaimInput = z.infer<typeof registerClaimInputSchema>;
export type ChargeCollectionCostsInput = z.infer<typeof chargeCollectionCostsInputSchema>;
export type RecordPaymentInput = z.infer<typeof recordPaymentInputSchema>;

const optionalDate = dateSchema.nullish().transform((v) => v ?? null);

export const registerMeasureInputSchema = z
  .object({
    commandId: idSchema,
    householdId: idSchema,
    kind: z.enum(measureKinds),
    claimIds: z.array(idSchema).min(1, 'at least one claim').max(LIMITS.claimsPerMeasure, `at most ${LIMITS.claimsPerMeasure} claims`),
    monthlyAmount: positiveCentsSchema.nullish().transform((v) => v ?? null),
    startsOn: dateSchema,
    endsOn: optionalDate,
  })
  .superRefine((input, ctx) => {
    if (input.kind !== 'GARNISHMENT' && input.monthlyAmount === null) {
      ctx.addIssue({ code: 'custom', path: ['monthlyAmount'], message: `is required for ${input.kind}` });
    }
    if (input.endsOn !== null && isBusinessDate(input.startsOn) && input.endsOn < input.startsOn) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'must not be before startsOn' });
    }
    if (new Set(input.claimIds).size !== input.claimIds.length) {
      ctx.addIssue({ code: 'custom', path: ['claimIds'], message: 'names a claim twice' });
    }
  });

export const endMeasureInputSchema = z.object({
  commandId: idSchema,
  measureId: idSchema,
  endsOn: dateSchema,
  reason: textSchema,
});

export const startMoratoriumInputSchema = z
  .object({
    commandId: idSchema,
    householdId: idSchema,
    startsOn: dateSchema,
    endsOn: dateSchema,
    reason: longTextSchema,
  })
  .refine((i) => !(isBusinessDate(i.startsOn) && isBusinessDate(i.endsOn)) || i.endsOn >= i.startsOn, {
    path: ['endsOn'],
    message: 'must not be before startsOn',
  });

export const endMoratoriumInputSchema = z.object({
  commandId: idSchema,
  moratoriumId: idSchema,
  endsOn: dateSchema,
  reason: textSchema,
});

export const proposeArrangementInputSchema = z.object({
  commandId: idSchema,
  householdId: idSchema,
  monthlyCapacity: positiveCentsSchema,
  termMonths: z.number().int('must be whole months').min(1).max(120).nullish().transform((v) => v ?? null),
  termReason: longTextSchema.nullish().transform((v) => v ?? null),
  key: z.enum(distributionKeys).nullish().transform((v) => v ?? null),
  startsOn: dateSchema,
});

export const answerArrangementInputSchema = z.object({
  commandId: idSchema,
  arrangementId: idSchema,
  answer: z.enum(['ACCEPT', 'REJECT']),
});

export const recordArrangementPaymentInputSchema = z.object({
  commandId: idSchema,
  arrangementId: idSchema,
  claimId: idSchema,
  amount: positiveCentsSchema,
  paidOn: dateSchema,
});

export const completeArrangementInputSchema = z.object({
  commandId: idSchema,
  arrangementId: idSchema,
  completedOn: dateSchema,
});

export const failArrangementInputSchema = z.object({
  commandId: idSchema,
  arrangementId: idSchema,
  reason: longTextSchema,
  failedOn: dateSchema,
});

export type RegisterMeasureInput = z.infer<typeof registerMeasureInputSchema>;
export type EndMeasureInput = z.infer<typeof endMeasureInputSchema>;
export type StartMoratoriumInput = z.infer<typeof startMoratoriumInputSchema>;
export type EndMoratoriumInput = z.infer<typeof endMoratoriumInputSchema>;
export type ProposeArrangementInput = z.infer<typeof proposeArrangementInputSchema>;
export type AnswerArrangementInput = z.infer<typeof answerArrangementInputSchema>;
export type RecordArrangementPaymentInput = z.infer<typeof recordArrangementPaymentInputSchema>;
export type CompleteArrangementInput = z.infer<typeof completeArrangementInputSchema>;
export type FailArrangementInput = z.infer<typeof failArrangementInputSchema>;

export const sendSignalInputSchema = z.object({
  commandId: idSchema,
  householdId: idSchema,
  partnerType: z.enum(partnerTypes),
  amount: positiveCentsSchema,
  arrearsSince: dateSchema,
  threatening: z.boolean(),
});

export const recordContactAttemptInputSchema = z.object({
  commandId: idSchema,
  signalId: idSchema,
  method: z.enum(contactMethods),
  reached: z.boolean(),
  attemptedOn: dateSchema,
});

export const closeSignalInputSchema = z.object({
  commandId: idSchema,
  signalId: idSchema,
  outcome: z.enum(signalOutcomes),
  closedOn: dateSchema,
});

const revisionsSchema = z
  .array(z.number().int().positive())
  .max(LIMITS.relatedEvents, `at most ${LIMITS.relatedEvents} events`)
  .nullish()
  .transform((v) => v ?? []);

export const lodgeComplaintInputSchema = z.object({
  commandId: idSchema,
  householdId: idSchema,
  againstOrg: idSchema,
  subject: textSchema,
  text: longTextSchema,
  relatedRevisions: revisionsSchema,
});

export const recordComplaintNoteInputSchema = z.object({
  commandId: idSchema,
  complaintId: idSchema,
  kind: z.enum(complaintNoteKinds),
  text: longTextSchema,
  relatedRevisions: revisionsSchema,
});

export const closeComplaintInputSchema = z.object({
  commandId: idSchema,
  complaintId: idSchema,
  conclusion: z.enum(complaintConclusions),
  text: longTextSchema,
});

export type SendSignalInput = z.infer<typeof sendSignalInputSchema>;
export type RecordContactAttemptInput = z.infer<typeof recordContactAttemptInputSchema>;
export type CloseSignalInput = z.infer<typeof closeSignalInputSchema>;
export type LodgeComplaintInput = z.infer<typeof lodgeComplaintInputSchema>;
export type RecordComplaintNoteInput = z.infer<typeof recordComplaintNoteInputSchema>;
export type CloseComplaintInput = z.infer<typeof closeComplaintInputSchema>;

export const grantMandateInputSchema = z
  .object({
    commandId: idSchema,
    householdId: idSchema,
    counsellorOrg: idSchema,
    startsOn: dateSchema,
    endsOn: optionalDate,
  })
  .refine((i) => i.endsOn === null || !isBusinessDate(i.startsOn) || i.endsOn >= i.startsOn, { path: ['endsOn'], message: 'must not be before startsOn' });

export const revokeMandateInputSchema = z.object({
  commandId: idSchema,
  householdId: idSchema,
  counsellorOrg: idSchema,
});

export const eraseHouseholdInputSchema = z
  .object({
    commandId: idSchema,
    householdId: idSchema,
    decision: z.enum(['ERASE', 'REFUSE']),
    /** The lawful basis of the request, e.g. "AVG art. 17(1)(a)". */
    legalGround: textSchema,
    refusalGround: z.enum(legalErasureRefusalGrounds).nullish().transform((v) => v ?? null),
    explanation: longTextSchema.nullish().transform((v) => v ?? null),
    reference: textSchema,
  })
  .superRefine((i, ctx) => {
    if (i.decision === 'REFUSE' && i.refusalGround === null) {
      ctx.addIssue({ code: 'custom', path: ['refusalGround'], message: 'a refusal needs its ground: ART_17_3_B or ART_17_3_E' });
    }
    if (i.decision === 'REFUSE' && i.explanation === null) {
      ctx.addIssue({ code: 'custom', path: ['explanation'], message: 'a refusal needs an explanation' });
    }
  });

export type GrantMandateInput = z.infer<typeof grantMandateInputSchema>;
export type RevokeMandateInput = z.infer<typeof revokeMandateInputSchema>;
export type EraseHouseholdInput = z.infer<typeof eraseHouseholdInputSchema>;

/** A counsellor asks a creditor for its claims on the household (how the debt overview is gathered). */
export const requestClaimStatementInputSchema = z.object({
  commandId: idSchema,
  householdId: idSchema,
  creditorOrg: idSchema,
  dueOn: dateSchema,
});

/** A counsellor disputes an official protected income (e.g. the wrong household composition). */
export const disputeProtectedIncomeInputSchema = z.object({
  commandId: idSchema,
  recordId: idSchema,
  reason: longTextSchema,
});

export const resolveProtectedIncomeDisputeInputSchema = z.object({
  commandId: idSchema,
  recordId: idSchema,
  resolution: longTextSchema,
});

export type RequestClaimStatementInput = z.infer<typeof requestClaimStatementInputSchema>;
export type DisputeProtectedIncomeInput = z.infer<typeof disputeProtectedIncomeInputSchema>;
export type ResolveProtectedIncomeDisputeInput = z.infer<typeof resolveProtectedIncomeDisputeInputSchema>;
