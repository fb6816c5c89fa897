import { ERASED, isReadable } from '../domain/personalData.js';
import type { HouseholdEvent } from '../domain/household/events.js';
import { foldStream, type Projection } from './projection.js';

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

/**
 * The timeline as a projection: each event becomes an entry (its revision, who, when, the
 * creditor it concerns, a summary). The creditor of a payment or a measure's end is the one its
 * claim or measure was registered for, so the document keeps those while it folds.
 */
export interface TimelineDocument {
  entries: TimelineEntry[];
  creditorOfClaim: Record<string, string>;
  creditorOfMeasure: Record<string, string>;
}

/** The creditor or partner an event concerns, and the claim or measure it registers for later events. */
function creditorOf(doc: TimelineDocument, event: HouseholdEvent): { creditorId: string | null; claim?: [string, string]; measure?: [string, string] } {
  switch (event.type) {
    case 'ClaimRegistered':
      return { creditorId: event.data.creditorId, claim: [event.data.claimId, event.data.creditorId] };
    case 'CollectionCostsCharged':
    case 'PaymentRecorded':
    case 'ArrangementPaymentRecorded':
      return { creditorId: doc.creditorOfClaim[event.data.claimId] ?? null };
    case 'MeasureRegistered':
      return { creditorId: event.data.creditorId, measure: [event.data.measureId, event.data.creditorId] };
    case 'MeasureEnded':
    case 'MeasureSuspendedByMoratorium':
      return { creditorId: doc.creditorOfMeasure[event.data.measureId] ?? null };
    case 'ArrangementAnswered':
      return { creditorId: event.data.creditorId };
    case 'ArrangementRejected':
      return { creditorId: event.data.rejectedBy };
    case 'SignalReceived':
      return { creditorId: event.data.partnerOrg };
    case 'ComplaintLodged':
      return { creditorId: event.data.againstOrg };
    default:
      return { creditorId: null };
  }
}

function entryOf(revision: number, creditorId: string | null, event: HouseholdEvent): TimelineEntry {
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
}

/** Events of a stream are numbered from 1: an entry's revision is its place in the timeline. */
export const timelineProjection: Projection<TimelineDocument> = {
  name: 'household_timeline',
  version: 1,
  evolve(doc, event) {
    const current = doc ?? { entries: [], creditorOfClaim: {}, creditorOfMeasure: {} };
    const { creditorId, claim, measure } = creditorOf(current, event);
    return {
      entries: [...current.entries, entryOf(current.entries.length + 1, creditorId, event)],
      creditorOfClaim: claim ? { ...current.creditorOfClaim, [claim[0]]: claim[1] } : current.creditorOfClaim,
      creditorOfMeasure: measure ? { ...current.creditorOfMeasure, [measure[0]]: measure[1] } : current.creditorOfMeasure,
    };
  },
  // Many events at once (a whole stream): one document, grown in place while it is private to the fold.
  folder(doc) {
    const current: TimelineDocument = doc
      ? { entries: [...doc.entries], creditorOfClaim: { ...doc.creditorOfClaim }, creditorOfMeasure: { ...doc.creditorOfMeasure } }
      : { entries: [], creditorOfClaim: {}, creditorOfMeasure: {} };
    return {
      add(event) {
        const { creditorId, claim, measure } = creditorOf(current, event);
        if (claim) current.creditorOfClaim[claim[0]] = claim[1];
        if (measure) current.creditorOfMeasure[measure[0]] = measure[1];
        current.entries.push(entryOf(current.entries.length + 1, creditorId, event));
      },
      document: () => current,
    };
  },
};

/** A household's timeline from its events (the whole stream, or the prefix the ledger knew at an instant). */
export function timelineOf(events: readonly HouseholdEvent[]): TimelineEntry[] {
  return foldStream(timelineProjection, events)?.entries ?? [];
}
