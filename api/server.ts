import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../infra/config.js';
import { openLedger, type Ledger } from '../infra/ledger.js';
import { loadParameters } from '../infra/parameters.js';
import { developmentSecret } from '../infra/secret.js';
import { createApi } from './yoga.js';

export interface RunningServer {
  server: Server;
  ledger: Ledger;
  port: number;
  close(): Promise<void>;
}

/** Opens the configured store and serves the API on the configured port. */
export async function startServer(config: Config): Promise<RunningServer> {
  const parameters = loadParameters(config.parametersFile);
  const secret = config.jwt.secret ?? developmentSecret(config.dataDir);
  const ledger = await openLedger(config, parameters);
  const yoga = createApi({
    ledger,
    production: config.production,
    tokens: { secret, issuer: config.jwt.issuer, audience: config.jwt.audience },
    logError: (error) => console.error('internal error:', error instanceof Error ? error.stack : error),
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
