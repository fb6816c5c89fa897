import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, expectNoErrors, type TestApi } from '../support/api.js';

/**
 * Issue 12 item 10: a signal is a repeat only for the same arrears episode (same
 * `arrearsSince`) when its amount has not increased; a new episode is a new signal.
 */

const SEND_SIGNAL = `mutation ($input: SendSignalInput!) { sendSignal(input: $input) { id arrearsSince amount feedback } }`;
const SIGNALS = `query ($id: ID!) { household(id: $id) { signals { arrearsSince amount outcome closedOn } } }`;

let api: TestApi;
let counsellor: string;
let eneco: string;
let householdId: string;

beforeEach(async () => {
  api = createTestApi();
  counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
  eneco = await api.tokenFor('CREDITOR', 'ENECO');
  ({ householdId } = await api.registerHousehold(counsellor));
});

afterEach(async () => {
  await api.close();
});

async function send(amount: number, arrearsSince: string): Promise<string> {
  const result = await api.gql(eneco, SEND_SIGNAL, {
    input: { commandId: `sig-${randomUUID()}`, householdId, partnerType: 'ENERGY', amount, arrearsSince, threatening: false },
  });
  expectNoErrors(result);
  return result.data.sendSignal.feedback as string;
}

describe('repeat early signals per arrears episode (issue 12 item 10)', () => {
  it('€450 since 1 January, paid; then €300 since 1 March is a new signal; €300 since 1 March again is a repeat; €350 is not', async () => {
    expect(await send(45_000, '2025-01-01')).toBe('OPEN');
    // The old episode was paid; new arrears of a lower amount began on 1 March.
    expect(await send(30_000, '2025-03-01')).toBe('OPEN');
    expect(await send(30_000, '2025-03-01')).toBe('REPEAT_SIGNAL');
    expect(await send(35_000, '2025-03-01')).toBe('OPEN');
    // The first episode, not increased, is still a repeat of the first signal.
    expect(await send(45_000, '2025-01-01')).toBe('REPEAT_SIGNAL');

    const result = await api.gql(counsellor, SIGNALS, { id: householdId });
    expectNoErrors(result);
    expect(result.data.household.signals).toEqual([
      { arrearsSince: '2025-01-01', amount: 45_000, outcome: null, closedOn: null },
      { arrearsSince: '2025-03-01', amount: 30_000, outcome: null, closedOn: null },
      { arrearsSince: '2025-03-01', amount: 30_000, outcome: 'REPEAT_SIGNAL', closedOn: '2025-03-20' },
      { arrearsSince: '2025-03-01', amount: 35_000, outcome: null, closedOn: null },
      { arrearsSince: '2025-01-01', amount: 45_000, outcome: 'REPEAT_SIGNAL', closedOn: '2025-03-20' },
    ]);
  });
});
