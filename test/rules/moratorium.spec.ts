import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, expectError, expectNoErrors, type TestApi } from '../support/api.js';

/**
 * Issue 12 item 6: a moratorium lasts at most six months; its latest last day is the day before
 * the same day six months later, or the last day of that month when the day does not exist.
 */

const START_MORATORIUM = `mutation ($input: StartMoratoriumInput!) { startMoratorium(input: $input) { revision } }`;

let api: TestApi;
let counsellor: string;
let householdId: string;

beforeEach(async () => {
  api = createTestApi();
  counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
  ({ householdId } = await api.registerHousehold(counsellor));
});

afterEach(async () => {
  await api.close();
});

const start = (startsOn: string, endsOn: string) =>
  api.gql(counsellor, START_MORATORIUM, {
    input: { commandId: `mor-${randomUUID()}`, householdId, startsOn, endsOn, reason: 'breathing space' },
  });

describe('six-month moratorium at month end (issue 12 item 6)', () => {
  it('from 2025-03-31 may end on 2025-09-30 (there is no 31 September)', async () => {
    expectNoErrors(await start('2025-03-31', '2025-09-30'));
  });

  it('from 2025-03-31 may not end on 2025-10-01', async () => {
    const error = expectError(await start('2025-03-31', '2025-10-01'), 'MORATORIUM_TOO_LONG');
    expect(error.extensions?.latestEnd).toBe('2025-09-30');
  });

  it('from 2025-08-31 may end on 2026-02-28 (no 31 February), not on 2026-03-01', async () => {
    const error = expectError(await start('2025-08-31', '2026-03-01'), 'MORATORIUM_TOO_LONG');
    expect(error.extensions?.latestEnd).toBe('2026-02-28');
    expectNoErrors(await start('2025-08-31', '2026-02-28'));
  });

  it('from 2025-04-15 ends on 2025-10-14 at the latest (the day exists: the day before)', async () => {
    const error = expectError(await start('2025-04-15', '2025-10-15'), 'MORATORIUM_TOO_LONG');
    expect(error.extensions?.latestEnd).toBe('2025-10-14');
    expectNoErrors(await start('2025-04-15', '2025-10-14'));
  });
});
