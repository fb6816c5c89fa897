import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Start-up configuration from the environment, parsed once with zod. A bad value stops the
 * start with one line naming the variable.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  TOTAALBEELD_STORE: z.enum(['sqlite', 'postgres', 'eventstoredb']).default('sqlite'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  EVENTSTORE_URL: z.string().regex(/^(esdb|kurrentdb)(\+discover)?:\/\//, 'must be an esdb:// connection string').optional(),
  TOTAALBEELD_DATA_DIR: z.string().min(1).default('./data'),
  TOTAALBEELD_PARAMETERS: z.string().min(1).optional(),
  TOTAALBEELD_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOTAALBEELD_KEY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOTAALBEELD_JWT_ISSUER: z.string().min(1).optional(),
  TOTAALBEELD_JWT_AUDIENCE: z.string().min(1).optional(),
});

export interface Config {
  production: boolean;
  port: number;
  store: 'sqlite' | 'postgres' | 'eventstoredb';
  databaseUrl: string | undefined;
  eventStoreUrl: string | undefined;
  dataDir: string;
  parametersFile: string | undefined;
  /** Master secret of the households' keys; unset outside production: generated in the data directory. */
  keySecret: string | undefined;
  jwt: { secret: string | undefined; issuer: string | undefined; audience: string | undefined };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Configuration error: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && e.TOTAALBEELD_JWT_SECRET === undefined) {
    throw new ConfigError('Configuration error: TOTAALBEELD_JWT_SECRET must be set in production');
  }
  if (e.NODE_ENV === 'production' && e.TOTAALBEELD_KEY_SECRET === undefined) {
    throw new ConfigError('Configuration error: TOTAALBEELD_KEY_SECRET must be set in production');
  }
  const dataDir = resolve(e.TOTAALBEELD_DATA_DIR);
  if (e.TOTAALBEELD_STORE !== 'sqlite' && e.DATABASE_URL === undefined) {
    throw new ConfigError(`Configuration error: DATABASE_URL must be set when TOTAALBEELD_STORE=${e.TOTAALBEELD_STORE}`);
  }
  if (e.TOTAALBEELD_STORE === 'eventstoredb' && e.EVENTSTORE_URL === undefined) {
    throw new ConfigError('Configuration error: EVENTSTORE_URL must be set when TOTAALBEELD_STORE=eventstoredb');
  }
  return {
    production: e.NODE_ENV === 'production',
    port: e.PORT,
    store: e.TOTAALBEELD_STORE,
    databaseUrl: e.DATABASE_URL,
    eventStoreUrl: e.EVENTSTORE_URL,
    dataDir,
    parametersFile: e.TOTAALBEELD_PARAMETERS,
    keySecret: e.TOTAALBEELD_KEY_SECRET,
    jwt: { secret: e.TOTAALBEELD_JWT_SECRET, issuer: e.TOTAALBEELD_JWT_ISSUER, audience: e.TOTAALBEELD_JWT_AUDIENCE },
  };
}
