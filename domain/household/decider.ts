import type { Actor } from '../actors.js';
import type { MeasureFacts } from '../allocation.js';
import { DEFAULT_TERM_MONTHS, offerFor, type DistributionKey, type OfferLine } from '../arrangement.js';
import { capacityOn, changeDates, moratoriumOn, type CollectionFacts, type MoratoriumFacts } from '../capacity.js';
import { outstanding, type ClaimFacts } from '../claims.js';
import type { ComplaintFacts } from '../complaints.js';
import { holdsMandateOn, type Mandate } from '../mandates.js';
import { ERASED } from '../personalData.js';
import { isRepeatSignal, outreachDeadline, type SignalFacts } from '../signals.js';
import { addDays, addMonths, businessDateAt, type BusinessDate } from '../dates.js';
import { LedgerError, validationFailed } from '../errors.js';
import type { Cents } from '../money.js';
import type { ParameterTable } from '../parameters.js';
import {
  checkOfficialAmount,
  type Composition,
  type IncomeDeclaration,
  type ProtectedIncomeRecord,
} from '../protectedIncome.js';
import { firstDayCostsMayBeCharged, wikMaximum } from '../wik.js';
import type { DatedEventMeta, EventMeta, EventOfType, HouseholdEvent } from './events.js';
import type {
  AnswerArrangementInput,
  ChargeCollectionCostsInput,
  CompleteArrangementInput,
  DeclareIncomeInput,
  EndMeasureInput,
  EndMoratoriumInput,
  FailArrangementInput,
  ProposeArrangementInput,
  RecordArrangementPaymentInput,
  RecordPaymentInput,
  RecordProtectedIncomeInput,
  RegisterClaimInput,
  RegisterHouseholdInput,
  RegisterMeasureInput,
  StartMoratoriumInput,
  SendSignalInput,
  RecordContactAttemptInput,
  CloseSignalInput,
  LodgeComplaintInput,
  RecordComplaintNoteInput,
  CloseComplaintInput,
  GrantMandateInput,
  RevokeMandateInput,
  EraseHouseholdInput,
} from './inputs.js';

/**
 * The household decider (Emmett's shape): `decide(command, state) → events`,
 * `evolve(state, event) → state`, `initialState()`. Pure: the clock, ids and actor come in
 * with the command.
 */

export interface CommandMeta {
  actor: Actor;
  commandId: string;
  correlationId: string;
  /** The instant the ledger stores the resulting events. */
  recordedAt: string;
}

type Without<T, K extends keyof T> = Omit<T, K>;

export type HouseholdCommand =
  | { type: 'RegisterHousehold'; meta: CommandMeta; data: Without<RegisterHouseholdInput, 'commandId'> & { householdId: string } }
  | { type: 'DeclareIncome'; meta: CommandMeta; data: Without<DeclareIncomeInput, 'commandId' | 'householdId'> }
  | { type: 'RecordProtectedIncome'; meta: CommandMeta; data: Without<RecordProtectedIncomeInput, 'commandId' | 'householdId'> }
  | { type: 'RegisterClaim'; meta: CommandMeta; data: Without<RegisterClaimInput, 'commandId' | 'householdId'> & { claimId: string } }
  | { type: 'ChargeCollectionCosts'; meta: CommandMeta; data: Without<ChargeCollectionCostsInput, 'commandId'> }
  | { type: 'RecordPayment'; meta: CommandMeta; data: Without<RecordPaymentInput, 'commandId'> }
  | { type: 'RegisterMeasure'; meta: CommandMeta; data: Without<RegisterMeasureInput, 'commandId' | 'householdId'> & { measureId: string } }
  | { type: 'EndMeasure'; meta: CommandMeta; data: Without<EndMeasureInput, 'commandId'> }
  | { type: 'StartMoratorium'; meta: CommandMeta; data: Without<StartMoratoriumInput, 'commandId' | 'householdId'> & { moratoriumId: string } }
  | { type: 'EndMoratorium'; meta: CommandMeta; data: Without<EndMoratoriumInput, 'commandId'> }
  | { type: 'ProposeArrangement'; meta: CommandMeta; data: Without<ProposeArrangementInput, 'commandId' | 'householdId'> & { arrangementId: string } }
  | { type: 'AnswerArrangement'; meta: CommandMeta; data: Without<AnswerArrangementInput, 'commandId'> }
  | { type: 'RecordArrangementPayment'; meta: CommandMeta; data: Without<RecordArrangementPaymentInput, 'commandId'> }
  | { type: 'CompleteArrangement'; meta: CommandMeta; data: Without<CompleteArrangementInput, 'commandId'> }
  | { type: 'FailArrangement'; meta: CommandMeta; data: Without<FailArrangementInput, 'commandId'> }
  | { type: 'SendSignal'; meta: CommandMeta; data: Without<SendSignalInput, 'commandId' | 'householdId'> & { signalId: string } }
  | { type: 'RecordContactAttempt'; meta: CommandMeta; data: Without<RecordContactAttemptInput, 'commandId'> }
  | { type: 'CloseSignal'; meta: CommandMeta; data: Without<CloseSignalInput, 'commandId'> }
  | { type: 'LodgeComplaint'; meta: CommandMeta; data: Without<LodgeComplaintInput, 'commandId' | 'householdId'> & { complaintId: string } }
  | { type: 'RecordComplaintNote'; meta: CommandMeta; data: Without<RecordComplaintNoteInput, 'commandId'> }
  | { type: 'CloseComplaint'; meta: CommandMeta; data: Without<CloseComplaintInput, 'commandId'> }
  | { type: 'GrantMandate'; meta: CommandMeta; data: Without<GrantMandateInput, 'commandId' | 'householdId'> }
  | { type: 'RevokeMandate'; meta: CommandMeta; data: Without<RevokeMandateInput, 'commandId' | 'householdId'> }
  | { type: 'EraseHousehold'; meta: CommandMeta; data: Without<EraseHouseholdInput, 'commandId' | 'householdId'> };

