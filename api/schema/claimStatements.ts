import { resolveArrayConnection } from '@pothos/plugin-relay';
import type { ClaimStatementRequestFacts } from '../../domain/household/decider.js';
import { validationFailed } from '../../domain/errors.js';
import { requestClaimStatementInputSchema } from '../../domain/household/inputs.js';
import { childIdFor } from '../../infra/ids.js';
import { builder } from '../builder.js';
import { actorOf } from '../context.js';
import { commandMutation } from './commands.js';
import { seesAll } from '../access.js';
import { Household, seenBy } from './household.js';

/**
 * Claim-statement requests (policy §10): the counsellor asks each creditor for its claims, which
 * is how Dutch debt counselling gathers the debt overview, and a creditor registers claims on a
 * household only when asked (or once it has a claim there). A creditor's list names the
 * household and the counsellor, never personal data.
 */
interface ClaimStatementRequestView extends ClaimStatementRequestFacts {
  householdId: string;
}

const MAX_PAGE = 100;

const ClaimStatementRequest = builder.objectRef<ClaimStatementRequestView>('ClaimStatementRequest').implement({
  description: "A counsellor's request to a creditor for its claims on a household.",
  fields: (t) => ({
    id: t.exposeID('requestId'),
    householdId: t.exposeID('householdId'),
    counsellorOrg: t.exposeString('counsellorOrg'),
    creditorOrg: t.exposeString('creditorOrg'),
    requestedOn: t.expose('requestedOn', { type: 'Date' }),
    dueOn: t.expose('dueOn', { type: 'Date', description: 'The date the counsellor asked the statement by.' }),
    answered: t.boolean({ resolve: (r) => r.answeredOn !== null, description: 'The creditor registered a claim since.' }),
    answeredOn: t.expose('answeredOn', { type: 'Date', nullable: true }),
  }),
});

builder.objectField(Household, 'claimStatementRequests', (t) =>
  t.field({
    type: [ClaimStatementRequest],
    description: 'Claim statements requested from creditors, answered or outstanding (the household, its counsellors and the ombudsman).',
    resolve: (v) =>
      seesAll(seenBy(v), 'claimStatementRequests') ? (v.overview.claimStatementRequests ?? []).map((r) => ({ ...r, householdId: v.overview.householdId })) : [],
  }),
);

builder.queryField('claimStatementRequests', (t) =>
  t.connection({
    type: ClaimStatementRequest,
    description: "For a creditor: the open requests for its claims, oldest due first (household id, counsellor, due date).",
    authScopes: { role: 'CREDITOR' },
    resolve: async (_root, args, ctx) => {
      const org = actorOf(ctx).org;
      const households = await ctx.ledger.households.withClaimStatementRequestsFor(org);
      const open = households
        .flatMap((h) =>
          (h.claimStatementRequests ?? [])
            .filter((r) => r.creditorOrg === org && r.answeredOn === null)
            .map((r) => ({ ...r, householdId: h.householdId })),
        )
        .sort((a, b) => (a.dueOn === b.dueOn ? (a.requestId < b.requestId ? -1 : 1) : a.dueOn < b.dueOn ? -1 : 1));
      try {
        return resolveArrayConnection({ args, defaultSize: 50, maxSize: MAX_PAGE }, open);
      } catch {
        // Pothos decodes the cursor: one this list never gave cannot be decoded.
        throw validationFailed([{ path: args.after != null ? 'after' : 'before', reason: 'is not a cursor this list gave' }]);
      }
    },
  }),
);

const RequestClaimStatementInput = builder
  .inputType('RequestClaimStatementInput', {
    fields: (t) => ({
      commandId: t.id(),
      householdId: t.id(),
      creditorOrg: t.string({ description: 'The creditor organisation asked for its claims.' }),
      dueOn: t.field({ type: 'Date', description: 'The date the statement is asked by.' }),
    }),
  })
  .validate(requestClaimStatementInputSchema);

builder.mutationField('requestClaimStatement', (t) =>
  commandMutation(t, {
    description: 'A counsellor with a mandate asks a creditor for its claims; from then on that creditor may register them.',
    role: 'COUNSELLOR',
    input: RequestClaimStatementInput,
    household: (input) => input.householdId,
    command: ({ commandId, householdId, ...data }, ctx) => ({
      type: 'RequestClaimStatement',
      data: { ...data, requestId: childIdFor('claimStatement', householdId, actorOf(ctx).org, commandId) },
    }),
  }),
);
