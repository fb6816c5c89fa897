/** Registering a household, its income and protected income, its mandates, and erasure. */
import { businessDateAt } from '../../dates.js';
import { LedgerError, validationFailed } from '../../errors.js';
import type { ParameterTable } from '../../parameters.js';
import { checkOfficialAmount, defaultRole, type ProtectedIncomeRecord, type ProtectedIncomeSource } from '../../protectedIncome.js';
import type { CommandMeta, HouseholdCommand } from '../commands.js';
import type { EventOfType, HouseholdEvent } from '../events.js';
import { holdsMandate, isTheHousehold, metaFor, notInFuture, requireHousehold, requireMandate } from '../guards.js';
import type { HouseholdState } from '../state.js';

export function registerHousehold(command: Extract<HouseholdCommand, { type: 'RegisterHousehold' }>, state: HouseholdState): HouseholdEvent[] {
  if (state.householdId !== null) throw new LedgerError('ALREADY_EXISTS', 'This household is already registered');
  if (command.meta.actor.role !== 'COUNSELLOR') throw new LedgerError('FORBIDDEN', 'Only a counsellor registers a household');
  const { data } = command;
  notInFuture(
    command,
    Object.fromEntries(data.members.map((m, i) => [`members.${i}.birthDate`, m.birthDate])),
  );
  const event: EventOfType<'HouseholdRegistered'> = {
    type: 'HouseholdRegistered',
    v: 2,
    data: {
      householdId: data.householdId,
      composition: data.composition,
      municipality: data.municipality,
      members: data.members.map((m, i) => ({
        memberId: `m${i + 1}`,
        bsn: m.bsn,
        name: m.name,
        birthDate: m.birthDate,
        role: m.role ?? defaultRole(data.composition, i),
      })),
    },
    meta: metaFor(command, data.effectiveOn),
  };
  return [event];
}

/** The composition from a date on: known members keep their id (by BSN), new ones get the next. */
export function changeComposition(command: Extract<HouseholdCommand, { type: 'ChangeComposition' }>, state: HouseholdState): HouseholdEvent[] {
  requireHousehold(state);
  requireMandate(state, command.meta.actor, command.meta.recordedAt);
  const { composition, members, effectiveOn } = command.data;
  if (state.registeredOn !== null && effectiveOn < state.registeredOn) {
    throw validationFailed([{ path: 'input.effectiveOn', reason: `is before the household was registered (${state.registeredOn})` }]);
  }
  notInFuture(command, Object.fromEntries(members.map((m, i) => [`members.${i}.birthDate`, m.birthDate])));
  let next = state.members.length;
  const named = members.map((m, i) => {
    const known = state.members.find((x) => x.bsn === m.bsn);
    const memberId = known?.memberId ?? `m${++next}`;
    return { memberId, bsn: m.bsn, name: m.name, birthDate: m.birthDate, role: m.role ?? defaultRole(composition, i) };
  });
  return [{ type: 'CompositionChanged', v: 1, data: { composition, members: named }, meta: metaFor(command, effectiveOn) }];
}

export function declareIncome(command: Extract<HouseholdCommand, { type: 'DeclareIncome' }>, state: HouseholdState): HouseholdEvent[] {
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

export function recordProtectedIncome(command: Extract<HouseholdCommand, { type: 'RecordProtectedIncome' }>, state: HouseholdState, parameters: ParameterTable): HouseholdEvent[] {
  requireHousehold(state);
  const { actor } = command.meta;
  const { amount, source, reference, validFrom } = command.data;
  // A creditor gains from a higher attachable room: it records only what a bailiff or the
  // Inlichtingenbureau established, within the legal bounds; COURT and other records are the counsellor's.
  if (!holdsMandate(state, actor, command.meta.recordedAt) && !creditorSources.includes(source)) {
    throw new LedgerError('FORBIDDEN', `A creditor records a protected income from ${creditorSources.join(' or ')} only; a ${source} record is the counsellor's`);
  }
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

const creditorSources: readonly ProtectedIncomeSource[] = ['BAILIFF', 'INLICHTINGENBUREAU'];

function disputedRecord(state: HouseholdState, recordSeq: number): ProtectedIncomeRecord {
  const record = state.protectedIncomes.find((p) => p.seq === recordSeq);
  if (!record) throw new LedgerError('NOT_FOUND', 'No protected income record with this id on this household');
  return record;
}

export function disputeProtectedIncome(command: Extract<HouseholdCommand, { type: 'DisputeProtectedIncome' }>, state: HouseholdState): HouseholdEvent[] {
  requireHousehold(state);
  const record = disputedRecord(state, command.data.recordSeq);
  if (record.dispute && record.dispute.resolvedOn === null) throw new LedgerError('ALREADY_EXISTS', 'This protected income record is already disputed');
  const { recordSeq, reason } = command.data;
  return [{ type: 'ProtectedIncomeDisputed', v: 1, data: { recordSeq, reason }, meta: metaFor(command, businessDateAt(command.meta.recordedAt)) }];
}

export function resolveProtectedIncomeDispute(command: Extract<HouseholdCommand, { type: 'ResolveProtectedIncomeDispute' }>, state: HouseholdState): HouseholdEvent[] {
  requireHousehold(state);
  const record = disputedRecord(state, command.data.recordSeq);
  if (!record.dispute || record.dispute.resolvedOn !== null) throw new LedgerError('NOT_FOUND', 'This protected income record has no open dispute');
  const { recordSeq, resolution } = command.data;
  return [{ type: 'ProtectedIncomeDisputeResolved', v: 1, data: { recordSeq, resolution }, meta: metaFor(command, businessDateAt(command.meta.recordedAt)) }];
}

/** The household itself, or a counsellor holding a mandate, manages mandates. */
export function requireMandateManager(state: HouseholdState, meta: CommandMeta): void {
  requireHousehold(state);
  if (!isTheHousehold(state, meta.actor) && !holdsMandate(state, meta.actor, meta.recordedAt)) {
    throw new LedgerError('FORBIDDEN', 'Mandates are granted and revoked by the household or by a counsellor that holds one');
  }
}

export function grantMandate(command: Extract<HouseholdCommand, { type: 'GrantMandate' }>, state: HouseholdState): HouseholdEvent[] {
  requireMandateManager(state, command.meta);
  const { counsellorOrg, startsOn, endsOn } = command.data;
  if (command.meta.actor.role === 'COUNSELLOR' && counsellorOrg === command.meta.actor.org) {
    // Otherwise a mandate about to expire could be extended by its own holder.
    throw new LedgerError('FORBIDDEN', 'A counsellor grants a mandate to another counsellor organisation, not to itself');
  }
  return [{ type: 'MandateGranted', v: 1, data: { counsellorOrg, endsOn }, meta: metaFor(command, startsOn) }];
}

export function revokeMandate(command: Extract<HouseholdCommand, { type: 'RevokeMandate' }>, state: HouseholdState): HouseholdEvent[] {
  requireMandateManager(state, command.meta);
  const { counsellorOrg } = command.data;
  if (!state.mandates.some((m) => m.counsellorOrg === counsellorOrg && !m.revoked)) {
    throw new LedgerError('NOT_FOUND', `${counsellorOrg} holds no mandate to revoke`);
  }
  return [{ type: 'MandateRevoked', v: 1, data: { counsellorOrg }, meta: metaFor(command, businessDateAt(command.meta.recordedAt)) }];
}

export function eraseHousehold(command: Extract<HouseholdCommand, { type: 'EraseHousehold' }>, state: HouseholdState): HouseholdEvent[] {
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

