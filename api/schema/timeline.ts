import { cursorToOffset, resolveArrayConnection } from '@pothos/plugin-relay';
import { z } from 'zod';
import { ERASED, isReadable } from '../../domain/personalData.js';
import { parseHouseholdEvent, type HouseholdEvent } from '../../domain/household/events.js';
import type { Ledger } from '../../infra/ledger.js';
import { householdStream } from '../../infra/streams.js';
import { seesAll, seesItem, type Viewer } from '../access.js';
import { builder } from '../builder.js';
import { apiError } from '../errors.js';
import { auditRead } from './audit.js';
import { Household, seenBy } from './household.js';

/** One event of a household's history, as the timeline shows it (personal text only while it can be read). */
export interface TimelineEntry {
  revision: number;
  type: HouseholdEvent['type'];
  organisation: string;
  role: string;
  recordedAt: string;
  effectiveOn: string;
  /** The creditor or partner the event concerns, where it concerns one. */
  creditorId: string | null;
  summary: string;
}

const EUROS = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });

/** Cents as people read them in a summary: 100000 → "€ 1.000,00". */
function euros(cents: number): string {
  return EUROS.format(cents / 100).replace(/\u00a0/g, ' ');
}

function summary(event: HouseholdEvent): string {
  switch (event.type) {
    case 'HouseholdRegistered':
      return `Household registered: ${event.data.composition}, ${event.data.municipality}, ${event.data.members.length} member(s)`;
    case 'CompositionChanged':
      return `Composition changed: ${event.data.composition}, ${event.data.members.length} member(s)`;
    case 'IncomeDeclared':
      return `Income declared: ${event.data.kind} from ${shown(event.data.payer)}, ${euros(event.data.netMonthly)} net a month`;
    case 'ProtectedIncomeRecorded':
      return `Official protected income recorded: ${euros(event.data.amount)} (${event.data.source}, ${shown(event.data.reference)})`;
    case 'ClaimRegistered':
      return `Claim ${shown(event.data.reference)} registered: principal ${euros(event.data.principal)}${event.data.preferential ? ', preferential' : ''}`;
    case 'CollectionCostsCharged':
      return `Collection costs charged: ${euros(event.data.amount)} (reminder ${event.data.reminderSentOn})`;
    case 'PaymentRecorded':
      return `Payment recorded: ${euros(event.data.amount)}`;
    case 'MeasureRegistered':
      return `${event.data.kind} registered${event.data.kind === 'GARNISHMENT' ? '' : `: ${euros(event.data.monthlyAmount)} a month`}`;
    case 'MeasureSuspendedByMoratorium':
      return `Measure suspended: it starts inside moratorium ${event.data.moratoriumId}, recorded after it`;
    case 'MeasureEnded':
      return `Measure ended: ${shown(event.data.reason)}`;
    case 'MoratoriumStarted':
      return `Moratorium until ${event.data.endsOn}: ${shown(event.data.reason)}`;
    case 'MoratoriumEnded':
      return `Moratorium ended early: ${shown(event.data.reason)}`;
    case 'ArrangementProposed':
      return `Debt arrangement proposed: ${euros(event.data.total)} over ${event.data.termMonths} months (${event.data.key})`;
    case 'ArrangementAnswered':
      return `Arrangement answered: ${event.data.answer}`;
    case 'ArrangementActivated':
      return 'Debt arrangement active';
    case 'ArrangementRejected':
      return 'Debt arrangement rejected';
    case 'ArrangementPaymentRecorded':
      return `Arrangement payment: ${euros(event.data.amount)}`;
    case 'ArrangementCompleted':
      return `Debt arrangement completed; ${euros(event.data.writeOffs.reduce((s, w) => s + w.amount, 0))} written off`;
    case 'ArrangementFailed':
      return `Debt arrangement failed: ${shown(event.data.reason)}`;
    case 'SignalReceived':
      return `Arrears signal (${event.data.partnerType}): ${euros(event.data.amount)} since ${event.data.arrearsSince}${event.data.threatening ? ', threatening' : ''}`;
    case 'ContactAttemptRecorded':
      return `Contact attempt by ${event.data.method}: ${event.data.reached ? 'reached' : 'not reached'}`;
    case 'SignalClosed':
      return `Signal closed: ${event.data.outcome}`;
    case 'ComplaintLodged':
      return `Complaint lodged against ${event.data.againstOrg}: ${shown(event.data.subject)}`;
    case 'ComplaintNoteRecorded':
      return `Ombudsman ${event.data.kind.toLowerCase()} recorded`;
    case 'ComplaintClosed':
      return `Complaint closed: ${event.data.conclusion}`;
    case 'MandateGranted':
      return `Mandate granted to ${event.data.counsellorOrg}${event.data.endsOn ? ` until ${event.data.endsOn}` : ''}`;
    case 'MandateRevoked':
      return `Mandate of ${event.data.counsellorOrg} revoked`;
    case 'ClaimStatementRequested':
      return `Claim statement requested from ${event.data.creditorOrg}, due ${event.data.dueOn}`;
    case 'ProtectedIncomeDisputed':
      return `Official protected income (revision ${event.data.recordSeq}) disputed: ${shown(event.data.reason)}`;
    case 'ProtectedIncomeDisputeResolved':
      return `Dispute of the official protected income (revision ${event.data.recordSeq}) resolved: ${shown(event.data.resolution)}`;
    case 'PersonalDataErased':
      return `Personal data erased (${event.data.legalGround}, ${event.data.reference})`;
    case 'ErasureRefused':
      return `Erasure refused under GDPR ${event.data.refusalGround === 'ART_17_3_B' ? 'art. 17(3)(b)' : 'art. 17(3)(e)'} (${event.data.reference})`;
  }
}

