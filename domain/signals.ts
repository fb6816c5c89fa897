import { addDays, type BusinessDate } from './dates.js';
import { addWorkingDays, isWorkingDay, type DesignatedDays } from './workingDays.js';

/**
 * Early signals (vroegsignalering), policy §7 and dutch-debt-rules.md §5: arrears signals
 * from fixed-cost partners and public creditors, each with an outreach deadline, closed with
 * an outcome from the DDAS list (EnumEindresultaat).
 */
export const partnerTypes = [
  'HOUSING',
  'ENERGY',
  'WATER',
  'HEALTH_INSURER',
  'MORTGAGE',
  'CAK',
  'DUO',
  'BELASTINGDIENST',
  'TOESLAGEN',
  'OTHER_PUBLIC',
] as const;
export type PartnerType = (typeof partnerTypes)[number];

/** DDAS case outcomes (EnumEindresultaat). */
export const signalOutcomes = [
  'REPEAT_SIGNAL',
  'UNJUSTIFIED_SIGNAL',
  'DECEASED',
  'NOT_AN_INHABITANT',
  'NOT_PICKED_UP_OTHER_REASON',
  'ALREADY_KNOWN_TO_DEBT_HELP',
  'IN_OTHER_SUPPORT_TRAJECTORY',
  'NO_CONTACT',
  'NO_REACTION_AFTER_CONTACT',
  'HELP_DECLINED',
  'ALREADY_PAID_OR_PLAN_AGREED',
  'RESOLVED_WITHIN_30_DAYS',
  'REFERRED_TO_FOLLOW_UP_HELP',
  'REFERRED_WITHOUT_CONTACT',
] as const;
export type SignalOutcome = (typeof signalOutcomes)[number];

/** DDAS Contactpoging.soort. */
export const contactMethods = ['MAIL', 'LETTER', 'SMS_OR_APP', 'PHONE', 'HOME_VISIT', 'CARD', 'OTHER', 'ADMINISTRATIVE'] as const;
export type ContactMethod = (typeof contactMethods)[number];

/**
 * What the partner that sent a signal may learn of its outcome. "Not picked up: other reason"
 * (and the personal outcomes behind not picking up) show only that it was not picked up.
 */
export const partnerFeedbackCodes = ['OPEN', 'REPEAT_SIGNAL', 'UNJUSTIFIED_SIGNAL', 'NOT_PICKED_UP', 'NO_CONTACT', 'PICKED_UP'] as const;
export type PartnerFeedback = (typeof partnerFeedbackCodes)[number];

export function partnerFeedback(outcome: SignalOutcome | null): PartnerFeedback {
  switch (outcome) {
    case null:
      return 'OPEN';
    case 'REPEAT_SIGNAL':
      return 'REPEAT_SIGNAL';
    case 'UNJUSTIFIED_SIGNAL':
      return 'UNJUSTIFIED_SIGNAL';
    case 'DECEASED':
    case 'NOT_AN_INHABITANT':
    case 'NOT_PICKED_UP_OTHER_REASON':
    case 'ALREADY_KNOWN_TO_DEBT_HELP':
    case 'IN_OTHER_SUPPORT_TRAJECTORY':
      return 'NOT_PICKED_UP';
    case 'NO_CONTACT':
    case 'NO_REACTION_AFTER_CONTACT':
    case 'REFERRED_WITHOUT_CONTACT':
      return 'NO_CONTACT';
    case 'HELP_DECLINED':
    case 'ALREADY_PAID_OR_PLAN_AGREED':
    case 'RESOLVED_WITHIN_30_DAYS':
    case 'REFERRED_TO_FOLLOW_UP_HELP':
      return 'PICKED_UP';
  }
}

/**
 * Outreach deadline (Wgs art. 4): 3 working days in a threatening situation (eviction,
 * disconnection, health-insurance cancellation), else 4 weeks; a deadline that ends on a
 * Saturday, Sunday or holiday moves to the next working day (Algemene termijnenwet art. 1).
 */
export function outreachDeadline(receivedOn: BusinessDate, threatening: boolean, designated?: DesignatedDays): BusinessDate {
  if (threatening) return addWorkingDays(receivedOn, 3, designated);
  const fourWeeks = addDays(receivedOn, 28);
  return isWorkingDay(fourWeeks, designated) ? fourWeeks : addWorkingDays(fourWeeks, 1, designated);
}

export interface SignalFacts {
  signalId: string;
  partnerOrg: string;
  partnerType: PartnerType;
  amount: number;
  arrearsSince: BusinessDate;
  threatening: boolean;
  receivedOn: BusinessDate;
  deadline: BusinessDate;
  outcome: SignalOutcome | null;
  closedOn: BusinessDate | null;
  contactAttempts: Array<{ on: BusinessDate; method: ContactMethod; reached: boolean }>;
  order: number;
}

/**
 * A signal is a repeat (DDAS "herhaalde melding") when the same partner already signalled the
 * same arrears episode (the same `arrearsSince`) and the amount has not increased since its last
 * signal of that episode. Arrears that began anew after earlier ones were paid are a new signal.
 */
export function isRepeatSignal(previous: readonly SignalFacts[], partnerOrg: string, arrearsSince: BusinessDate, amount: number): boolean {
  const last = [...previous]
    .filter((s) => s.partnerOrg === partnerOrg && s.arrearsSince === arrearsSince)
    .sort((a, b) => a.order - b.order)
    .pop();
  return last !== undefined && amount <= last.amount;
}

/** Open signals first by how overdue they are on `today`, then by deadline. */
export function worklistOrder(a: Pick<SignalFacts, 'deadline' | 'order'>, b: Pick<SignalFacts, 'deadline' | 'order'>): number {
  if (a.deadline !== b.deadline) return a.deadline < b.deadline ? -1 : 1;
  return a.order - b.order;
}
