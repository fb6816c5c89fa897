import type { CommandMeta, HouseholdCommand } from '../../domain/household/decider.js';
import type { HandledCommand } from '../../infra/commandHandler.js';
import { actorOf, type Context } from '../context.js';
import { builder } from '../builder.js';

/**
 * Runs a command and answers as the first run of it did (policy §9): a repeated command gets
 * the household as it was right after the original, not as later commands left it.
 */
export async function runCommand(ctx: Context, householdId: string, command: HouseholdCommand): Promise<HandledCommand> {
  const result = await ctx.ledger.commands.handle(householdId, command);
  if (result.appended || result.receipt.revision >= result.state.revision) return result;
  return { ...result, state: await ctx.ledger.queries.stateAt(householdId, result.receipt.revision) };
}

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
