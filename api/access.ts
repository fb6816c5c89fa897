import type { Actor, Role } from '../domain/actors.js';
import type { BusinessDate } from '../domain/dates.js';
import type { HouseholdCommand } from '../domain/household/commands.js';
import { holdsMandateOn } from '../domain/mandates.js';
import type { HouseholdOverview } from '../projections/householdOverview.js';

/**
 * Who may read what of a household (policy §8 and §10), in one place: first whether a viewer
 * sees the household at all (`householdAccess`), then, per role, what of it (`readPolicy`).
 * Every resolver that shows household data asks here, and the authorisation matrix
 * (test/auth/matrix.spec.ts) derives its expectations from the same table.
 */

/** A viewer of a household: the role and organisation the table is read for. */
export type Viewer = Pick<Actor, 'role' | 'org'>;

/**
 * The viewer as whom an actor sees the household, or null when it may not see it: everything
 * for the ombudsman, the household itself and a counsellor with a mandate today; a creditor
 * with claims there sees it too, as the table below allows a creditor.
 */
export function householdAccess(actor: Actor, household: HouseholdOverview, today: BusinessDate): Viewer | null {
  switch (actor.role) {
    case 'OMBUDSMAN':
      return actor;
    case 'COUNSELLOR':
      return holdsMandateOn(household.mandates, actor.org, today) ? actor : null;
    case 'HOUSEHOLD':
      return actor.org === household.householdId ? actor : null;
    case 'CREDITOR':
      return household.claims.some((c) => c.creditorId === actor.org) ? actor : null;
    case 'ADMIN':
      // Operational state, not personal data: an administrator sees no household.
      return null;
  }
}

/** all: every item; own: the items that are the viewer organisation's own; none: nothing. */
export type Seen = 'all' | 'own' | 'none';

/** Aspects that are shown whole or not at all (they have no owner to be "own" for). */
const wholeAspects = {
  /** Names, BSNs and birth dates. */
  members: { CREDITOR: 'none', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  /** Complaints, with their notes; also the complaint events of the timeline and the live feed. */
  complaints: { CREDITOR: 'none', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  /** Early signals and their handling (a partner sees its own through signalFeedback instead). */
  signals: { CREDITOR: 'none', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  mandates: { CREDITOR: 'none', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  /** Who read the household's personal data: for the household itself and for oversight. */
  readLog: { CREDITOR: 'none', COUNSELLOR: 'none', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  claimStatementRequests: { CREDITOR: 'none', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  /** Why an arrangement's term is longer tells of the household's circumstances (§10). */
  'arrangements.termReason': { CREDITOR: 'none', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  /** A moratorium's reason tells of health and life events (§10). */
  'moratoria.reason': { CREDITOR: 'none', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  /** A counsellor's dispute of an official protected income: its reason and resolution. */
  'protectedIncomeRecords.dispute': { CREDITOR: 'none', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
} as const satisfies Record<string, Record<Role, 'all' | 'none'>>;

/** Aspects made of items that each belong to organisations ("own": the viewer's among them). */
const itemAspects = {
  /** A claim is its creditor's. Totals and capacity count every claim, for every viewer. */
  claims: { CREDITOR: 'own', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  /** Which creditor an allocation is for; another creditor's shows without it. */
  'capacity.allocations.creditorId': { CREDITOR: 'own', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  /** Which creditor a measure is of, and its claims; another creditor's shows as amounts only. */
  'measures.creditorId': { CREDITOR: 'own', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  /** An arrangement's offers, each the creditor's it is made to. */
  'arrangements.offers': { CREDITOR: 'own', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  /** An official protected income's reference, the recording organisation's. */
  'protectedIncomeRecords.reference': { CREDITOR: 'own', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  /** An event is the organisation's that recorded it and the creditor's it concerns. */
  timeline: { CREDITOR: 'own', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
  /** A rule breach is the organisations' it names; of its own, a creditor sees only its part. */
  violations: { CREDITOR: 'own', COUNSELLOR: 'all', HOUSEHOLD: 'all', OMBUDSMAN: 'all', ADMIN: 'none' },
} as const satisfies Record<string, Record<Role, Seen>>;

export type WholeAspect = keyof typeof wholeAspects;
export type ItemAspect = keyof typeof itemAspects;
export type ReadAspect = WholeAspect | ItemAspect;

/** Role × aspect: what each role sees of a household it may see. */
export const readPolicy: Readonly<Record<ReadAspect, Readonly<Record<Role, Seen>>>> = Object.freeze({ ...wholeAspects, ...itemAspects });

export function sees(viewer: Viewer, aspect: ReadAspect): Seen {
  return readPolicy[aspect][viewer.role];
}

/** Whether the viewer sees this aspect in full (for a whole aspect: at all). */
export function seesAll(viewer: Viewer, aspect: ReadAspect): boolean {
  return sees(viewer, aspect) === 'all';
}

/** The organisations an item belongs to (null: none known). */
export type Owners = string | null | undefined | ReadonlyArray<string | null | undefined>;

/** Whether the viewer sees this item: all of them, or its own and the item is the viewer's. */
export function seesItem(viewer: Viewer, aspect: ItemAspect, owners: Owners): boolean {
  const seen = sees(viewer, aspect);
  if (seen !== 'own') return seen === 'all';
  return (Array.isArray(owners) ? owners : [owners]).includes(viewer.org);
}

/** The items of a list the viewer sees. */
export function visibleItems<T>(viewer: Viewer, aspect: ItemAspect, items: readonly T[], ownersOf: (item: T) => Owners): T[] {
  return items.filter((item) => seesItem(viewer, aspect, ownersOf(item)));
}

/**
 * What a change of the household tells of (the live feed): a viewer is told of a change only
 * when it sees that aspect. Changes not named here are amounts and dates every viewer sees.
 */
export const changeReveals: Readonly<Partial<Record<HouseholdCommand['type'], WholeAspect>>> = Object.freeze({
  LodgeComplaint: 'complaints',
  RecordComplaintNote: 'complaints',
  CloseComplaint: 'complaints',
  GrantMandate: 'mandates',
  RevokeMandate: 'mandates',
  RecordContactAttempt: 'signals',
  CloseSignal: 'signals',
  // That a household's personal data was erased is about its members.
  EraseHousehold: 'members',
  RequestClaimStatement: 'claimStatementRequests',
});

export function seesChange(viewer: Viewer, command: HouseholdCommand['type']): boolean {
  const aspect = changeReveals[command];
  return aspect === undefined || sees(viewer, aspect) !== 'none';
}
