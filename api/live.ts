import { createPubSub } from 'graphql-yoga';
import type { HouseholdCommand, HouseholdState } from '../domain/household/decider.js';
import type { Commands } from '../infra/ledger.js';

/**
 * Live updates: every command that stored something is published on its household's topic,
 * for the subscriptions (served over SSE by graphql-yoga). In-process: each API instance
 * publishes the commands it ran itself.
 */
export interface HouseholdChange {
  householdId: string;
  revision: number;
  recordedAt: string;
  command: HouseholdCommand['type'];
  /** The household after the command. */
  state: HouseholdState;
}

export type LivePubSub = ReturnType<typeof createLivePubSub>;

export function createLivePubSub() {
  return createPubSub<{ household: [householdId: string, change: HouseholdChange] }>();
}

export function publishing(commands: Commands, pubsub: LivePubSub): Commands {
  return {
    async handle(householdId, command) {
      const result = await commands.handle(householdId, command);
      if (result.appended) {
        pubsub.publish('household', householdId, {
          householdId,
          revision: result.receipt.revision,
          recordedAt: result.receipt.recordedAt,
          command: command.type,
          state: result.state,
        });
      }
      return result;
    },
  };
}
