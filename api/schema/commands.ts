import type { InputObjectRef, ObjectRef } from '@pothos/core';
import type { Role } from '../../domain/actors.js';
import type { CommandMeta, HouseholdCommand, HouseholdState, Receipt } from '../../domain/household/decider.js';
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

// ------------------------------------------------------------------ the one mutation path

/** A command as a mutation builds it: its type and data; the meta comes from the request. */
export type CommandBody = HouseholdCommand extends infer C ? (C extends { meta: CommandMeta } ? Omit<C, 'meta'> : never) : never;

/** What a command mutation answers from: the command as run, and where it landed. */
export interface CommandDone<Input, Command extends CommandBody> {
  input: Input;
  householdId: string;
  command: Command;
  receipt: Receipt;
  /** The household right after the command (after its first run, for a repeated one). */
  state: HouseholdState;
}

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type MutationFields = PothosSchemaTypes.MutationFieldBuilder<Types, Types['Root']>;

export interface CommandMutation<Input extends { commandId: string }, Command extends CommandBody, Answer> {
  description?: string;
  /** The roles that may send it (scope-auth); whether this organisation may, on this household, the decider says. */
  role: Role | readonly Role[];
  input: InputObjectRef<Types, Input>;
  /** The answer's GraphQL type; without it the plain CommandReceipt. */
  type?: ObjectRef<Types, Answer>;
  /** The household whose stream the command goes to (it may reserve one, for a registration). */
  household(input: Input, ctx: Context): string | Promise<string>;
  /** The command's type and data; `commandMeta` adds who, when and which request. */
  command(input: Input, ctx: Context, householdId: string): Command;
  /**
   * Around the run, for what must happen with it and be undone when it fails (the BSN index of a
   * registration); it must call `run` once and pass its result (or its error) on.
   */
  around?(run: () => Promise<HandledCommand>, input: Input, ctx: Context, householdId: string): Promise<HandledCommand>;
  /** The answer; without it the receipt. */
  answer?(done: CommandDone<Input, Command>, ctx: Context): Answer | Promise<Answer>;
}

/** The plain answer of a command: its household, revision and time. */
export function receiptOf(done: { householdId: string; receipt: Receipt }): ReceiptView {
  return { householdId: done.householdId, revision: done.receipt.revision, recordedAt: done.receipt.recordedAt };
}

/**
 * Every command mutation, built one way: `input` (validated by its zod schema before this
 * runs) → the household and the command → the command handler (runCommand) → the answer from
 * its receipt and the state it left.
 */
export function commandMutation<Input extends { commandId: string }, Command extends CommandBody, Answer = ReceiptView>(
  t: MutationFields,
  spec: CommandMutation<Input, Command, Answer>,
) {
  // Without `type`, Answer is ReceiptView (its default) and receiptOf answers.
  const type = (spec.type ?? CommandReceipt) as ObjectRef<Types, Answer>;
  const answer = spec.answer ?? ((done: CommandDone<Input, Command>) => receiptOf(done) as Answer);
  const resolve = async (_root: unknown, args: { input: Input }, ctx: Context): Promise<Answer> => {
    const { input } = args;
    const householdId = await spec.household(input, ctx);
    const command = spec.command(input, ctx, householdId);
    const run = () => runCommand(ctx, householdId, { ...command, meta: commandMeta(ctx, input.commandId) } as HouseholdCommand);
    const { receipt, state } = spec.around ? await spec.around(run, input, ctx, householdId) : await run();
    return answer({ input, householdId, command, receipt, state }, ctx);
  };
  return t.field({
    type,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    authScopes: { role: spec.role },
    args: { input: t.arg({ type: spec.input, required: true }) },
    // Pothos types a resolver by a conditional on the answer's shape, which TypeScript leaves
    // unresolved for a generic Answer; `resolve` above is typed exactly.
    resolve: resolve as never,
  });
}
