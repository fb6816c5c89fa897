import type { Actor } from '../actors.js';
import type { MeasureFacts } from '../allocation.js';
import type { DistributionKey, OfferLine } from '../arrangement.js';
import type { CollectionFacts, MoratoriumFacts } from '../capacity.js';
import { type ClaimFacts, outstanding } from '../claims.js';
import type { ComplaintFacts } from '../complaints.js';
import { businessDateAt, type BusinessDate } from '../dates.js';
import type { Mandate } from '../mandates.js';
import type { Cents } from '../money.js';
import { ERASED } from '../personalData.js';
import type { Composition, CompositionPeriod, IncomeDeclaration, MemberRole, ProtectedIncomeRecord } from '../protectedIncome.js';
import { LayeredMap } from '../layeredMap.js';
import type { SignalFacts } from '../signals.js';
import type { EventMeta, HouseholdEvent } from './events.js';

/**
 * The household state the decider decides on, and `evolve`, which folds one event into it.
 */
export interface MemberState {
  memberId: string;
  bsn: string;
  name: string;
  birthDate: BusinessDate;
  /** The role in the latest composition that names the member. */
  role: MemberRole;
}

/** What a repeated command answers: where the first one landed, and what it created. */
export interface Receipt {
  revision: number;
  recordedAt: string;
  /** The command it answers and its payload's hash: a command id is bound to its command (policy §10). */
  commandType?: string;
  payloadHash?: string;
  claimId?: string;
  measureId?: string;
  moratoriumId?: string;
  arrangementId?: string;
  signalId?: string;
  complaintId?: string;
}

type CreatedIds = Pick<Receipt, 'claimId' | 'measureId' | 'moratoriumId' | 'arrangementId' | 'signalId' | 'complaintId'>;

/** A counsellor's request to a creditor for its claims; answered by the creditor's first claim after it. */
export interface ClaimStatementRequestFacts {
  requestId: string;
  creditorOrg: string;
  counsellorOrg: string;
  requestedOn: BusinessDate;
  dueOn: BusinessDate;
  answeredOn: BusinessDate | null;
  order: number;
}

export type ArrangementStatus = 'PROPOSED' | 'ACTIVE' | 'REJECTED' | 'COMPLETED' | 'FAILED';

export interface ArrangementState {
  arrangementId: string;
  status: ArrangementStatus;
  monthlyCapacity: Cents;
  termMonths: number;
  termReason: string | null;
  key: DistributionKey;
  total: Cents;
  startsOn: BusinessDate;
  offers: OfferLine[];
  /** Per creditor. */
  answers: Record<string, 'ACCEPT' | 'REJECT'>;
  /** Paid under the arrangement, per claim. */
  paid: Record<string, Cents>;
  order: number;
}

export interface HouseholdState {
  householdId: string | null;
  composition: Composition;
  municipality: string;
  registeredOn: BusinessDate | null;
  /** Registration and each composition change, dated (issue 12). */
  compositionPeriods: CompositionPeriod[];
  /** Counsellor mandates: the registering organisation's, and those granted since. */
  mandates: Mandate[];
  members: MemberState[];
  incomes: IncomeDeclaration[];
  protectedIncomes: ProtectedIncomeRecord[];
  claims: Map<string, ClaimFacts>;
  measures: Map<string, MeasureFacts>;
  moratoria: Map<string, MoratoriumFacts>;
  arrangements: Map<string, ArrangementState>;
  signals: Map<string, SignalFacts>;
  complaints: Map<string, ComplaintFacts>;
  claimStatementRequests: Map<string, ClaimStatementRequestFacts>;
  /** Its personal data was erased (crypto-shredding): the household is closed. */
  erased: boolean;
  /** Number of events in the stream. */
  revision: number;
  lastRecordedAt: string | null;
  receipts: Map<string, Receipt>;
}

export function initialState(): HouseholdState {
  return {
    householdId: null,
    composition: 'SINGLE',
    municipality: '',
    registeredOn: null,
    compositionPeriods: [],
    mandates: [],
    members: [],
    incomes: [],
    protectedIncomes: [],
    claims: new Map(),
    measures: new Map(),
    moratoria: new Map(),
    arrangements: new Map(),
    signals: new Map(),
    complaints: new Map(),
    claimStatementRequests: new Map(),
    erased: false,
    revision: 0,
    lastRecordedAt: null,
    receipts: new Map(),
  };
}

