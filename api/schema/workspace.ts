import { businessDateAt } from '../../domain/dates.js';
import { holdsMandateOn } from '../../domain/mandates.js';
import { builder } from '../builder.js';
import { actorOf } from '../context.js';
import { purposeOf, ReadPurposeEnum } from './audit.js';
import { Household } from './household.js';

/** The list a counsellor starts the day with (the web app's "Mijn huishoudens"). */
const MY_HOUSEHOLDS_LIMIT = 500;

builder.queryFields((t) => ({
  myHouseholds: t.field({
    type: [Household],
    description: `For a counsellor: the households its organisation holds a mandate for today (at most ${MY_HOUSEHOLDS_LIMIT}, in id order).`,
    authScopes: { role: 'COUNSELLOR' },
    args: {
      purpose: t.arg({ type: ReadPurposeEnum, required: false, description: 'Why personal data is read (recorded in the read audit); or header x-purpose.' }),
    },
    resolve: async (_root, args, ctx) => {
      const actor = actorOf(ctx);
      const org = actor.org;
      const today = businessDateAt(ctx.requestedAt);
      const purpose = purposeOf(args.purpose, ctx);
      const held = (await ctx.ledger.households.withCounsellor(org))
        .filter((h) => holdsMandateOn(h.mandates, org, today))
        .sort((a, b) => a.householdId.localeCompare(b.householdId))
        .slice(0, MY_HOUSEHOLDS_LIMIT);
      return Promise.all(held.map(async (h) => ({ overview: await ctx.ledger.vault.open(h), access: actor, asOf: null, purpose })));
    },
  }),
}));
