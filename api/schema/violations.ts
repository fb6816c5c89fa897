import { z } from 'zod';
import type { Actor } from '../../domain/actors.js';
import { businessDateAt } from '../../domain/dates.js';
import { violationRules } from '../../domain/violations.js';
import type { ViolationReport } from '../../queries/householdQueries.js';
import type { HouseholdAccess } from '../access.js';
import { builder } from '../builder.js';
import { auditHouseholdRead, auditRead } from './audit.js';
import { actorOf, type Context } from '../context.js';
import { apiError } from '../errors.js';
import { Household } from './household.js';
import { TimelineEvent, visibleTo } from './timeline.js';

const ViolationRuleEnum = builder.enumType('ViolationRule', { values: violationRules });

type ViolationView = ViolationReport;

const Violation = builder.objectRef<ViolationView>('Violation').implement({
  description: 'A rule breach the ledger detects in a household history, with the events that prove it.',
  fields: (t) => ({
    rule: t.expose('rule', { type: ViolationRuleEnum }),
    on: t.expose('on', { type: 'Date', description: 'The first date it applies.' }),
    householdId: t.exposeID('householdId'),
    description: t.exposeString('description'),
    organisations: t.exposeStringList('organisations'),
    events: t.expose('events', { type: [TimelineEvent], description: 'The events that prove it.' }),
  }),
});

/** Violations of one household as the ledger knew it (now or at `asOf`), up to `today`. */
function violationsOf(ctx: Context, householdId: string, asOf: string | null): Promise<ViolationView[]> {
  return ctx.ledger.queries.violations(householdId, asOf, businessDateAt(asOf ?? ctx.requestedAt));
}

/** A creditor sees the breaches that concern its own organisation. */
function visible(actor: Actor, access: HouseholdAccess, v: ViolationView): boolean {
  return access === 'FULL' || v.organisations.includes(actor.org);
}

builder.objectField(Household, 'violations', (t) =>
  t.field({
    type: [Violation],
    description: 'Rule breaches in this household history (a creditor: those concerning it).',
    resolve: async (view, _args, ctx) => {
      const actor = actorOf(ctx);
      const access = view.access ?? 'CREDITOR';
      const found = (await violationsOf(ctx, view.overview.householdId, view.asOf)).filter((v) => visible(actor, access, v));
      // Their events' summaries quote references and reasons: a read of personal data.
      if (found.length > 0) await auditRead(view, ctx, 'violations');
      return found
        .map((v) =>
          access === 'FULL'
            ? v
            : // A creditor sees its own part of a breach: no other creditor, no event its timeline hides.
              { ...v, organisations: v.organisations.filter((o) => o === actor.org), events: v.events.filter((e) => visibleTo(actor, access, e)) },
        );
    },
  }),
);

interface HouseholdViolations {
  householdId: string;
  violations: ViolationView[];
}

const HouseholdViolationsRef = builder.objectRef<HouseholdViolations>('HouseholdViolations').implement({
  fields: (t) => ({
    householdId: t.exposeID('householdId'),
    violations: t.expose('violations', { type: [Violation] }),
  }),
});

/** How many households one page may read, however few of them have violations. */
const SCAN_LIMIT = 1_000;

builder.queryField('violations', (t) =>
  t.connection({
    type: HouseholdViolationsRef,
    description: 'For the ombudsman: every household with rule breaches, in household-id order.',
    authScopes: { role: 'OMBUDSMAN' },
    args: { rule: t.arg({ type: ViolationRuleEnum, required: false }) },
    validate: z.object({ first: z.number().int().min(1).max(100).nullish() }).passthrough(),
    resolve: async (_root, args, ctx) => {
      if (args.last != null || args.before != null) throw apiError('VALIDATION_FAILED', 'violations pages forward only: use first and after');
      const first = args.first ?? 20;
      let after = args.after ? Buffer.from(args.after, 'base64url').toString('utf8') : null;
      const edges: Array<{ cursor: string; node: HouseholdViolations }> = [];
      let scanned = 0;
      let exhausted = false;
      while (edges.length < first && scanned < SCAN_LIMIT) {
        const ids = await ctx.ledger.households.page(after, Math.min(100, SCAN_LIMIT - scanned));
        if (ids.length === 0) {
          exhausted = true;
          break;
        }
        for (const id of ids) {
          scanned += 1;
          after = id;
          const violations = (await violationsOf(ctx, id, null)).filter((v) => !args.rule || v.rule === args.rule);
          if (violations.length > 0) {
            await auditHouseholdRead(ctx, id, 'violations');
            edges.push({ cursor: Buffer.from(id).toString('base64url'), node: { householdId: id, violations } });
          }
          if (edges.length >= first) break;
        }
      }
      const endCursor = after === null ? null : Buffer.from(after).toString('base64url');
      return {
        edges,
        pageInfo: {
          hasNextPage: !exhausted && (await ctx.ledger.households.page(after, 1)).length > 0,
          hasPreviousPage: args.after != null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor,
        },
      };
    },
  }),
);
