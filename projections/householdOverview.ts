import { balanceStatus, outstanding, type ClaimFacts, type ClaimStatus } from '../domain/claims.js';
import type { BusinessDate } from '../domain/dates.js';
import type { MeasureFacts } from '../domain/allocation.js';
import type { MoratoriumFacts } from '../domain/capacity.js';
import type { ComplaintFacts } from '../domain/complaints.js';
import type { Mandate } from '../domain/mandates.js';
import type { SignalFacts } from '../domain/signals.js';
import { evolve, initialState, type ArrangementState, type ClaimStatementRequestFacts, type HouseholdState, type MemberState } from '../domain/household/decider.js';
import type { HouseholdEvent } from '../domain/household/events.js';
import { claimWithInterest, type InterestFlag } from '../domain/interest.js';
import type { Cents } from '../domain/money.js';
import type { InterestRateRow } from '../domain/parameters.js';
import type { Projection } from './projection.js';
import { defaultRole, type Composition, type CompositionPeriod, type IncomeDeclaration, type ProtectedIncomeRecord } from '../domain/protectedIncome.js';

/**
 * The household overview read model: one JSON document per household with its members, the
 * facts capacity is computed from, and every claim with its balance. It folds events with the
 * decider's own `evolve`, so the overview can never disagree with what commands are decided on.
 */
export interface ClaimView extends ClaimFacts {
  outstanding: Cents;
  status: ClaimStatus;
  /** Set by `claimOn`: flags of the interest computation (INTEREST_RATE_UNCONFIRMED, …). */
  flags?: InterestFlag[];
}

/** A claim as of a date: its statutory interest up to and including that date, and the balance with it. */
export function claimOn(claim: ClaimFacts, rates: readonly InterestRateRow[], on: BusinessDate): ClaimView {
  const { claim: dated, flags } = claimWithInterest(claim, rates, on);
  return { ...dated, outstanding: outstanding(dated), status: balanceStatus(dated), flags };
}

export interface HouseholdOverview {
  householdId: string;
  composition: Composition;
  municipality: string;
  registeredOn: BusinessDate;
  /** Registration and each composition change (absent in documents written before issue 12). */
  compositionPeriods?: CompositionPeriod[];
  mandates: Mandate[];
  members: MemberState[];
  incomes: IncomeDeclaration[];
  protectedIncomes: ProtectedIncomeRecord[];
  claims: ClaimView[];
  measures: MeasureFacts[];
  moratoria: MoratoriumFacts[];
  arrangements: ArrangementState[];
  signals: SignalFacts[];
  complaints: ComplaintFacts[];
  /** Absent in documents written before 4 December 2026. */
  claimStatementRequests?: ClaimStatementRequestFacts[];
  revision: number;
  lastRecordedAt: string;
}

export interface DebtTotals {
  outstanding: Cents;
  claimCount: number;
  creditorCount: number;
  /** Every flag of the claims counted (INTEREST_RATE_UNCONFIRMED when one used an unconfirmed rate). */
  flags: InterestFlag[];
}

/** Documents written by an older version lack the newer lists: they read as empty. */
function toState(doc: HouseholdOverview): HouseholdState {
  const state = initialState();
  state.householdId = doc.householdId;
  state.composition = doc.composition;
  state.municipality = doc.municipality;
  state.registeredOn = doc.registeredOn;
  state.mandates = (doc.mandates ?? []).map((m) => ({ ...m }));
  // Documents from before member roles read as the events did (protectedIncome.defaultRole).
  state.members = doc.members.map((m, i) => ({ ...m, role: m.role ?? defaultRole(doc.composition, i) }));
  state.compositionPeriods = (doc.compositionPeriods ?? []).map((p) => ({ ...p, members: p.members.map((m) => ({ ...m })) }));
  state.incomes = doc.incomes.map((i) => ({ ...i }));
  state.protectedIncomes = doc.protectedIncomes.map((p) => ({ ...p }));
  // Claims in documents from before issue 12 item 9 have no dated payments: their sum reads as one
  // payment on the day the claim was incurred (no interest runs for them: interestFrom is null).
  for (const { outstanding: _o, status: _s, ...claim } of doc.claims) {
    state.claims.set(claim.claimId, {
      ...claim,
      interestFrom: claim.interestFrom ?? null,
      costCharges: claim.costCharges ?? (claim.costs > 0 ? [{ on: claim.incurredOn, amount: claim.costs }] : []),
      payments: claim.payments ?? (claim.paid > 0 ? [{ on: claim.incurredOn, amount: claim.paid }] : []),
      interestPauses: claim.interestPauses ?? [],
    });
  }
  for (const m of doc.measures ?? []) state.measures.set(m.measureId, { ...m });
  for (const m of doc.moratoria ?? []) state.moratoria.set(m.moratoriumId, { ...m });
  for (const a of doc.arrangements ?? []) state.arrangements.set(a.arrangementId, { ...a });
  for (const sig of doc.signals ?? []) state.signals.set(sig.signalId, { ...sig });
  for (const c of doc.complaints ?? []) state.complaints.set(c.complaintId, { ...c });
  for (const r of doc.claimStatementRequests ?? []) state.claimStatementRequests.set(r.requestId, { ...r });
  state.revision = doc.revision;
  state.lastRecordedAt = doc.lastRecordedAt;
  return state;
}