/**
 * A copy that `evolve` may fold into without touching the original: the lists are new and the
 * maps layered copies (domain/layeredMap.ts: a copy costs what changed lately, not the
 * household's length), their entries shared (evolve replaces an entry, it never changes one in
 * place, nor a list inside one: a claim's payments are a new list with the new payment). A state
 * handed out (to a subscriber, a slow SSE client) stays as it was while later commands fold on
 * the copy.
 */
export function copyState(state: HouseholdState): HouseholdState {
  return {
    ...state,
    compositionPeriods: [...state.compositionPeriods],
    mandates: [...state.mandates],
    members: [...state.members],
    incomes: [...state.incomes],
    protectedIncomes: [...state.protectedIncomes],
    claims: layeredCopy(state.claims),
    measures: layeredCopy(state.measures),
    moratoria: layeredCopy(state.moratoria),
    arrangements: layeredCopy(state.arrangements),
    signals: layeredCopy(state.signals),
    complaints: layeredCopy(state.complaints),
    claimStatementRequests: layeredCopy(state.claimStatementRequests),
    receipts: layeredCopy(state.receipts),
  };
}

function layeredCopy<K, V>(map: Map<K, V>): Map<K, V> {
  return map instanceof LayeredMap ? map.copy() : LayeredMap.from(map);
}

/** Command ids are the caller's idempotency keys, unique per acting organisation. */
export function receiptKey(actor: Pick<Actor, 'org'>, commandId: string): string {
  return `${actor.org}\u0000${commandId}`;
}

function recordReceipt(state: HouseholdState, meta: EventMeta, created: CreatedIds): void {
  const key = receiptKey(meta, meta.commandId);
  // A command of several events answers with the revision after its last one.
  const bound = meta.commandType !== undefined && meta.payloadHash !== undefined ? { commandType: meta.commandType, payloadHash: meta.payloadHash } : {};
  state.receipts.set(key, { ...state.receipts.get(key), ...created, ...bound, revision: state.revision, recordedAt: meta.recordedAt });
}

function updateArrangement(state: HouseholdState, arrangementId: string, change: (a: ArrangementState) => ArrangementState): ArrangementState {
  const arrangement = state.arrangements.get(arrangementId);
  if (!arrangement) throw new Error(`event for unknown arrangement ${arrangementId}`);
  const next = change(arrangement);
  state.arrangements.set(arrangementId, next);
  return next;
}

function updateProtectedIncome(state: HouseholdState, seq: number, change: (p: ProtectedIncomeRecord) => ProtectedIncomeRecord): void {
  if (!state.protectedIncomes.some((p) => p.seq === seq)) throw new Error(`event for unknown protected income record ${seq}`);
  state.protectedIncomes = state.protectedIncomes.map((p) => (p.seq === seq ? change(p) : p));
}

function updateSignal(state: HouseholdState, signalId: string, change: (s: SignalFacts) => SignalFacts): void {
  const signal = state.signals.get(signalId);
  if (!signal) throw new Error(`event for unknown signal ${signalId}`);
  state.signals.set(signalId, change(signal));
}

function updateComplaint(state: HouseholdState, complaintId: string, change: (c: ComplaintFacts) => ComplaintFacts): void {
  const complaint = state.complaints.get(complaintId);
  if (!complaint) throw new Error(`event for unknown complaint ${complaintId}`);
  state.complaints.set(complaintId, change(complaint));
}

/** What the state keeps of personal data after erasure: nothing readable. */
function scrubPersonalData(state: HouseholdState): void {
  state.erased = true;
  state.members = state.members.map((m) => ({ memberId: m.memberId, bsn: ERASED, name: ERASED, birthDate: ERASED, role: m.role }));
  for (const [id, c] of state.claims) state.claims.set(id, { ...c, description: ERASED });
  for (const [id, m] of state.moratoria) state.moratoria.set(id, { ...m, reason: ERASED });
  for (const [id, a] of state.arrangements) state.arrangements.set(id, { ...a, termReason: a.termReason === null ? null : ERASED });
  state.protectedIncomes = state.protectedIncomes.map((p) =>
    p.dispute ? { ...p, dispute: { ...p.dispute, reason: ERASED, resolution: p.dispute.resolution === null ? null : ERASED } } : p,
  );
  for (const [id, c] of state.complaints) {
    state.complaints.set(id, {
      ...c,
      subject: ERASED,
      text: ERASED,
      notes: c.notes.map((n) => ({ ...n, text: ERASED })),
      closingText: c.closingText === null ? null : ERASED,
    });
  }
}

function setArrangementOnClaims(state: HouseholdState, arrangement: ArrangementState, arrangementId: string | null): void {
  for (const offer of arrangement.offers) updateClaim(state, offer.claimId, (c) => ({ ...c, arrangementId }));
}

