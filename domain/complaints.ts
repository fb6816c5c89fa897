import type { BusinessDate } from './dates.js';

/**
 * Complaints to the ombudsman about how an organisation treated a household. The file keeps
 * the complaint, the ombudsman's findings and recommendations, the closure, and the ledger
 * events that matter to it.
 */
export const complaintNoteKinds = ['FINDING', 'RECOMMENDATION'] as const;
export type ComplaintNoteKind = (typeof complaintNoteKinds)[number];

export const complaintConclusions = ['FOUNDED', 'PARTLY_FOUNDED', 'UNFOUNDED', 'WITHDRAWN', 'SETTLED_BY_MEDIATION'] as const;
export type ComplaintConclusion = (typeof complaintConclusions)[number];

export interface ComplaintNote {
  kind: ComplaintNoteKind;
  text: string;
  on: BusinessDate;
  by: string;
}

export interface ComplaintFacts {
  complaintId: string;
  againstOrg: string;
  subject: string;
  text: string;
  lodgedOn: BusinessDate;
  lodgedBy: { org: string; role: string };
  /** Revisions of the household stream the complaint and its notes point at. */
  relatedRevisions: number[];
  notes: ComplaintNote[];
  conclusion: ComplaintConclusion | null;
  closingText: string | null;
  closedOn: BusinessDate | null;
  order: number;
}