/** The overview of a decided state (receipts are the decider's business, not the reader's). */
export function overviewOf(state: HouseholdState): HouseholdOverview {
  if (state.householdId === null || state.registeredOn === null || state.lastRecordedAt === null) {
    throw new Error('overview of a household that was never registered');
  }
  return {
    householdId: state.householdId,
    composition: state.composition,
    municipality: state.municipality,
    registeredOn: state.registeredOn,
    compositionPeriods: state.compositionPeriods.map((p) => ({ ...p, members: p.members.map((m) => ({ ...m })) })),
    mandates: state.mandates.map((m) => ({ ...m })),
    members: state.members.map((m) => ({ ...m })),
    incomes: state.incomes.map((i) => ({ ...i })),
    protectedIncomes: state.protectedIncomes.map((p) => ({ ...p })),
    claims: [...state.claims.values()]
      .sort((a, b) => a.order - b.order)
      .map((c) => ({ ...c, outstanding: outstanding(c), status: balanceStatus(c) })),
    measures: [...state.measures.values()].sort((a, b) => a.order - b.order),
    moratoria: [...state.moratoria.values()],
    arrangements: [...state.arrangements.values()].sort((a, b) => a.order - b.order),
    signals: [...state.signals.values()].sort((a, b) => a.order - b.order),
    complaints: [...state.complaints.values()].sort((a, b) => a.order - b.order),
    claimStatementRequests: [...state.claimStatementRequests.values()].sort((a, b) => a.order - b.order),
    revision: state.revision,
    lastRecordedAt: state.lastRecordedAt,
  };
}

/** `(overview, event) → overview`: the projection's fold. */
export function evolveOverview(doc: HouseholdOverview | null, event: HouseholdEvent): HouseholdOverview {
  return overviewOf(evolve(doc === null ? initialState() : toState(doc), event));
}

/**
 * The household overview as a projection. Its folder keeps the decider's state and makes the
 * document once at the end, instead of turning the state into a document and back for every
 * event; receipts are the decider's business, not the overview's, so they are not kept.
 */
export const householdOverviewProjection: Projection<HouseholdOverview> = {
  name: 'household_overview',
  version: 1,
  evolve: evolveOverview,
  folder(doc) {
    let state = doc === null ? initialState() : toState(doc);
    return {
      add(event) {
        state = evolve(state, event);
        state.receipts.clear();
      },
      document: () => overviewOf(state),
    };
  },
};

export function totalsOf(claims: readonly ClaimView[]): DebtTotals {
  return {
    outstanding: claims.reduce((sum, c) => sum + c.outstanding, 0),
    claimCount: claims.length,
    creditorCount: new Set(claims.map((c) => c.creditorId)).size,
    flags: [...new Set(claims.flatMap((c) => c.flags ?? []))].sort(),
  };
}

/**
 * Applies `f` to every personal value of an overview (names, BSNs, birth dates, payers,
 * references, free text):
 * read models hold them sealed, and the API opens them with the household's key.
 */
export function mapPersonal(doc: HouseholdOverview, f: (value: string, compared?: boolean) => string): HouseholdOverview {
  return {
    ...doc,
    members: doc.members.map((m) => ({ ...m, bsn: f(m.bsn), name: f(m.name), birthDate: f(m.birthDate) })),
    // The payer tells income sources apart (domain/personalData.ts comparedPersonalFields).
    incomes: doc.incomes.map((i) => ({ ...i, payer: f(i.payer, true) })),
    claims: doc.claims.map((c) => ({ ...c, reference: f(c.reference), description: f(c.description) })),
    moratoria: (doc.moratoria ?? []).map((m) => ({ ...m, reason: f(m.reason) })),
    protectedIncomes: doc.protectedIncomes.map((p) => ({
      ...p,
      reference: f(p.reference),
      dispute: p.dispute ? { ...p.dispute, reason: f(p.dispute.reason), resolution: p.dispute.resolution === null ? null : f(p.dispute.resolution) } : (p.dispute ?? null),
    })),
    arrangements: (doc.arrangements ?? []).map((a) => ({ ...a, termReason: a.termReason === null ? null : f(a.termReason) })),
    complaints: (doc.complaints ?? []).map((c) => ({
      ...c,
      subject: f(c.subject),
      text: f(c.text),
      notes: c.notes.map((n) => ({ ...n, text: f(n.text) })),
      closingText: c.closingText === null ? null : f(c.closingText),
    })),
  };
}