/** Personal text shows only while it can be read. */
function shown(value: string): string {
  return isReadable(value) ? value : ERASED;
}

/** The household's events as timeline entries, each with the creditor it concerns. */
export function timelineOf(events: ReadonlyArray<{ revision: number; event: HouseholdEvent }>): TimelineEntry[] {
  const claimCreditor = new Map<string, string>();
  const measureCreditor = new Map<string, string>();
  return events.map(({ revision, event }) => {
    let creditorId: string | null = null;
    switch (event.type) {
      case 'ClaimRegistered':
        claimCreditor.set(event.data.claimId, event.data.creditorId);
        creditorId = event.data.creditorId;
        break;
      case 'CollectionCostsCharged':
      case 'PaymentRecorded':
      case 'ArrangementPaymentRecorded':
        creditorId = claimCreditor.get(event.data.claimId) ?? null;
        break;
      case 'MeasureRegistered':
        measureCreditor.set(event.data.measureId, event.data.creditorId);
        creditorId = event.data.creditorId;
        break;
      case 'MeasureEnded':
      case 'MeasureSuspendedByMoratorium':
        creditorId = measureCreditor.get(event.data.measureId) ?? null;
        break;
      case 'ArrangementAnswered':
        creditorId = event.data.creditorId;
        break;
      case 'ArrangementRejected':
        creditorId = event.data.rejectedBy;
        break;
      case 'SignalReceived':
        creditorId = event.data.partnerOrg;
        break;
      case 'ComplaintLodged':
        creditorId = event.data.againstOrg;
        break;
      default:
        break;
    }
    return {
      revision,
      type: event.type,
      organisation: event.meta.org,
      role: event.meta.role,
      recordedAt: event.meta.recordedAt,
      effectiveOn: event.meta.effectiveOn,
      creditorId,
      summary: summary(event),
    };
  });
}

/** A cursor this list handed out (an offset cursor): anything else is bad input, not an internal error. */
function checkCursor(name: 'after' | 'before', cursor: string | null | undefined): void {
  if (cursor == null) return;
  let offset = Number.NaN;
  try {
    offset = cursorToOffset(cursor);
  } catch {
    // Not one of ours: refused below.
  }
  if (!Number.isSafeInteger(offset) || offset < 0 || !/^[A-Za-z0-9+/=_-]+$/.test(cursor)) {
    throw apiError('VALIDATION_FAILED', `Invalid input: ${name}: is not a cursor of this list`, {
      issues: [{ path: name, reason: 'is not a cursor of this list' }],
    });
  }
}

/** A household's numbered events as the ledger knew them (now, or at `asOf`). */
export async function numberedEvents(ledger: Ledger, householdId: string, asOf: string | null) {
  const recorded = await ledger.store.readStream(householdStream(householdId), asOf ? { recordedUpTo: asOf } : {});
  return recorded.map((r) => ({ revision: r.revision, event: parseHouseholdEvent(r) }));
}

/**
 * An event the viewer sees on the timeline: one of its own (it recorded it, or it concerns it)
 * where the viewer sees only its own; a complaint's events only for who sees complaints.
 */
export function visibleTo(viewer: Viewer, entry: TimelineEntry): boolean {
  if (entry.type.startsWith('Complaint') && !seesAll(viewer, 'complaints')) return false;
  return seesItem(viewer, 'timeline', [entry.organisation, entry.creditorId]);
}

export const TimelineEvent = builder.objectRef<TimelineEntry>('TimelineEvent').implement({
  description: 'One event of the household stream, with who recorded it and the two time axes.',
  fields: (t) => ({
    revision: t.exposeInt('revision'),
    type: t.exposeString('type'),
    organisation: t.exposeString('organisation', { description: 'The acting organisation.' }),
    role: t.exposeString('role', { description: 'The acting role.' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime', description: 'When the ledger stored it.' }),
    effectiveOn: t.expose('effectiveOn', { type: 'Date', description: 'The business date it is about.' }),
    creditorId: t.exposeID('creditorId', { nullable: true, description: 'The creditor or partner it concerns.' }),
    summary: t.exposeString('summary'),
  }),
});

builder.objectField(Household, 'timeline', (t) =>
  t.connection({
    type: TimelineEvent,
    description: 'Every event of the household, oldest first; filter by creditor and by event type.',
    args: {
      creditorId: t.arg.id({ required: false }),
      kinds: t.arg.stringList({ required: false, validate: z.array(z.string().min(1).max(60)).max(30) }),
    },
    resolve: async (view, args, ctx) => {
      const viewer = seenBy(view);
      const kinds = args.kinds ? new Set(args.kinds) : null;
      checkCursor('after', args.after);
      checkCursor('before', args.before);
      await auditRead(view, ctx, 'timeline');
      const entries = timelineOf(await numberedEvents(ctx.ledger, view.overview.householdId, view.asOf))
        .filter((e) => visibleTo(viewer, e))
        .filter((e) => !args.creditorId || e.creditorId === args.creditorId || e.organisation === args.creditorId)
        .filter((e) => kinds === null || kinds.has(e.type));
      return resolveArrayConnection({ args, defaultSize: 50, maxSize: 500 }, entries);
    },
  }),
);
