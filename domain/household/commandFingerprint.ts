import { createHash } from 'node:crypto';
import type { HouseholdCommand } from './commands.js';

/**
 * What binds a command id to its command (policy §10): the command's type and a hash of its
 * payload in canonical form (object keys sorted, absent fields left out), so the same input sent
 * twice hashes the same whatever the order of its fields.
 */
export interface CommandFingerprint {
  commandType: string;
  payloadHash: string;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
}

export function commandFingerprint(command: Pick<HouseholdCommand, 'type' | 'data'>): CommandFingerprint {
  const payloadHash = createHash('sha256').update(JSON.stringify(canonical(command.data))).digest('base64url');
  return { commandType: command.type, payloadHash };
}
