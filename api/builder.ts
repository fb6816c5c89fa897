import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import type { Role } from '../domain/actors.js';
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
        : apiError('FORBIDDEN', `A ${ctx.actor.role} of ${ctx.actor.org} may not use ${info.parentType.name}.${info.fieldName}`),
  },
  validation: {
    // Issue paths start at the argument name (`input.members.0.bsn`).
    validationError: (failure) => issuesToValidationError(failure.issues, ''),
  },
});
