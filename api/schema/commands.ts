import type { CommandMeta } from '../../domain/household/decider.js';
import { actorOf, type Context } from '../context.js';
import { builder } from '../builder.js';

/** The meta every command carries: who, which command, which request, when. */
export function commandMeta(ctx: Context, commandId: string): CommandMeta {
  return { actor: actorOf(ctx), commandId, correlationId: ctx.correlationId, recordedAt: ctx.requestedAt };
}

export interface ReceiptView {
  householdId: string;
  revision: number;
  recordedAt: string;
}

export const CommandReceipt = builder.objectRef<ReceiptView>('CommandReceipt').implement({
  description: 'Every successful command answers with where it landed.',
  fields: (t) => ({
    householdId: t.exposeID('householdId'),
    revision: t.exposeInt('revision', { description: 'Revision of the household stream after the command.' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
  }),
});
