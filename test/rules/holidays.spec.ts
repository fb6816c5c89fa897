import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultParameters, type ParameterTable } from '../../domain/parameters.js';
import { isWorkingDay, publicHolidays } from '../../domain/workingDays.js';
import { openEmbeddedLedger } from '../../infra/ledger.js';
import { loadParameters } from '../../infra/parameters.js';
import { createTestApi, expectNoErrors, type TestApi } from '../support/api.js';

/**
 * Issue 12 item 5: the holidays of Algemene termijnenwet art. 3, now with Good Friday, plus a
 * dated table of days designated under art. 3 lid 3. The table below is written out by hand
 * from the calendar (Easter 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28, 2028-04-16,
 * 2029-04-01, 2030-04-21), not computed by the code under test.
 */
const KNOWN_HOLIDAYS: Record<number, string[]> = {
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-04-27', '2024-05-05', '2024-05-09', '2024-05-20', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-04-26', '2025-05-05', '2025-05-29', '2025-06-09', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-04-27', '2026-05-05', '2026-05-14', '2026-05-25', '2026-12-25', '2026-12-26'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-04-27', '2027-05-05', '2027-05-06', '2027-05-17', '2027-12-25', '2027-12-26'],
  2028: ['2028-01-01', '2028-04-14', '2028-04-17', '2028-04-27', '2028-05-05', '2028-05-25', '2028-06-05', '2028-12-25', '2028-12-26'],
  2029: ['2029-01-01', '2029-03-30', '2029-04-02', '2029-04-27', '2029-05-05', '2029-05-10', '2029-05-21', '2029-12-25', '2029-12-26'],
  2030: ['2030-01-01', '2030-04-19', '2030-04-22', '2030-04-27', '2030-05-05', '2030-05-30', '2030-06-10', '2030-12-25', '2030-12-26'],
};

describe('general holidays 2024–2030 (Algemene termijnenwet art. 3, with Good Friday)', () => {
  it.each(Object.entries(KNOWN_HOLIDAYS))('%s', (year, days) => {
    expect([...publicHolidays(Number(year))].sort()).toEqual(days);
    for (const day of days) expect(isWorkingDay(day)).toBe(false);
  });

  it('a designated day counts only when passed in', () => {
    expect(isWorkingDay('2025-04-23')).toBe(true);
    expect(isWorkingDay('2025-04-23', new Set(['2025-04-23']))).toBe(false);
  });
});

const SIGNALS = `query ($id: ID!) { household(id: $id) { signals { id receivedOn deadline threatening } } }`;
const SEND_SIGNAL = `mutation ($input: SendSignalInput!) { sendSignal(input: $input) { id receivedOn } }`;

describe('outreach deadlines through the API', () => {
  let api: TestApi;
  afterEach(async () => {
    await api.close();
  });

  async function deadlineOf(receivedOn: string, threatening: boolean): Promise<string> {
    const counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    const partner = await api.tokenFor('CREDITOR', 'WOONSTAD');
    const { householdId } = await api.registerHousehold(counsellor);
    api.setNow(`${receivedOn}T09:00:00Z`);
    const sent = await api.gql(partner, SEND_SIGNAL, {
      input: { commandId: `sig-${randomUUID()}`, householdId, partnerType: 'HOUSING', amount: 240_000, arrearsSince: '2025-01-01', threatening },
    });
    expectNoErrors(sent);
    expect(sent.data.sendSignal.receivedOn).toBe(receivedOn);
    const result = await api.gql(counsellor, SIGNALS, { id: householdId });
    expectNoErrors(result);
    return result.data.household.signals[0].deadline as string;
  }

  it('threatening, received Wednesday 2025-04-16: Thu 17 (1), Good Friday and Easter Monday skipped, Tue 22 (2), Wed 23 (3)', async () => {
    api = createTestApi();
    expect(await deadlineOf('2025-04-16', true)).toBe('2025-04-23');
  });

  it('threatening, received Thursday 2026-04-02: Good Friday 3 and Easter Monday 6 skipped, Tue 7, Wed 8, Thu 9', async () => {
    api = createTestApi();
    expect(await deadlineOf('2026-04-02', true)).toBe('2026-04-09');
  });

  it('four weeks from Friday 2025-03-21 land on Good Friday 2025-04-18 and move to Tuesday 2025-04-22', async () => {
    api = createTestApi();
    expect(await deadlineOf('2025-03-21', false)).toBe('2025-04-22');
  });

  it('a day designated in the parameter table (art. 3 lid 3) moves the deadline too', async () => {
    const table: ParameterTable = {
      ...defaultParameters,
      designatedDays: [{ date: '2025-04-23', name: 'test: designated day', source: 'test' }],
    };
    api = createTestApi(openEmbeddedLedger(':memory:', table));
    // Thu 17 (1), Tue 22 (2), Wed 23 designated, Thu 24 (3).
    expect(await deadlineOf('2025-04-16', true)).toBe('2025-04-24');
  });
});

describe('the designated-day table loads with the parameter file', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function write(table: unknown): string {
    dir = mkdtempSync(join(tmpdir(), 'holidays-'));
    const file = join(dir, 'parameters.json');
    writeFileSync(file, JSON.stringify(table));
    return file;
  }

  it('is empty by default', () => {
    expect(loadParameters(undefined).designatedDays ?? []).toEqual([]);
  });

  it('reads designated days from the file', () => {
    const day = { date: '2026-06-01', name: 'aangewezen dag', source: 'Stcrt. test' };
    expect(loadParameters(write({ ...defaultParameters, designatedDays: [day] })).designatedDays).toEqual([day]);
  });

  it('refuses days out of order or twice', () => {
    const day = { date: '2026-06-01', name: 'aangewezen dag', source: 'Stcrt. test' };
    expect(() => loadParameters(write({ ...defaultParameters, designatedDays: [day, day] }))).toThrow(/designatedDays\.1\.date/);
  });
});
