import { DEMO_HINT, isEmptyStore } from '../infra/cli/emptyStore.js';
import { command } from '../infra/cli/hints.js';
import { ConfigError, loadConfig } from '../infra/config.js';
import { ensureWebBuilt } from './edge/web.js';
import { startServer } from './server.js';

/** Starts the API: `npm start`. */
async function main(): Promise<void> {
  const config = loadConfig();
  ensureWebBuilt((line) => console.log(line));
  const running = await startServer(config);
  console.log(
    `Totaalbeeld API on http://localhost:${running.port}/graphql (store: ${running.ledger.store.kind}, data: ${config.dataDir})`,
  );
  console.log(`Web app on http://localhost:${running.port}/`);
  if (!config.production) console.log(`Get a token with: ${command('npm run token -- --role COUNSELLOR --org GEM-UTRECHT')}`);
  if (!config.production && (await isEmptyStore(running.ledger))) {
    console.log(DEMO_HINT);
    // The demo must load into this server's store, not the default ./data.
    if (command('') !== '') console.log(`  (for this server's store: ${command('npm run demo')})`);
  }
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Totaalbeeld failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
