import type { Actor } from '../actors.js';
import { outstanding, type ClaimFacts } from '../claims.js';
import { businessDateAt, type BusinessDate } from '../dates.js';
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
  ChargeCollectionCostsInput,
  DeclareIncomeInput,
  RecordPaymentInput,
  RecordProtectedIncomeInput,
  RegisterClaimInput,
  RegisterHouseholdInput,
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
  | { type: 'RecordPayment'; meta: CommandMeta; data: Without<RecordPaymentInput, 'commandId'> };

export interface MemberState {
  memberId: string;
  bsn: string;
  name: string;
  birthDate: BusinessDate;
}

/** What a repeated command answers: where the first one landed. */
export interface Receipt {
  revision: number;
  recordedAt: string;
  claimId?: string;
}

export interface HouseholdState {
  householdId: string | null;
  composition: Composition;
  municipality: string;
  registeredOn: BusinessDate | null;
  /** The counsellor organisation that registered the household holds its mandate. */
  counsellorOrgs: string[];
  members: MemberState[];
  incomes: IncomeDeclaration[];
  protectedIncomes: ProtectedIncomeRecord[];
  claims: Map<string, ClaimFacts>;
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
    counsellorOrgs: [],
    members: [],
    incomes: [],
    protectedIncomes: [],
    claims: new Map(),
    revision: 0,
    lastRecordedAt: null,
    receipts: new Map(),
  };
}

/** Command ids are the caller's idempotency keys, unique per acting organisation. */
export function receiptKey(actor: Pick<Actor, 'org'>, commandId: string): string {
  return `${actor.org}\u0000${commandId}`;
}

function recordReceipt(state: HouseholdState, meta: EventMeta, claimId?: string): void {
  const key = receiptKey(meta, meta.commandId);
  const receipt: Receipt = { revision: state.revision, recordedAt: meta.recordedAt };
  const first = state.receipts.get(key);
  const id = claimId ?? first?.claimId;
  state.receipts.set(key, id === undefined ? receipt : { ...receipt, claimId: id });
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
  let claimId: string | undefined;
  switch (event.type) {
    case 'HouseholdRegistered':
      state.householdId = event.data.householdId;
      state.composition = event.data.composition;
      state.municipality = event.data.municipality;
      state.registeredOn = on;
      state.members = event.data.members.map((m) => ({ ...m }));
      state.counsellorOrgs = event.meta.role === 'COUNSELLOR' ? [event.meta.org] : [];
      break;
    case 'IncomeDeclared':
      state.incomes.push({ ...event.data, effectiveOn: on, seq: state.revision });
      break;
    case 'ProtectedIncomeRecorded':
      state.protectedIncomes.push({ ...event.data, validFrom: on, seq: state.revision });
      break;
    case 'ClaimRegistered':
      claimId = event.data.claimId;
      state.claims.set(claimId, {
        ...event.data,
        incurredOn: on,
        costs: 0,
        interest: 0,
        paid: 0,
        writtenOff: 0,
        order: state.claims.size,
      });
      break;
    case 'CollectionCostsCharged':
      updateClaim(state, event.data.claimId, (c) => ({ ...c, costs: c.costs + event.data.amount }));
      break;
    case 'PaymentRecorded':
      updateClaim(state, event.data.claimId, (c) => ({ ...c, paid: c.paid + event.data.amount }));
      break;
    default: {
      const unknown: never = event;
      throw new Error(`unhandled event ${(unknown as HouseholdEvent).type}`);
    }
  }
  recordReceipt(state, event.meta, claimId);
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

function holdsMandate(state: HouseholdState, actor: Actor): boolean {
  return actor.role === 'COUNSELLOR' && state.counsellorOrgs.includes(actor.org);
}

function requireMandate(state: HouseholdState, actor: Actor): void {
  if (!holdsMandate(state, actor)) {
    throw new LedgerError('FORBIDDEN', `${actor.org} holds no mandate for this household`);
  }
}

function hasClaims(state: HouseholdState, creditorId: string): boolean {
  for (const c of state.claims.values()) if (c.creditorId === creditorId) return true;
  return false;
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

export function createHouseholdDecider(parameters: ParameterTable) {
  function decide(command: HouseholdCommand, state: HouseholdState): HouseholdEvent[] {
    if (state.receipts.has(receiptKey(command.meta.actor, command.meta.commandId))) return [];
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
    requireMandate(state, command.meta.actor);
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
    const allowed = holdsMandate(state, actor) || (actor.role === 'CREDITOR' && hasClaims(state, actor.org));
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

  return { decide, evolve, initialState };
}

export type HouseholdDecider = ReturnType<typeof createHouseholdDecider>;