function updateClaim(state: HouseholdState, claimId: string, change: (c: ClaimFacts) => ClaimFacts): void {
  const claim = state.claims.get(claimId);
  if (!claim) throw new Error(`event for unknown claim ${claimId}`);
  state.claims.set(claimId, change(claim));
}

/**
 * Folds one event into the state. It takes ownership of the state it is given and returns it
 * updated (folding a long stream must not copy it once per event); start from `initialState()`.
 *
 * New entries are spelled out field by field rather than as `{ ...event.data, more }`: on
 * Node 20's V8 a spread followed by further properties gives every object a map of its own
 * (measured: ~20× the time of the spelled-out literal, and as much again in garbage), and a
 * rebuild folds every event of the log through here.
 */
export function evolve(state: HouseholdState, event: HouseholdEvent): HouseholdState {
  state.revision += 1;
  state.lastRecordedAt = event.meta.recordedAt;
  const on = event.meta.effectiveOn;
  let created: CreatedIds = {};
  switch (event.type) {
    case 'HouseholdRegistered':
      state.householdId = event.data.householdId;
      state.composition = event.data.composition;
      state.municipality = event.data.municipality;
      state.registeredOn = on;
      state.members = event.data.members.map((m) => ({ ...m }));
      state.compositionPeriods = [
        { effectiveOn: on, composition: event.data.composition, members: event.data.members.map(({ memberId, role }) => ({ memberId, role })), seq: state.revision },
      ];
      state.mandates =
        event.meta.role === 'COUNSELLOR' ? [{ counsellorOrg: event.meta.org, startsOn: null, endsOn: null, revoked: false, grantedBy: event.meta.org }] : [];
      break;
    case 'CompositionChanged': {
      const period = { effectiveOn: on, composition: event.data.composition, members: event.data.members.map(({ memberId, role }) => ({ memberId, role })), seq: state.revision };
      state.compositionPeriods.push(period);
      // Every member the household has had stays known (their income history refers to them).
      for (const m of event.data.members) {
        const index = state.members.findIndex((x) => x.memberId === m.memberId);
        if (index < 0) state.members.push({ ...m });
        else state.members[index] = { ...state.members[index]!, role: m.role };
      }
      // The composition shown is the one that starts last.
      if (state.compositionPeriods.every((p) => p.effectiveOn <= on)) state.composition = event.data.composition;
      break;
    }
    case 'IncomeDeclared': {
      const d = event.data;
      state.incomes.push({ memberId: d.memberId, kind: d.kind, payer: d.payer, netMonthly: d.netMonthly, effectiveOn: on, seq: state.revision });
      break;
    }
    case 'ProtectedIncomeRecorded': {
      const d = event.data;
      state.protectedIncomes.push({
        amount: d.amount,
        source: d.source,
        reference: d.reference,
        validFrom: on,
        seq: state.revision,
        recordedBy: { org: event.meta.org, role: event.meta.role },
        dispute: null,
      });
      break;
    }
    case 'ProtectedIncomeDisputed':
      updateProtectedIncome(state, event.data.recordSeq, (p) => ({
        ...p,
        dispute: { reason: event.data.reason, disputedBy: event.meta.org, disputedOn: on, resolution: null, resolvedOn: null },
      }));
      break;
    case 'ProtectedIncomeDisputeResolved':
      updateProtectedIncome(state, event.data.recordSeq, (p) => ({
        ...p,
        dispute: p.dispute ? { ...p.dispute, resolution: event.data.resolution, resolvedOn: on } : null,
      }));
      break;
    case 'ClaimStatementRequested':
      state.claimStatementRequests.set(event.data.requestId, {
        requestId: event.data.requestId,
        creditorOrg: event.data.creditorOrg,
        dueOn: event.data.dueOn,
        counsellorOrg: event.meta.org,
        requestedOn: on,
        answeredOn: null,
        order: state.claimStatementRequests.size,
      });
      break;
    case 'ClaimRegistered': {
      const d = event.data;
      created = { claimId: d.claimId };
      state.claims.set(d.claimId, {
        claimId: d.claimId,
        creditorId: d.creditorId,
        reference: d.reference,
        description: d.description,
        principal: d.principal,
        preferential: d.preferential,
        consumer: d.consumer,
        interestFrom: d.interestFrom,
        incurredOn: on,
        costs: 0,
        interest: 0,
        paid: 0,
        writtenOff: 0,
        order: state.claims.size,
        arrangementId: null,
        vatApplies: null,
        reminderReference: null,
        costCharges: [],
        payments: [],
        interestPauses: [],
      });
      // The creditor's first claim answers the requests for its statement.
      for (const [id, r] of state.claimStatementRequests) {
        if (r.creditorOrg === event.data.creditorId && r.answeredOn === null) {
          state.claimStatementRequests.set(id, { ...r, answeredOn: businessDateAt(event.meta.recordedAt) });
        }
      }
      break;
    }
    case 'CollectionCostsCharged':
      updateClaim(state, event.data.claimId, (c) => ({
        ...c,
        costs: c.costs + event.data.amount,
        costCharges: [...c.costCharges, { on, amount: event.data.amount }],
        vatApplies: c.vatApplies ?? event.data.vatApplies,
        reminderReference: c.reminderReference ?? event.data.reminderReference,
      }));
      break;
    case 'PaymentRecorded':
      updateClaim(state, event.data.claimId, (c) => ({ ...c, paid: c.paid + event.data.amount, payments: [...c.payments, { on, amount: event.data.amount }] }));
      break;
    case 'MeasureRegistered': {
      const d = event.data;
      created = { measureId: d.measureId };
      state.measures.set(d.measureId, {
        measureId: d.measureId,
        creditorId: d.creditorId,
        kind: d.kind,
        claimIds: d.claimIds,
        monthlyAmount: d.monthlyAmount,
        preferential: d.preferential,
        endsOn: d.endsOn,
        startsOn: on,
        order: state.measures.size,
      });
      break;
    }
    case 'MeasureEnded': {
      const measure = state.measures.get(event.data.measureId);
      if (!measure) throw new Error(`event for unknown measure ${event.data.measureId}`);
      state.measures.set(measure.measureId, { ...measure, endsOn: measure.endsOn !== null && measure.endsOn < on ? measure.endsOn : on });
      break;
    }
    case 'MeasureSuspendedByMoratorium': {
      const measure = state.measures.get(event.data.measureId);
      if (!measure) throw new Error(`event for unknown measure ${event.data.measureId}`);
      state.measures.set(measure.measureId, { ...measure, endsOn: measure.endsOn !== null && measure.endsOn < on ? measure.endsOn : on });
      break;
    }
    case 'MoratoriumStarted':
      created = { moratoriumId: event.data.moratoriumId };
      state.moratoria.set(event.data.moratoriumId, { moratoriumId: event.data.moratoriumId, endsOn: event.data.endsOn, reason: event.data.reason, startsOn: on });
      break;
    case 'MoratoriumEnded': {
      const moratorium = state.moratoria.get(event.data.moratoriumId);
      if (!moratorium) throw new Error(`event for unknown moratorium ${event.data.moratoriumId}`);
      state.moratoria.set(moratorium.moratoriumId, { ...moratorium, endsOn: on < moratorium.endsOn ? on : moratorium.endsOn });
      break;
    }
    case 'ArrangementProposed': {
      const d = event.data;
      const arrangementId = d.arrangementId;
      created = { arrangementId };
      state.arrangements.set(arrangementId, {
        arrangementId,
        monthlyCapacity: d.monthlyCapacity,
        termMonths: d.termMonths,
        termReason: d.termReason,
        key: d.key,
        total: d.total,
        offers: d.offers,
        status: 'PROPOSED',
        startsOn: on,
        answers: {},
        paid: {},
        order: state.arrangements.size,
      });
      break;
    }
    case 'ArrangementAnswered':
      updateArrangement(state, event.data.arrangementId, (a) => ({ ...a, answers: { ...a.answers, [event.data.creditorId]: event.data.answer } }));
      break;
    case 'ArrangementActivated': {
      const arrangement = updateArrangement(state, event.data.arrangementId, (a) => ({ ...a, status: 'ACTIVE' }));
      setArrangementOnClaims(state, arrangement, arrangement.arrangementId);
      // Accepted and active: no statutory interest from the activation date (policy §5).
      for (const offer of arrangement.offers) {
        updateClaim(state, offer.claimId, (c) => ({ ...c, interestPauses: [...c.interestPauses, { from: on, until: null }] }));
      }
      break;
    }
    case 'ArrangementRejected':
      updateArrangement(state, event.data.arrangementId, (a) => ({ ...a, status: 'REJECTED' }));
      break;
    case 'ArrangementPaymentRecorded':
      updateArrangement(state, event.data.arrangementId, (a) => ({
        ...a,
        paid: { ...a.paid, [event.data.claimId]: (a.paid[event.data.claimId] ?? 0) + event.data.amount },
      }));
      updateClaim(state, event.data.claimId, (c) => ({ ...c, paid: c.paid + event.data.amount, payments: [...c.payments, { on, amount: event.data.amount }] }));
      break;
    case 'ArrangementCompleted': {
      const arrangement = updateArrangement(state, event.data.arrangementId, (a) => ({ ...a, status: 'COMPLETED' }));
      for (const w of event.data.writeOffs) updateClaim(state, w.claimId, (c) => ({ ...c, writtenOff: c.writtenOff + w.amount }));
      setArrangementOnClaims(state, arrangement, null);
      break;
    }
    case 'ArrangementFailed': {
      const arrangement = updateArrangement(state, event.data.arrangementId, (a) => ({ ...a, status: 'FAILED' }));
      setArrangementOnClaims(state, arrangement, null);
      // A failed arrangement no longer covers the claim: interest runs again from the failure date.
      for (const offer of arrangement.offers) {
        updateClaim(state, offer.claimId, (c) => ({
          ...c,
          interestPauses: c.interestPauses.map((p) => (p.until === null ? { ...p, until: on < p.from ? p.from : on } : p)),
        }));
      }
      break;
    }
    case 'SignalReceived': {
      const d = event.data;
      created = { signalId: d.signalId };
      state.signals.set(d.signalId, {
        signalId: d.signalId,
        partnerOrg: d.partnerOrg,
        partnerType: d.partnerType,
        amount: d.amount,
        arrearsSince: d.arrearsSince,
        threatening: d.threatening,
        deadline: d.deadline,
        receivedOn: on,
        outcome: null,
        closedOn: null,
        contactAttempts: [],
        order: state.signals.size,
      });
      break;
    }
    case 'ContactAttemptRecorded':
      updateSignal(state, event.data.signalId, (s) => ({
        ...s,
        contactAttempts: [...s.contactAttempts, { on, method: event.data.method, reached: event.data.reached }],
      }));
      break;
    case 'SignalClosed':
      updateSignal(state, event.data.signalId, (s) => ({ ...s, outcome: event.data.outcome, closedOn: on }));
      break;
    case 'ComplaintLodged': {
      const d = event.data;
      const complaintId = d.complaintId;
      created = { complaintId };
      state.complaints.set(complaintId, {
        complaintId,
        againstOrg: d.againstOrg,
        subject: d.subject,
        text: d.text,
        relatedRevisions: d.relatedRevisions,
        lodgedOn: on,
        lodgedBy: { org: event.meta.org, role: event.meta.role },
        notes: [],
        conclusion: null,
        closingText: null,
        closedOn: null,
        order: state.complaints.size,
      });
      break;
    }
    case 'ComplaintNoteRecorded':
      updateComplaint(state, event.data.complaintId, (c) => ({
        ...c,
        notes: [...c.notes, { kind: event.data.kind, text: event.data.text, on, by: event.meta.org }],
        relatedRevisions: [...new Set([...c.relatedRevisions, ...event.data.relatedRevisions])].sort((a, b) => a - b),
      }));
      break;
    case 'ComplaintClosed':
      updateComplaint(state, event.data.complaintId, (c) => ({ ...c, conclusion: event.data.conclusion, closingText: event.data.text, closedOn: on }));
      break;
    case 'MandateGranted':
      state.mandates = [
        ...state.mandates,
        { counsellorOrg: event.data.counsellorOrg, startsOn: on, endsOn: event.data.endsOn, revoked: false, grantedBy: event.meta.org },
      ];
      break;
    case 'MandateRevoked':
      state.mandates = state.mandates.map((m) => (m.counsellorOrg === event.data.counsellorOrg ? { ...m, revoked: true } : m));
      break;
    case 'PersonalDataErased':
      scrubPersonalData(state);
      break;
    case 'ErasureRefused':
      break;
    default: {
      const unknown: never = event;
      throw new Error(`unhandled event ${(unknown as HouseholdEvent).type}`);
    }
  }
  recordReceipt(state, event.meta, created);
  return state;
}


/** The facts the capacity check is computed from. */
export function collectionFacts(state: HouseholdState): CollectionFacts {
  return {
    composition: state.composition,
    members: state.members,
    compositionPeriods: state.compositionPeriods,
    incomes: state.incomes,
    protectedIncomes: state.protectedIncomes,
    measures: [...state.measures.values()],
    moratoria: [...state.moratoria.values()],
  };
}

export function outstandingOfClaims(state: Pick<HouseholdState, 'claims'>): (claimIds: readonly string[]) => Cents {
  return (claimIds) => claimIds.reduce((sum, id) => sum + (state.claims.has(id) ? outstanding(state.claims.get(id)!) : 0), 0);
}

