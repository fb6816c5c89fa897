/** Complaints and the ombudsman's file. */
import type { Actor } from '../../actors.js';
import type { ComplaintFacts } from '../../complaints.js';
import { businessDateAt } from '../../dates.js';
import { LedgerError, validationFailed } from '../../errors.js';
import type { HouseholdCommand } from '../commands.js';
import type { HouseholdEvent } from '../events.js';
import { holdsMandate, isTheHousehold, metaFor, requireHousehold } from '../guards.js';
import type { HouseholdState } from '../state.js';

export function checkRevisions(state: HouseholdState, revisions: readonly number[]): void {
  const beyond = revisions.find((r) => r > state.revision);
  if (beyond !== undefined) {
    throw validationFailed([{ path: 'input.relatedRevisions', reason: `revision ${beyond} does not exist (the household is at ${state.revision})` }]);
  }
}

export function lodgeComplaint(command: Extract<HouseholdCommand, { type: 'LodgeComplaint' }>, state: HouseholdState): HouseholdEvent[] {
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

export function openComplaint(state: HouseholdState, actor: Actor, complaintId: string): ComplaintFacts {
  requireHousehold(state);
  if (actor.role !== 'OMBUDSMAN') throw new LedgerError('FORBIDDEN', 'Only the ombudsman records findings, recommendations and closure');
  const complaint = state.complaints.get(complaintId);
  if (!complaint) throw new LedgerError('NOT_FOUND', 'No such complaint');
  if (complaint.conclusion !== null) {
    throw validationFailed([{ path: 'input.complaintId', reason: `the complaint was closed on ${complaint.closedOn}` }]);
  }
  return complaint;
}

export function recordComplaintNote(command: Extract<HouseholdCommand, { type: 'RecordComplaintNote' }>, state: HouseholdState): HouseholdEvent[] {
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

export function closeComplaint(command: Extract<HouseholdCommand, { type: 'CloseComplaint' }>, state: HouseholdState): HouseholdEvent[] {
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

