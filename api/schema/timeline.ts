import { cursorToOffset, resolveArrayConnection } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { Actor } from '../../domain/actors.js';
import type { TimelineEntry } from '../../projections/timeline.js';
import type { HouseholdAccess } from '../access.js';
import { builder } from '../builder.js';
import { actorOf } from '../context.js';
import { apiError } from '../errors.js';
import { auditRead } from './audit.js';
import { Household } from './household.js';

/** A cursor this list handed out (an offset cursor): anything else is bad input, not an internal error. */
function checkCursor(name: 'after' | 'before', cursor: string | null | undefined): void {
  if (cursor == null) return;
  let offset = Number.NaN;
  try {
    offset = cursorToOffset(cursor);
  } catch {
    // Not one of ours: refused below.
  }
  if (!Number.isSafeInteger(offset) || offset < 0 || !/^[A-Za-z0-9+/=_-]+$/.test(cursor)) {
    throw apiError('VALIDATION_FAILED', `Invalid input: ${name}: is not a cursor of this list`, {
      issues: [{ path: name, reason: 'is not a cursor of this list' }],
    });
  }
}

/**
 * A creditor sees the events it caused or that concern it, except the complaint file (the
 * household's and the ombudsman's business); others see every event.
 */
export function visibleTo(actor: Actor, access: HouseholdAccess, entry: TimelineEntry): boolean {
  if (access === 'FULL') return true;
  if (entry.type.startsWith('Complaint')) return false;
  return entry.organisation === actor.org || entry.creditorId === actor.org;
}

export const TimelineEvent = builder.objectRef<TimelineEntry>('TimelineEvent').implement({
  description: 'One event of the household stream, with who recorded it and the two time axes.',
  fields: (t) => ({
    revision: t.exposeInt('revision'),
    type: t.exposeString('type'),
    organisation: t.exposeString('organisation', { description: 'The acting organisation.' }),
    role: t.exposeString('role', { description: 'The acting role.' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime', description: 'When the ledger stored it.' }),
    effectiveOn: t.expose('effectiveOn', { type: 'Date', description: 'The business date it is about.' }),
    creditorId: t.exposeID('creditorId', { nullable: true, description: 'The creditor or partner it concerns.' }),
    summary: t.exposeString('summary'),
  }),
});

builder.objectField(Household, 'timeline', (t) =>
  t.connection({
    type: TimelineEvent,
    description: 'Every event of the household, oldest first; filter by creditor and by event type.',
    args: {
      creditorId: t.arg.id({ required: false }),
      kinds: t.arg.stringList({ required: false, validate: z.array(z.string().min(1).max(60)).max(30) }),
    },
    resolve: async (view, args, ctx) => {
      const actor = actorOf(ctx);
      const access = view.access ?? 'CREDITOR';
      const kinds = args.kinds ? new Set(args.kinds) : null;
      checkCursor('after', args.after);
      checkCursor('before', args.before);
      await auditRead(view, ctx, 'timeline');
      const entries = (await ctx.ledger.queries.timeline(view.overview.householdId, view.asOf))
        .filter((e) => visibleTo(actor, access, e))
        .filter((e) => !args.creditorId || e.creditorId === args.creditorId || e.organisation === args.creditorId)
        .filter((e) => kinds === null || kinds.has(e.type));
      return resolveArrayConnection({ args, defaultSize: 50, maxSize: 500 }, entries);
    },
  }),
);
