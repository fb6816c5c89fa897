import { afterAll, describe } from 'vitest';
import { PgEventStore } from '../../infra/postgres/pgEventStore.js';
import { dropTestSchemas, freshPostgres, postgresUnavailable } from '../support/postgres.js';
import { eventStoreContract } from './eventStoreContract.js';

afterAll(dropTestSchemas);

describe.skipIf(postgresUnavailable !== null)('PostgreSQL event store', () => {
  eventStoreContract('PostgreSQL', async () => new PgEventStore(await freshPostgres()));
});
