import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import type { Actor, Role } from '../domain/actors.js';
import type { BusinessDate } from '../domain/dates.js';
import type { Cents } from '../domain/money.js';
import type { Context } from './context.js';
import { apiError, issuesToValidationError } from './errors.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: {
    authenticated: boolean;
    /** The actor has this role, or one of these roles. */
    role: Role | readonly Role[];
  };
  Scalars: {
    Cents: { Input: Cents; Output: Cents };
    Date: { Input: BusinessDate; Output: BusinessDate };
    DateTime: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
}>({
  // Scope-auth first (Pothos app layout): nothing resolves or validates before it authorises.
  plugins: [ScopeAuthPlugin, RelayPlugin, ValidationPlugin],
  relay: {
    // No global node lookups: every read goes through a field that checks who may see it.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      authenticated: ctx.actor !== null,
      role: (role: Role | readonly Role[]) =>
        ctx.actor !== null && (typeof role === 'string' ? ctx.actor.role === role : role.includes(ctx.actor.role)),
    }),
    unauthorizedError: (_parent, ctx, info) =>
      ctx.actor === null
        ? apiError('UNAUTHENTICATED', 'A valid bearer token is required')
        : info.parentType.name === 'Household'
          ? apiError('FORBIDDEN', householdRefusal(ctx.actor))
          : apiError('FORBIDDEN', `A ${ctx.actor.role} of ${ctx.actor.org} may not use ${info.parentType.name}.${info.fieldName}`),
  },
  validation: {
    // Issue paths start at the argument name (`input.members.0.bsn`).
    validationError: (failure) => issuesToValidationError(failure.issues, ''),
  },
});

/** Why a household is not visible to this actor, in words that say what is missing (policy §8). */
function householdRefusal(actor: Actor): string {
  switch (actor.role) {
    case 'COUNSELLOR':
      return `${actor.org} holds no mandate for this household today: the household or a counsellor with a mandate can grant one`;
    case 'CREDITOR':
      return `${actor.org} has no claim on this household: a creditor sees a household once it has registered a claim there`;
    case 'HOUSEHOLD':
      return 'A household sees only its own household';
    default:
      return `A ${actor.role} does not see households`;
  }
}