export interface MemberState {
  memberId: string;
  bsn: string;
  name: string;
  birthDate: BusinessDate;
}

/** What a repeated command answers: where the first one landed, and what it created. */
export interface Receipt {
  revision: number;
  recordedAt: string;
  claimId?: string;
  measureId?: string;
  moratoriumId?: string;
  arrangementId?: string;
  signalId?: string;
  complaintId?: string;
}

type CreatedIds = Pick<Receipt, 'claimId' | 'measureId' | 'moratoriumId' | 'arrangementId' | 'signalId' | 'complaintId'>;

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
    erased: false,
    revision: 0,
    lastRecordedAt: null,
    receipts: new Map(),
  };
}

/** Command ids are the caller's idempotency keys, unique per acting organisation. */
export function receiptKey(actor: Pick<Actor, 'org'>, commandId: string): string {
  return `${actor.org}\u0000${commandId}`;
}

function recordReceipt(state: HouseholdState, meta: EventMeta, created: CreatedIds): void {
  const key = receiptKey(meta, meta.commandId);
  // A command of several events answers with the revision after its last one.
  state.receipts.set(key, { ...state.receipts.get(key), ...created, revision: state.revision, recordedAt: meta.recordedAt });
}

function updateArrangement(state: HouseholdState, arrangementId: string, change: (a: ArrangementState) => ArrangementState): ArrangementState {
  const arrangement = state.arrangements.get(arrangementId);
  if (!arrangement) throw new Error(`event for unknown arrangement ${arrangementId}`);
  const next = change(arrangement);
  state.arrangements.set(arrangementId, next);
  return next;
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
  state.members = state.members.map((m) => ({ memberId: m.memberId, bsn: ERASED, name: ERASED, birthDate: ERASED }));
  for (const [id, c] of state.claims) state.claims.set(id, { ...c, description: ERASED });
  for (const [id, m] of state.moratoria) state.moratoria.set(id, { ...m, reason: ERASED });
  for (const [id, a] of state.arrangements) state.arrangements.set(id, { ...a, termReason: a.termReason === null ? null : ERASED });
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
      state.mandates =
        event.meta.role === 'COUNSELLOR' ? [{ counsellorOrg: event.meta.org, startsOn: null, endsOn: null, revoked: false, grantedBy: event.meta.org }] : [];
      break;
    case 'IncomeDeclared':
      state.incomes.push({ ...event.data, effectiveOn: on, seq: state.revision });
      break;
    case 'ProtectedIncomeRecorded':
      state.protectedIncomes.push({ ...event.data, validFrom: on, seq: state.revision });
      break;
    case 'ClaimRegistered':
      created = { claimId: event.data.claimId };
      state.claims.set(event.data.claimId, {
        ...event.data,
        incurredOn: on,
        costs: 0,
        interest: 0,
        paid: 0,
        writtenOff: 0,
        order: state.claims.size,
        arrangementId: null,
      });
      break;
    case 'CollectionCostsCharged':
      updateClaim(state, event.data.claimId, (c) => ({ ...c, costs: c.costs + event.data.amount }));
      break;
    case 'PaymentRecorded':
      updateClaim(state, event.data.claimId, (c) => ({ ...c, paid: c.paid + event.data.amount }));
      break;
    case 'MeasureRegistered':
      created = { measureId: event.data.measureId };
      state.measures.set(event.data.measureId, { ...event.data, startsOn: on, order: state.measures.size });
      break;
    case 'MeasureEnded': {
      const measure = state.measures.get(event.data.measureId);
      if (!measure) throw new Error(`event for unknown measure ${event.data.measureId}`);
      state.measures.set(measure.measureId, { ...measure, endsOn: measure.endsOn !== null && measure.endsOn < on ? measure.endsOn : on });
      break;
    }
    case 'MoratoriumStarted':
      created = { moratoriumId: event.data.moratoriumId };
      state.moratoria.set(event.data.moratoriumId, { ...event.data, startsOn: on });
      break;
    case 'MoratoriumEnded': {
      const moratorium = state.moratoria.get(event.data.moratoriumId);
      if (!moratorium) throw new Error(`event for unknown moratorium ${event.data.moratoriumId}`);
      state.moratoria.set(moratorium.moratoriumId, { ...moratorium, endsOn: on < moratorium.endsOn ? on : moratorium.endsOn });
      break;
    }
    case 'ArrangementProposed': {
      const { arrangementId, ...rest } = event.data;
      created = { arrangementId };
      state.arrangements.set(arrangementId, {
        arrangementId,
        ...rest,
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
      updateClaim(state, event.data.claimId, (c) => ({ ...c, paid: c.paid + event.data.amount }));
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
      break;
    }
    case 'SignalReceived': {
      const { signalId, ...rest } = event.data;
      created = { signalId };
      state.signals.set(signalId, { signalId, ...rest, receivedOn: on, outcome: null, closedOn: null, contactAttempts: [], order: state.signals.size });
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
      const { complaintId, ...rest } = event.data;
      created = { complaintId };
      state.complaints.set(complaintId, {
        complaintId,
        ...rest,
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

function metaFor(command: HouseholdCommand, effectiveOn: BusinessDate): DatedEventMeta {
  const { actor, commandId, correlationId, recordedAt } = command.meta;
  return { org: actor.org, role: actor.role, sub: actor.sub, commandId, correlationId, recordedAt, effectiveOn };
}

function notInFuture(command: HouseholdCommand, fields: Record<string, BusinessDate>): void {
  const today = businessDateAt(command.meta.recordedAt);
  const issues = Object.entries(fields)
    .filter(([, date]) => date > today)
    .map(([field, date]) => ({ path: `input.${field}`, reason: `${date} is in the future (today is ${today})` }));
  if (issues.length > 0) throw validationFailed(issues);
}

function requireHousehold(state: HouseholdState): void {
  if (state.householdId === null) throw new LedgerError('NOT_FOUND', 'No such household');
}

/** Whether the actor is a counsellor holding a mandate on the day it acts. */
function holdsMandate(state: HouseholdState, actor: Actor, recordedAt: string): boolean {
  return actor.role === 'COUNSELLOR' && holdsMandateOn(state.mandates, actor.org, businessDateAt(recordedAt));
}

function requireMandate(state: HouseholdState, actor: Actor, recordedAt: string): void {
  if (!holdsMandate(state, actor, recordedAt)) {
    throw new LedgerError('FORBIDDEN', `${actor.org} holds no mandate for this household`);
  }
}

/** The household itself: a HOUSEHOLD token whose organisation is the household id. */
function isTheHousehold(state: HouseholdState, actor: Actor): boolean {
  return actor.role === 'HOUSEHOLD' && actor.org === state.householdId;
}

function hasClaims(state: HouseholdState, creditorId: string): boolean {
  for (const c of state.claims.values()) if (c.creditorId === creditorId) return true;
  return false;
}

/** While an arrangement is active, the claim is paid through it (and accrues no new costs). */
function notInArrangement(claim: ClaimFacts): void {
  if (claim.arrangementId !== null) {
    throw validationFailed([{ path: 'input.claimId', reason: 'the claim is in an active debt arrangement: payments follow the offer' }]);
  }
}

/** A creditor acts only on its own claims (policy §8). */
function ownClaim(state: HouseholdState, actor: Actor, claimId: string): ClaimFacts {
  requireHousehold(state);
  const claim = state.claims.get(claimId);
  if (!claim) throw new LedgerError('NOT_FOUND', 'No such claim');
  if (actor.role !== 'CREDITOR' || claim.creditorId !== actor.org) {
    throw new LedgerError('FORBIDDEN', `Claim belongs to another organisation than ${actor.org}`);
  }
  return claim;
}

/** The facts the capacity check is computed from. */
export function collectionFacts(state: HouseholdState): CollectionFacts {
  return {
    composition: state.composition,
    members: state.members,
    incomes: state.incomes,
    protectedIncomes: state.protectedIncomes,
    measures: [...state.measures.values()],
    moratoria: [...state.moratoria.values()],
  };
}

export function outstandingOfClaims(state: Pick<HouseholdState, 'claims'>): (claimIds: readonly string[]) => Cents {
  return (claimIds) => claimIds.reduce((sum, id) => sum + (state.claims.has(id) ? outstanding(state.claims.get(id)!) : 0), 0);
}

export function createHouseholdDecider(parameters: ParameterTable) {
  function decide(command: HouseholdCommand, state: HouseholdState): HouseholdEvent[] {
    if (state.receipts.has(receiptKey(command.meta.actor, command.meta.commandId))) return [];
    if (state.erased) throw new LedgerError('FORBIDDEN', 'The personal data of this household was erased: it takes no more commands');
    switch (command.type) {
      case 'RegisterHousehold':
        return registerHousehold(command, state);
      case 'DeclareIncome':
        return declareIncome(command, state);
      case 'RecordProtectedIncome':
        return recordProtectedIncome(command, state);
      case 'RegisterClaim':
        return registerClaim(command, state);
      case 'ChargeCollectionCosts':
        return chargeCollectionCosts(command, state);
      case 'RecordPayment':
        return recordPayment(command, state);
      case 'RegisterMeasure':
        return registerMeasure(command, state);
      case 'EndMeasure':
        return endMeasure(command, state);
      case 'StartMoratorium':
        return startMoratorium(command, state);
      case 'EndMoratorium':
        return endMoratorium(command, state);
      case 'ProposeArrangement':
        return proposeArrangement(command, state);
      case 'AnswerArrangement':
        return answerArrangement(command, state);
      case 'RecordArrangementPayment':
        return recordArrangementPayment(command, state);
      case 'CompleteArrangement':
        return completeArrangement(command, state);
      case 'FailArrangement':
        return failArrangement(command, state);
      case 'SendSignal':
        return sendSignal(command, state);
      case 'RecordContactAttempt':
        return recordContactAttempt(command, state);
      case 'CloseSignal':
        return closeSignal(command, state);
      case 'LodgeComplaint':
        return lodgeComplaint(command, state);
      case 'RecordComplaintNote':
        return recordComplaintNote(command, state);
      case 'CloseComplaint':
        return closeComplaint(command, state);
      case 'GrantMandate':
        return grantMandate(command, state);
      case 'RevokeMandate':
        return revokeMandate(command, state);
      case 'EraseHousehold':
        return eraseHousehold(command, state);
    }
  }

  function registerHousehold(command: Extract<HouseholdCommand, { type: 'RegisterHousehold' }>, state: HouseholdState): HouseholdEvent[] {
    if (state.householdId !== null) throw new LedgerError('ALREADY_EXISTS', 'This household is already registered');
    if (command.meta.actor.role !== 'COUNSELLOR') throw new LedgerError('FORBIDDEN', 'Only a counsellor registers a household');
    const { data } = command;
    notInFuture(
      command,
      Object.fromEntries(data.members.map((m, i) => [`members.${i}.birthDate`, m.birthDate])),
    );
    const event: EventOfType<'HouseholdRegistered'> = {
      type: 'HouseholdRegistered',
      v: 1,
      data: {
        householdId: data.householdId,
        composition: data.composition,
        municipality: data.municipality,
        members: data.members.map((m, i) => ({ memberId: `m${i + 1}`, bsn: m.bsn, name: m.name, birthDate: m.birthDate })),
      },
      meta: metaFor(command, data.effectiveOn),
    };
    return [event];
  }

  function declareIncome(command: Extract<HouseholdCommand, { type: 'DeclareIncome' }>, state: HouseholdState): HouseholdEvent[] {
    requireHousehold(state);
    requireMandate(state, command.meta.actor, command.meta.recordedAt);
    const member = state.members.find((m) => m.bsn === command.data.memberBsn);
    if (!member) throw validationFailed([{ path: 'input.memberBsn', reason: 'is not a member of this household' }]);
    const { kind, payer, netMonthly, effectiveOn } = command.data;
    return [
      {
        type: 'IncomeDeclared',
        v: 1,
        data: { memberId: member.memberId, kind, payer, netMonthly },
        meta: metaFor(command, effectiveOn),
      },
    ];
  }

  function recordProtectedIncome(command: Extract<HouseholdCommand, { type: 'RecordProtectedIncome' }>, state: HouseholdState): HouseholdEvent[] {
    requireHousehold(state);
    const { actor } = command.meta;
    const allowed = holdsMandate(state, actor, command.meta.recordedAt) || (actor.role === 'CREDITOR' && hasClaims(state, actor.org));
    if (!allowed) {
      throw new LedgerError('FORBIDDEN', 'Only a counsellor with a mandate or a creditor with a claim on this household records its protected income');
    }
    const { amount, source, reference, validFrom } = command.data;
    checkOfficialAmount(state, parameters, amount, source, validFrom);
    return [
      {
        type: 'ProtectedIncomeRecorded',
        v: 1,
        data: { amount, source, reference },
        meta: metaFor(command, validFrom),
      },
    ];
  }

  function registerClaim(command: Extract<HouseholdCommand, { type: 'RegisterClaim' }>, state: HouseholdState): HouseholdEvent[] {
    requireHousehold(state);
    const { actor } = command.meta;
    if (actor.role !== 'CREDITOR') throw new LedgerError('FORBIDDEN', 'Only a creditor registers its claims');
    const { data } = command;
    if (state.claims.has(data.claimId)) throw new LedgerError('ALREADY_EXISTS', 'This claim is already registered');
    notInFuture(command, { incurredOn: data.incurredOn });
    return [
      {
        type: 'ClaimRegistered',
        v: 1,
        data: {
          claimId: data.claimId,
          creditorId: actor.org,
          reference: data.reference,
          description: data.description,
          principal: data.principal,
          preferential: data.preferential,
          consumer: data.consumer,
        },
        meta: metaFor(command, data.incurredOn),
      },
    ];
  }

  function chargeCollectionCosts(command: Extract<HouseholdCommand, { type: 'ChargeCollectionCosts' }>, state: HouseholdState): HouseholdEvent[] {
    const claim = ownClaim(state, command.meta.actor, command.data.claimId);
    notInArrangement(claim);
    const { amount, vatApplies, reminderSentOn, chargedOn } = command.data;
    notInFuture(command, { reminderSentOn, chargedOn });
    if (reminderSentOn < claim.incurredOn) {
      throw validationFailed([{ path: 'input.reminderSentOn', reason: `is before the claim was incurred (${claim.incurredOn})` }]);
    }
    if (claim.consumer) {
      const firstDay = firstDayCostsMayBeCharged(reminderSentOn);
      if (chargedOn < firstDay) {
        throw new LedgerError(
          'REMINDER_PERIOD_NOT_ELAPSED',
          `Collection costs may be charged from ${firstDay}: 14 full days after the reminder of ${reminderSentOn}`,
          { firstAllowedOn: firstDay },
        );
      }
      const maximum: Cents = wikMaximum(claim.principal, vatApplies);
      if (claim.costs + amount > maximum) {
        throw new LedgerError(
          'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM',
          `Collection costs on this claim may total at most ${maximum} cents; ${claim.costs} already charged`,
          { maximum, alreadyCharged: claim.costs, available: Math.max(0, maximum - claim.costs) },
        );
      }
    }
    return [
      {
        type: 'CollectionCostsCharged',
        v: 1,
        data: { claimId: claim.claimId, amount, vatApplies, reminderSentOn },
        meta: metaFor(command, chargedOn),
      },
    ];
  }

  function recordPayment(command: Extract<HouseholdCommand, { type: 'RecordPayment' }>, state: HouseholdState): HouseholdEvent[] {
    const claim = ownClaim(state, command.meta.actor, command.data.claimId);
    notInArrangement(claim);
    const { amount, paidOn } = command.data;
    notInFuture(command, { paidOn });
    const balance = outstanding(claim);
    if (amount > balance) {
      throw new LedgerError('PAYMENT_EXCEEDS_OUTSTANDING', `Payment ${amount} exceeds the outstanding balance ${balance}`, {
        outstanding: balance,
      });
    }
    return [
      {
        type: 'PaymentRecorded',
        v: 1,
        data: { claimId: claim.claimId, amount },
        meta: metaFor(command, paidOn),
      },
    ];
  }

  function registerMeasure(command: Extract<HouseholdCommand, { type: 'RegisterMeasure' }>, state: HouseholdState): HouseholdEvent[] {
    requireHousehold(state);
    const { actor } = command.meta;
    if (actor.role !== 'CREDITOR') throw new LedgerError('FORBIDDEN', 'Only a creditor registers collection measures');
    const { measureId, kind, claimIds, monthlyAmount, startsOn, endsOn } = command.data;
    if (state.measures.has(measureId)) throw new LedgerError('ALREADY_EXISTS', 'This measure is already registered');
    const claims = claimIds.map((id) => ownClaim(state, actor, id));
    if (new Set(claims.map((c) => c.preferential)).size > 1) {
      throw validationFailed([{ path: 'input.claimIds', reason: 'a measure collects claims of one rank: preferential or not' }]);
    }
    const covered = claims.find((c) => c.arrangementId !== null);
    if (covered) {
      throw validationFailed([{ path: 'input.claimIds', reason: `claim ${covered.claimId} is covered by an active debt arrangement` }]);
    }
    const facts = collectionFacts(state);
    const moratorium = moratoriumOn(facts, startsOn);
    if (kind !== 'WITHHOLDING_AT_SOURCE' && moratorium) {
      throw new LedgerError('MORATORIUM_ACTIVE', `A moratorium runs from ${moratorium.startsOn} to ${moratorium.endsOn}: no new measure may start on ${startsOn}`, {
        moratoriumId: moratorium.moratoriumId,
        endsOn: moratorium.endsOn,
      });
    }
    const amount = kind === 'GARNISHMENT' ? 0 : (monthlyAmount ?? 0);
    if (kind === 'SET_OFF' || kind === 'PAYMENT_PLAN') {
      // The fixed amount must fit on every date it applies: check each date the room can change.
      for (const on of changeDates(facts, parameters, startsOn, endsOn)) {
        if (moratoriumOn(facts, on)) continue;
        const capacity = capacityOn(facts, outstandingOfClaims(state), parameters, on);
        const fixed = facts.measures
          .filter((m) => (m.kind === 'SET_OFF' || m.kind === 'PAYMENT_PLAN') && m.startsOn <= on && (m.endsOn === null || on <= m.endsOn))
          .reduce((sum, m) => sum + m.monthlyAmount, 0);
        const available = Math.max(0, capacity.attachable - fixed);
        if (amount > available) {
          throw new LedgerError('CAPACITY_EXCEEDED', `Only ${available} cents of attachable room are available on ${on}; ${amount} asked`, {
            available,
            on,
            attachable: capacity.attachable,
          });
        }
      }
    }
    const measure: MeasureFacts = {
      measureId,
      creditorId: actor.org,
      kind,
      claimIds,
      monthlyAmount: amount,
      preferential: claims[0]!.preferential,
      startsOn,
      endsOn,
      order: state.measures.size,
    };
    // After the decision the room still holds everything on its first day (allocate asserts it).
    capacityOn({ ...facts, measures: [...facts.measures, measure] }, outstandingOfClaims(state), parameters, startsOn);
    return [
      {
        type: 'MeasureRegistered',
        v: 1,
        data: { measureId, creditorId: actor.org, kind, claimIds, monthlyAmount: amount, preferential: measure.preferential, endsOn },
        meta: metaFor(command, startsOn),
      },
    ];
  }

  function endMeasure(command: Extract<HouseholdCommand, { type: 'EndMeasure' }>, state: HouseholdState): HouseholdEvent[] {
    requireHousehold(state);
    const { actor } = command.meta;
    const measure = state.measures.get(command.data.measureId);
    if (!measure) throw new LedgerError('NOT_FOUND', 'No such measure');
    if (actor.role !== 'CREDITOR' || actor.org !== measure.creditorId) {
      throw new LedgerError('FORBIDDEN', 'Only the creditor that registered a measure ends it');
    }
    const { endsOn, reason } = command.data;
    if (endsOn < addDays(measure.startsOn, -1)) {
      throw validationFailed([{ path: 'input.endsOn', reason: `is before the measure starts (${measure.startsOn})` }]);
    }
    if (measure.endsOn !== null && measure.endsOn <= endsOn) {
      throw validationFailed([{ path: 'input.endsOn', reason: `the measure already ends on ${measure.endsOn}` }]);
    }
    return [{ type: 'MeasureEnded', v: 1, data: { measureId: measure.measureId, reason }, meta: metaFor(command, endsOn) }];
  }

  function startMoratorium(command: Extract<HouseholdCommand, { type: 'StartMoratorium' }>, state: HouseholdState): HouseholdEvent[] {
    requireHousehold(state);
    requireMandate(state, command.meta.actor, command.meta.recordedAt);
    const { moratoriumId, startsOn, endsOn, reason } = command.data;
    // endsOn is the last day: six months from 1 April end on 30 September.
    const longest = addDays(addMonths(startsOn, 6), -1);
    if (endsOn > longest) {
      throw new LedgerError('MORATORIUM_TOO_LONG', `A moratorium lasts at most 6 months: from ${startsOn} it ends on ${longest} at the latest`, {
        latestEnd: longest,
      });
    }
    const overlapping = [...state.moratoria.values()].find((m) => m.startsOn <= endsOn && startsOn <= m.endsOn);
    if (overlapping) {
      throw validationFailed([{ path: 'input.startsOn', reason: `overlaps the moratorium from ${overlapping.startsOn} to ${overlapping.endsOn}` }]);
    }
    return [{ type: 'MoratoriumStarted', v: 1, data: { moratoriumId, endsOn, reason }, meta: metaFor(command, startsOn) }];
  }

  function endMoratorium(command: Extract<HouseholdCommand, { type: 'EndMoratorium' }>, state: HouseholdState): HouseholdEvent[] {
    requireHousehold(state);
    requireMandate(state, command.meta.actor, command.meta.recordedAt);
    const moratorium = state.moratoria.get(command.data.moratoriumId);
    if (!moratorium) throw new LedgerError('NOT_FOUND', 'No such moratorium');
    const { endsOn, reason } = command.data;
    if (endsOn < addDays(moratorium.startsOn, -1)) {
      throw validationFailed([{ path: 'input.endsOn', reason: `is before the moratorium starts (${moratorium.startsOn})` }]);
    }
    if (endsOn >= moratorium.endsOn) {
      throw validationFailed([{ path: 'input.endsOn', reason: `must be before its current end (${moratorium.endsOn})` }]);
    }
    return [{ type: 'MoratoriumEnded', v: 1, data: { moratoriumId: moratorium.moratoriumId, reason }, meta: metaFor(command, endsOn) }];
  }

  function proposeArrangement(command: Extract<HouseholdCommand, { type: 'ProposeArrangement' }>, state: HouseholdState): HouseholdEvent[] {
    requireHousehold(state);
    requireMandate(state, command.meta.actor, command.meta.recordedAt);
    const { arrangementId, monthlyCapacity, startsOn } = command.data;
    const open = [...state.arrangements.values()].find((a) => a.status === 'PROPOSED' || a.status === 'ACTIVE');
    if (open) throw new LedgerError('ALREADY_EXISTS', `Arrangement ${open.arrangementId} is ${open.status}: fail it before proposing another`);
    const termMonths = command.data.termMonths ?? DEFAULT_TERM_MONTHS;
    if (termMonths !== DEFAULT_TERM_MONTHS && command.data.termReason === null) {
      throw validationFailed([{ path: 'input.termReason', reason: `a term other than ${DEFAULT_TERM_MONTHS} months needs a stated reason` }]);
    }
    const key = command.data.key ?? 'DOUBLE_FOR_PREFERENTIAL';
    const claims = [...state.claims.values()].filter((c) => outstanding(c) > 0).sort((a, b) => a.order - b.order);
    if (claims.length === 0) throw validationFailed([{ path: 'input.householdId', reason: 'the household has no outstanding claims' }]);
    const total = monthlyCapacity * termMonths;
    const offers = offerFor(
      total,
      claims.map((c) => ({ claimId: c.claimId, creditorId: c.creditorId, outstanding: outstanding(c), preferential: c.preferential, order: c.order })),
      key,
    );
    return [
      {
        type: 'ArrangementProposed',
        v: 1,
        data: { arrangementId, monthlyCapacity, termMonths, termReason: command.data.termReason, key, total, offers },
        meta: metaFor(command, startsOn),
      },
    ];
  }

  function answerArrangement(command: Extract<HouseholdCommand, { type: 'AnswerArrangement' }>, state: HouseholdState): HouseholdEvent[] {
    requireHousehold(state);
    const { actor } = command.meta;
    const arrangement = state.arrangements.get(command.data.arrangementId);
    if (!arrangement) throw new LedgerError('NOT_FOUND', 'No such arrangement');
    const creditors = [...new Set(arrangement.offers.map((o) => o.creditorId))];
    if (actor.role !== 'CREDITOR' || !creditors.includes(actor.org)) {
      throw new LedgerError('FORBIDDEN', 'Only a creditor with a claim in the arrangement answers it');
    }
    if (arrangement.status !== 'PROPOSED') {
      throw validationFailed([{ path: 'input.arrangementId', reason: `the arrangement is ${arrangement.status}, not open for answers` }]);
    }
    if (arrangement.answers[actor.org]) {
      throw validationFailed([{ path: 'input.answer', reason: `${actor.org} already answered ${arrangement.answers[actor.org]}` }]);
    }
    const today = businessDateAt(command.meta.recordedAt);
    const { arrangementId, answer } = command.data;
    const events: HouseholdEvent[] = [
      { type: 'ArrangementAnswered', v: 1, data: { arrangementId, creditorId: actor.org, answer }, meta: metaFor(command, today) },
    ];
    if (answer === 'REJECT') {
      events.push({ type: 'ArrangementRejected', v: 1, data: { arrangementId, rejectedBy: actor.org }, meta: metaFor(command, today) });
      return events;
    }
    const allAccepted = creditors.every((c) => c === actor.org || arrangement.answers[c] === 'ACCEPT');
    if (!allAccepted) return events;
    events.push({ type: 'ArrangementActivated', v: 1, data: { arrangementId }, meta: metaFor(command, arrangement.startsOn) });
    // Collection by these creditors stops: payments follow the offer from now on.
    const lastDay = addDays(arrangement.startsOn, -1) > today ? addDays(arrangement.startsOn, -1) : today;
    for (const m of state.measures.values()) {
      if (m.kind === 'WITHHOLDING_AT_SOURCE' || !creditors.includes(m.creditorId)) continue;
      const endsOn = m.startsOn > lastDay ? addDays(m.startsOn, -1) : lastDay;
      if (m.endsOn !== null && m.endsOn <= endsOn) continue;
      events.push({
        type: 'MeasureEnded',
        v: 1,
        data: { measureId: m.measureId, reason: `debt arrangement ${arrangementId} activated` },
        meta: metaFor(command, endsOn),
      });
    }
    return events;
  }

  function openArrangement(state: HouseholdState, { actor, recordedAt }: CommandMeta, arrangementId: string, allowed: readonly ArrangementStatus[]): ArrangementState {
    requireHousehold(state);
    requireMandate(state, actor, recordedAt);
    const arrangement = state.arrangements.get(arrangementId);
    if (!arrangement) throw new LedgerError('NOT_FOUND', 'No such arrangement');
    if (!allowed.includes(arrangement.status)) {
      throw validationFailed([{ path: 'input.arrangementId', reason: `the arrangement is ${arrangement.status}` }]);
    }
    return arrangement;
  }

  function recordArrangementPayment(command: Extract<HouseholdCommand, { type: 'RecordArrangementPayment' }>, state: HouseholdState): HouseholdEvent[] {
    const arrangement = openArrangement(state, command.meta, command.data.arrangementId, ['ACTIVE']);
    const { claimId, amount, paidOn } = command.data;
    notInFuture(command, { paidOn });
    const offer = arrangement.offers.find((o) => o.claimId === claimId);
    const claim = state.claims.get(claimId);
    if (!offer || !claim) throw validationFailed([{ path: 'input.claimId', reason: 'is not part of this arrangement' }]);
    const balance = outstanding(claim);
    if (amount > balance) {
      throw new LedgerError('PAYMENT_EXCEEDS_OUTSTANDING', `Payment ${amount} exceeds the outstanding balance ${balance}`, { outstanding: balance });
    }
    const owed = offer.amount - (arrangement.paid[claimId] ?? 0);
    if (amount > owed) {
      throw validationFailed([{ path: 'input.amount', reason: `exceeds what the offer still pays on this claim (${owed})` }]);
    }
    return [
      {
        type: 'ArrangementPaymentRecorded',
        v: 1,
        data: { arrangementId: arrangement.arrangementId, claimId, amount },
        meta: metaFor(command, paidOn),
      },
    ];
  }

  function completeArrangement(command: Extract<HouseholdCommand, { type: 'CompleteArrangement' }>, state: HouseholdState): HouseholdEvent[] {
    const arrangement = openArrangement(state, command.meta, command.data.arrangementId, ['ACTIVE']);
    const { completedOn } = command.data;
    notInFuture(command, { completedOn });
    const unpaid = arrangement.offers.filter((o) => (arrangement.paid[o.claimId] ?? 0) < o.amount);
    if (unpaid.length > 0) {
      throw validationFailed([
        { path: 'input.arrangementId', reason: `the offer is not fully paid on ${unpaid.length} claim(s); record the payments or fail the arrangement` },
      ]);
    }
    // Finale kwijting: what remains of each claim in the arrangement is written off.
    const writeOffs = arrangement.offers
      .map((o) => ({ claimId: o.claimId, amount: outstanding(state.claims.get(o.claimId)!) }))
      .filter((w) => w.amount > 0);
    return [
      {
        type: 'ArrangementCompleted',
        v: 1,
        data: { arrangementId: arrangement.arrangementId, writeOffs },
        meta: metaFor(command, completedOn),
      },
    ];
  }

  function failArrangement(command: Extract<HouseholdCommand, { type: 'FailArrangement' }>, state: HouseholdState): HouseholdEvent[] {
    const arrangement = openArrangement(state, command.meta, command.data.arrangementId, ['PROPOSED', 'ACTIVE']);
    const { reason, failedOn } = command.data;
    notInFuture(command, { failedOn });
    return [{ type: 'ArrangementFailed', v: 1, data: { arrangementId: arrangement.arrangementId, reason }, meta: metaFor(command, failedOn) }];
  }

  function sendSignal(command: Extract<HouseholdCommand, { type: 'SendSignal' }>, state: HouseholdState): HouseholdEvent[] {
    requireHousehold(state);
    const { actor } = command.meta;
    if (actor.role !== 'CREDITOR') throw new LedgerError('FORBIDDEN', 'Only a partner (creditor) sends an arrears signal');
    const { signalId, partnerType, amount, arrearsSince, threatening } = command.data;
    notInFuture(command, { arrearsSince });
    const today = businessDateAt(command.meta.recordedAt);
    const repeat = isRepeatSignal([...state.signals.values()], actor.org, amount);
    const events: HouseholdEvent[] = [
      {
        type: 'SignalReceived',
        v: 1,
        data: { signalId, partnerOrg: actor.org, partnerType, amount, arrearsSince, threatening, deadline: outreachDeadline(today, threatening) },
        meta: metaFor(command, today),
      },
    ];
    // The same arrears, not increased: closed at once as a repeat signal (DDAS "herhaalde melding").
    if (repeat) events.push({ type: 'SignalClosed', v: 1, data: { signalId, outcome: 'REPEAT_SIGNAL' }, meta: metaFor(command, today) });
    return events;
  }

  function openSignal(state: HouseholdState, { actor, recordedAt }: CommandMeta, signalId: string): SignalFacts {
    requireHousehold(state);
    requireMandate(state, actor, recordedAt);
    const signal = state.signals.get(signalId);
    if (!signal) throw new LedgerError('NOT_FOUND', 'No such signal');
    if (signal.outcome !== null) {
      throw validationFailed([{ path: 'input.signalId', reason: `the signal was closed on ${signal.closedOn} as ${signal.outcome}` }]);
    }
    return signal;
  }

  function recordContactAttempt(command: Extract<HouseholdCommand, { type: 'RecordContactAttempt' }>, state: HouseholdState): HouseholdEvent[] {
    const signal = openSignal(state, command.meta, command.data.signalId);
    const { method, reached, attemptedOn } = command.data;
    notInFuture(command, { attemptedOn });
    if (attemptedOn < signal.receivedOn) {
      throw validationFailed([{ path: 'input.attemptedOn', reason: `is before the signal was received (${signal.receivedOn})` }]);
    }
    return [{ type: 'ContactAttemptRecorded', v: 1, data: { signalId: signal.signalId, method, reached }, meta: metaFor(command, attemptedOn) }];
  }

  function closeSignal(command: Extract<HouseholdCommand, { type: 'CloseSignal' }>, state: HouseholdState): HouseholdEvent[] {
    const signal = openSignal(state, command.meta, command.data.signalId);
    const { outcome, closedOn } = command.data;
    notInFuture(command, { closedOn });
    if (closedOn < signal.receivedOn) {
      throw validationFailed([{ path: 'input.closedOn', reason: `is before the signal was received (${signal.receivedOn})` }]);
    }
    return [{ type: 'SignalClosed', v: 1, data: { signalId: signal.signalId, outcome }, meta: metaFor(command, closedOn) }];
  }

  function checkRevisions(state: HouseholdState, revisions: readonly number[]): void {
    const beyond = revisions.find((r) => r > state.revision);
    if (beyond !== undefined) {
      throw validationFailed([{ path: 'input.relatedRevisions', reason: `revision ${beyond} does not exist (the household is at ${state.revision})` }]);
    }
  }

  function lodgeComplaint(command: Extract<HouseholdCommand, { type: 'LodgeComplaint' }>, state: HouseholdState): HouseholdEvent[] {
    requireHousehold(state);
    const { actor } = command.meta;
    const allowed =
      actor.role === 'OMBUDSMAN' ||
      holdsMandate(state, actor, command.meta.recordedAt) ||
      isTheHousehold(state, actor);
    if (!allowed) throw new LedgerError('FORBIDDEN', 'A complaint is lodged by the household, its counsellor or the ombudsman');
    const { complaintId, againstOrg, subject, text, relatedRevisions } = command.data;
    checkRevisions(state, relatedRevisions);
    const today = businessDateAt(command.meta.recordedAt);
    return [
      {
        type: 'ComplaintLodged',
        v: 1,
        data: { complaintId, againstOrg, subject, text, relatedRevisions: [...new Set(relatedRevisions)].sort((a, b) => a - b) },
        meta: metaFor(command, today),
      },
    ];
  }

  function openComplaint(state: HouseholdState, actor: Actor, complaintId: string): ComplaintFacts {
    requireHousehold(state);
    if (actor.role !== 'OMBUDSMAN') throw new LedgerError('FORBIDDEN', 'Only the ombudsman records findings, recommendations and closure');
    const complaint = state.complaints.get(complaintId);
    if (!complaint) throw new LedgerError('NOT_FOUND', 'No such complaint');
    if (complaint.conclusion !== null) {
      throw validationFailed([{ path: 'input.complaintId', reason: `the complaint was closed on ${complaint.closedOn}` }]);
    }
    return complaint;
  }

  function recordComplaintNote(command: Extract<HouseholdCommand, { type: 'RecordComplaintNote' }>, state: HouseholdState): HouseholdEvent[] {
    const complaint = openComplaint(state, command.meta.actor, command.data.complaintId);
    const { kind, text, relatedRevisions } = command.data;
    checkRevisions(state, relatedRevisions);
    const today = businessDateAt(command.meta.recordedAt);
    return [
      {
        type: 'ComplaintNoteRecorded',
        v: 1,
        data: { complaintId: complaint.complaintId, kind, text, relatedRevisions: [...new Set(relatedRevisions)].sort((a, b) => a - b) },
        meta: metaFor(command, today),
      },
    ];
  }

  function closeComplaint(command: Extract<HouseholdCommand, { type: 'CloseComplaint' }>, state: HouseholdState): HouseholdEvent[] {
    const complaint = openComplaint(state, command.meta.actor, command.data.complaintId);
    const today = businessDateAt(command.meta.recordedAt);
    return [
      {
        type: 'ComplaintClosed',
        v: 1,
        data: { complaintId: complaint.complaintId, conclusion: command.data.conclusion, text: command.data.text },
        meta: metaFor(command, today),
      },
    ];
  }

  /** The household itself, or a counsellor holding a mandate, manages mandates. */
  function requireMandateManager(state: HouseholdState, meta: CommandMeta): void {
    requireHousehold(state);
    if (!isTheHousehold(state, meta.actor) && !holdsMandate(state, meta.actor, meta.recordedAt)) {
      throw new LedgerError('FORBIDDEN', 'Mandates are granted and revoked by the household or by a counsellor that holds one');
    }
  }

  function grantMandate(command: Extract<HouseholdCommand, { type: 'GrantMandate' }>, state: HouseholdState): HouseholdEvent[] {
    requireMandateManager(state, command.meta);
    const { counsellorOrg, startsOn, endsOn } = command.data;
    return [{ type: 'MandateGranted', v: 1, data: { counsellorOrg, endsOn }, meta: metaFor(command, startsOn) }];
  }

  function revokeMandate(command: Extract<HouseholdCommand, { type: 'RevokeMandate' }>, state: HouseholdState): HouseholdEvent[] {
    requireMandateManager(state, command.meta);
    const { counsellorOrg } = command.data;
    if (!state.mandates.some((m) => m.counsellorOrg === counsellorOrg && !m.revoked)) {
      throw new LedgerError('NOT_FOUND', `${counsellorOrg} holds no mandate to revoke`);
    }
    return [{ type: 'MandateRevoked', v: 1, data: { counsellorOrg }, meta: metaFor(command, businessDateAt(command.meta.recordedAt)) }];
  }

  function eraseHousehold(command: Extract<HouseholdCommand, { type: 'EraseHousehold' }>, state: HouseholdState): HouseholdEvent[] {
    requireHousehold(state);
    if (command.meta.actor.role !== 'ADMIN') throw new LedgerError('FORBIDDEN', 'Only an administrator carries out an erasure request');
    const today = businessDateAt(command.meta.recordedAt);
    const { decision, legalGround, refusalGround, explanation, reference } = command.data;
    if (decision === 'REFUSE') {
      if (refusalGround === null || explanation === null) throw validationFailed([{ path: 'input.refusalGround', reason: 'a refusal needs its ground and explanation' }]);
      return [{ type: 'ErasureRefused', v: 1, data: { refusalGround, explanation, reference }, meta: metaFor(command, today) }];
    }
    return [{ type: 'PersonalDataErased', v: 1, data: { legalGround, reference }, meta: metaFor(command, today) }];
  }

  return { decide, evolve, initialState };
}

export type HouseholdDecider = ReturnType<typeof createHouseholdDecider>;
