import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Config } from '../infra/config.js';
import { openLedger, type Ledger } from '../infra/ledger.js';
import { loadParameters } from '../infra/parameters.js';
import { developmentSecret } from '../infra/secret.js';
import { internalErrorLogger } from './edge/requestLog.js';
import { defaultRateLimit, type RateLimit } from './edge/settings.js';
import { oidcSettingsFromEnv } from './edge/web.js';
import { createApi } from './yoga.js';

export interface RunningServer {
  server: Server;
  ledger: Ledger;
  port: number;
  close(): Promise<void>;
}

function rateLimitOf(configured: Config['rateLimit']): RateLimit | false {
  if (configured.perSecond === 0) return false;
  return { ...defaultRateLimit, ...configured };
}

/** Opens the configured store and serves the API on the configured port. */
export async function startServer(config: Config): Promise<RunningServer> {
  const parameters = loadParameters(config.parametersFile);
  // In production without a secret (an identity provider only), HS256 tokens are refused.
  const secret = config.jwt.secret ?? (config.production ? undefined : developmentSecret(config.dataDir));
  const { jwksUrl, issuer, audience } = config.jwt;
  const logger = pino({ level: config.logLevel, timestamp: pino.stdTimeFunctions.isoTime });
  const ledger = await openLedger(config, parameters);
  const yoga = createApi({
    ledger,
    production: config.production,
    tokens: {
      secret,
      issuer,
      audience,
      maxLifetimeSeconds: config.jwt.maxLifetimeSeconds,
      // config.ts refuses a JWKS URL without an issuer and an audience.
      ...(jwksUrl !== undefined && issuer !== undefined && audience !== undefined ? { jwks: { url: jwksUrl, issuer, audience } } : {}),
    },
    limits: config.limits,
    rateLimit: rateLimitOf(config.rateLimit),
    introspection: config.introspection,
    caches: config.caches,
    bsnOrgs: config.bsnOrgs,
    logger,
    logError: internalErrorLogger(logger),
    oidc: oidcSettingsFromEnv(),
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    ledger,
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ledger.close();
    },
  };
}
