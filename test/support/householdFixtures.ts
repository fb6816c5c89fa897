import type { Actor } from '../../domain/actors.js';
import type { CommandMeta, HouseholdCommand } from '../../domain/household/decider.js';
import type { DatedEventMeta, EventOfType } from '../../domain/household/events.js';

/**
 * Actors, commands and events for household decider specifications. Builders take the fields
 * a test cares about and fill in the rest; every default is a realistic value.
 */

/** "Today" is 2025-03-20 in Europe/Amsterdam. */
export const AT = '2025-03-20T10:00:00+01:00';
export const HOUSEHOLD_ID = 'h-1';

export const counsellor: Actor = { org: 'GEM-UTRECHT', role: 'COUNSELLOR', sub: 'anna@gem-utrecht.nl' };
export const otherCounsellor: Actor = { org: 'GEM-AMSTERDAM', role: 'COUNSELLOR', sub: 'bram@gem-amsterdam.nl' };
export const cjib: Actor = { org: 'CJIB', role: 'CREDITOR', sub: 'incasso@cjib.nl' };
export const eneco: Actor = { org: 'ENECO', role: 'CREDITOR', sub: 'debiteuren@eneco.nl' };
export const ombudsman: Actor = { org: 'NO', role: 'OMBUDSMAN', sub: 'onderzoek@nationaleombudsman.nl' };
export const householdActor: Actor = { org: HOUSEHOLD_ID, role: 'HOUSEHOLD', sub: 'jan@example.nl' };
export const admin: Actor = { org: 'TOTAALBEELD', role: 'ADMIN', sub: 'ops@totaalbeeld.nl' };

export const JAN = { bsn: '111222333', name: 'Jan de Vries', birthDate: '1990-01-01' };
export const PIET = { bsn: '999993653', name: 'Piet de Vries', birthDate: '1988-05-12' };

export type CommandOf<T extends HouseholdCommand['type']> = Extract<HouseholdCommand, { type: T }>;

export interface MetaOptions {
  actor?: Actor;
  commandId?: string;
  recordedAt?: string;
}

export function commandMeta(actor: Actor, commandId: string, recordedAt: string = AT): CommandMeta {
  return { actor, commandId, correlationId: `corr-${commandId}`, recordedAt };
}

export function eventMeta(actor: Actor, commandId: string, effectiveOn: string, recordedAt: string = AT): DatedEventMeta {
  return { org: actor.org, role: actor.role, sub: actor.sub, commandId, correlationId: `corr-${commandId}`, recordedAt, effectiveOn };
}

function metaOf(options: MetaOptions, actor: Actor, commandId: string): CommandMeta {
  return commandMeta(options.actor ?? actor, options.commandId ?? commandId, options.recordedAt ?? AT);
}

function eventMetaOf(options: MetaOptions, actor: Actor, commandId: string, effectiveOn: string): DatedEventMeta {
  return eventMeta(options.actor ?? actor, options.commandId ?? commandId, effectiveOn, options.recordedAt ?? AT);
}

// ---------------------------------------------------------------- commands

export function registerHousehold(data: Partial<CommandOf<'RegisterHousehold'>['data']> = {}, meta: MetaOptions = {}): CommandOf<'RegisterHousehold'> {
  return {
    type: 'RegisterHousehold',
    meta: metaOf(meta, counsellor, 'cmd-register'),
    data: { householdId: HOUSEHOLD_ID, composition: 'SINGLE', municipality: 'Utrecht', members: [JAN], effectiveOn: '2025-01-01', ...data },
  };
}

export function declareIncome(data: Partial<CommandOf<'DeclareIncome'>['data']> = {}, meta: MetaOptions = {}): CommandOf<'DeclareIncome'> {
  return {
    type: 'DeclareIncome',
    meta: metaOf(meta, counsellor, 'cmd-income'),
    data: { memberBsn: JAN.bsn, kind: 'WAGES', payer: 'Bouwbedrijf Jansen', netMonthly: 200_000, effectiveOn: '2025-01-01', ...data },
  };
}

export function recordProtectedIncome(
  data: Partial<CommandOf<'RecordProtectedIncome'>['data']> = {},
  meta: MetaOptions = {},
): CommandOf<'RecordProtectedIncome'> {
  return {
    type: 'RecordProtectedIncome',
    meta: metaOf(meta, counsellor, 'cmd-bvv'),
    data: { amount: 130_000, source: 'INLICHTINGENBUREAU', reference: 'IB-2025-0001', validFrom: '2025-03-01', ...data },
  };
}

export function registerClaim(data: Partial<CommandOf<'RegisterClaim'>['data']> = {}, meta: MetaOptions = {}): CommandOf<'RegisterClaim'> {
  return {
    type: 'RegisterClaim',
    meta: metaOf(meta, cjib, 'cmd-claim'),
    data: {
      claimId: 'h-1.claim-1',
      reference: 'CJIB-123',
      description: 'Verkeersboete',
      principal: 100_000,
      preferential: false,
      consumer: true,
      incurredOn: '2025-01-10',
      ...data,
    },
  };
}

/**
 * A counsellor asks a creditor for its claims (issue 11): without an open request (or a claim of
 * its own already) a creditor may not register a claim. Due four weeks after today.
 */
export function requestClaimStatement(
  data: Partial<CommandOf<'RequestClaimStatement'>['data']> = {},
  meta: MetaOptions = {},
): CommandOf<'RequestClaimStatement'> {
  const creditorOrg = data.creditorOrg ?? cjib.org;
  return {
    type: 'RequestClaimStatement',
    meta: metaOf(meta, counsellor, `cmd-request-${creditorOrg}`),
    data: { requestId: `h-1.claimStatement-${creditorOrg}`, creditorOrg, dueOn: '2025-04-17', ...data },
  };
}

