import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import type { DefaultConnectionArguments as ConnectionArguments } from '@pothos/plugin-relay';
import { apiError } from '../errors.js';
import type { ReadAuditEntry } from '../../infra/readAudit.js';
import { builder } from '../builder.js';
import { actorOf, type Context } from '../context.js';
import type { HouseholdView } from './household.js';

/**
 * The purposes a read of personal data may state (the Wgs phases, collection and oversight);
 * argument `purpose` on `household`, or the `x-purpose` header.
 */
export const readPurposes = ['VROEGSIGNALERING', 'TOEGANG', 'PLAN_VAN_AANPAK', 'UITVOERING', 'COLLECTION', 'OVERSIGHT', 'COMPLAINT'] as const;
export type ReadPurpose = (typeof readPurposes)[number];
export const ReadPurposeEnum = builder.enumType('ReadPurpose', { values: readPurposes });

export function purposeOf(stated: ReadPurpose | null | undefined, ctx: Context): ReadPurpose | null {
  if (stated) return stated;
  const header = ctx.purpose?.toUpperCase();
  return readPurposes.find((p) => p === header) ?? null;
}

/** Records that the viewer read a personal-data field of the household (awaited: no read goes unrecorded). */
export async function auditRead(view: HouseholdView, ctx: Context, field: string): Promise<void> {
  await auditHouseholdRead(ctx, view.overview.householdId, field, view.purpose);
}

/**
 * The same for personal data reaching the caller outside a household view: a mutation's answer
 * (a complaint's text, a claim's reference) or a subscription's payload (one record per payload
 * delivered). The purpose is the request's (header x-purpose).
 */
export async function auditHouseholdRead(
  ctx: Context,
  householdId: string,
  field: string,
  purpose: ReadPurpose | null = purposeOf(null, ctx),
  at: string = ctx.requestedAt,
): Promise<void> {
  const actor = actorOf(ctx);
  await ctx.ledger.audit.record({
    at,
    householdId,
    org: actor.org,
    role: actor.role,
    sub: actor.sub,
    field,
    purpose,
    correlationId: ctx.correlationId,
  });
}

export const ReadAuditEntryRef = builder.objectRef<ReadAuditEntry>('ReadAuditEntry').implement({
  description: 'One read of a household\u2019s personal data.',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    householdId: t.exposeID('householdId'),
    organisation: t.exposeString('org'),
    role: t.exposeString('role'),
    subject: t.exposeString('sub', { description: 'The token subject that read it.' }),
    field: t.exposeString('field'),
    purpose: t.exposeString('purpose', { nullable: true }),
    correlationId: t.exposeString('correlationId'),
  }),
});

/** Pages the audit log by entry id. */
export function auditConnection(ctx: Context, args: ConnectionArguments, filter: { householdId?: string; org?: string }) {
  if (args.last != null || args.before != null) throw apiError('VALIDATION_FAILED', 'the read audit pages forward only: use first and after');
  return resolveCursorConnection(
    { args, toCursor: (e: ReadAuditEntry) => String(e.id), defaultSize: 50, maxSize: 500 },
    ({ after, limit }: ResolveCursorConnectionArgs) =>
      ctx.ledger.audit.list({ ...filter, ...(after ? { afterId: Number(after) } : {}), limit }),
  );
}

builder.queryField('readAudit', (t) =>
  t.connection({
    type: ReadAuditEntryRef,
    description: 'For the ombudsman: every read of personal data, per household and/or per organisation.',
    authScopes: { role: 'OMBUDSMAN' },
    args: { householdId: t.arg.id({ required: false }), organisation: t.arg.string({ required: false }) },
    resolve: (_root, args, ctx) =>
      auditConnection(ctx, args, {
        ...(args.householdId ? { householdId: String(args.householdId) } : {}),
        ...(args.organisation ? { org: args.organisation } : {}),
      }),
  }),
);