export function chargeCollectionCosts(
  data: Partial<CommandOf<'ChargeCollectionCosts'>['data']> = {},
  meta: MetaOptions = {},
): CommandOf<'ChargeCollectionCosts'> {
  return {
    type: 'ChargeCollectionCosts',
    meta: metaOf(meta, cjib, 'cmd-costs'),
    // Sent 1 March, presumed received 3 March: costs from 18 March (issue 12 item 8).
    data: { claimId: 'h-1.claim-1', amount: 15_000, vatApplies: false, reminderSentOn: '2025-03-01', chargedOn: '2025-03-18', ...data },
  };
}

export function recordPayment(data: Partial<CommandOf<'RecordPayment'>['data']> = {}, meta: MetaOptions = {}): CommandOf<'RecordPayment'> {
  return {
    type: 'RecordPayment',
    meta: metaOf(meta, cjib, 'cmd-payment'),
    data: { claimId: 'h-1.claim-1', amount: 10_000, paidOn: '2025-03-18', ...data },
  };
}

// ---------------------------------------------------------------- events

export interface EventOptions extends MetaOptions {
  effectiveOn?: string;
}

type MemberData = EventOfType<'HouseholdRegistered'>['data']['members'][number];

export const JAN_MEMBER: MemberData = { memberId: 'm1', ...JAN, role: 'DEBTOR' };
export const PIET_MEMBER: MemberData = { memberId: 'm2', ...PIET, role: 'PARTNER' };

export function householdRegistered(
  data: Partial<EventOfType<'HouseholdRegistered'>['data']> = {},
  meta: EventOptions = {},
): EventOfType<'HouseholdRegistered'> {
  return {
    type: 'HouseholdRegistered',
    v: 2,
    data: { householdId: HOUSEHOLD_ID, composition: 'SINGLE', municipality: 'Utrecht', members: [JAN_MEMBER], ...data },
    meta: eventMetaOf(meta, counsellor, 'cmd-register', meta.effectiveOn ?? '2025-01-01'),
  };
}

export function incomeDeclared(data: Partial<EventOfType<'IncomeDeclared'>['data']> = {}, meta: EventOptions = {}): EventOfType<'IncomeDeclared'> {
  return {
    type: 'IncomeDeclared',
    v: 1,
    data: { memberId: 'm1', kind: 'WAGES', payer: 'Bouwbedrijf Jansen', netMonthly: 200_000, ...data },
    meta: eventMetaOf(meta, counsellor, 'cmd-income', meta.effectiveOn ?? '2025-01-01'),
  };
}

export function protectedIncomeRecorded(
  data: Partial<EventOfType<'ProtectedIncomeRecorded'>['data']> = {},
  meta: EventOptions = {},
): EventOfType<'ProtectedIncomeRecorded'> {
  return {
    type: 'ProtectedIncomeRecorded',
    v: 1,
    data: { amount: 130_000, source: 'INLICHTINGENBUREAU', reference: 'IB-2025-0001', ...data },
    meta: eventMetaOf(meta, counsellor, 'cmd-bvv', meta.effectiveOn ?? '2025-03-01'),
  };
}

/** The counsellor's request for a creditor's claims (default CJIB's), requested today. */
export function claimStatementRequested(
  data: Partial<EventOfType<'ClaimStatementRequested'>['data']> = {},
  meta: EventOptions = {},
): EventOfType<'ClaimStatementRequested'> {
  const creditorOrg = data.creditorOrg ?? cjib.org;
  return {
    type: 'ClaimStatementRequested',
    v: 1,
    data: { requestId: `h-1.claimStatement-${creditorOrg}`, creditorOrg, dueOn: '2025-04-17', ...data },
    meta: eventMetaOf(meta, counsellor, `cmd-request-${creditorOrg}`, meta.effectiveOn ?? '2025-03-20'),
  };
}

export function claimRegistered(data: Partial<EventOfType<'ClaimRegistered'>['data']> = {}, meta: EventOptions = {}): EventOfType<'ClaimRegistered'> {
  const actor = meta.actor ?? cjib;
  return {
    type: 'ClaimRegistered',
    v: 2,
    data: {
      claimId: 'h-1.claim-1',
      creditorId: actor.org,
      reference: 'CJIB-123',
      description: 'Verkeersboete',
      principal: 100_000,
      preferential: false,
      consumer: true,
      interestFrom: null,
      ...data,
    },
    meta: eventMetaOf(meta, cjib, 'cmd-claim', meta.effectiveOn ?? '2025-01-10'),
  };
}

export function collectionCostsCharged(
  data: Partial<EventOfType<'CollectionCostsCharged'>['data']> = {},
  meta: EventOptions = {},
): EventOfType<'CollectionCostsCharged'> {
  return {
    type: 'CollectionCostsCharged',
    v: 2,
    data: { claimId: 'h-1.claim-1', amount: 15_000, vatApplies: false, reminderSentOn: '2025-03-01', reminderReceivedOn: null, reminderReference: null, ...data },
    meta: eventMetaOf(meta, cjib, 'cmd-costs', meta.effectiveOn ?? '2025-03-18'),
  };
}

export function paymentRecorded(data: Partial<EventOfType<'PaymentRecorded'>['data']> = {}, meta: EventOptions = {}): EventOfType<'PaymentRecorded'> {
  return {
    type: 'PaymentRecorded',
    v: 1,
    data: { claimId: 'h-1.claim-1', amount: 10_000, ...data },
    meta: eventMetaOf(meta, cjib, 'cmd-payment', meta.effectiveOn ?? '2025-03-18'),
  };
}
