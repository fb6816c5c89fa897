import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDir, removeFreshDirs } from '../support/host.js';
import { amsterdamToday, checkPage, chromiumPath, devSignIn, devToken, dutchPage, ensureWebBuilt, gql, launch, SCREENS, seedHousehold, startServer, type ServerProcess } from './support.js';

/**
 * The ombudsman reads a long history: a household with more than 100 events (110 small payments
 * after the intake), whose timeline comes a page of 100 at a time. "More" reads the next page by
 * cursor; kinds of events first met on a later page join the filter; a filter starts over.
 */

const browserPath = chromiumPath();
if (!browserPath) console.log('test/web/timelinePaging.spec.ts: skipped — no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH)');

const LONG = 180_000;
const PAYMENTS = 110;

describe.skipIf(!browserPath)('the ombudsman pages through a timeline of more than 100 events in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let householdId = '';
  let total = 0;
  const pageErrors: string[] = [];

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer(freshDir('totaalbeeld-web-timeline-'));
    browser = await launch(browserPath!);
    const seeded = await seedHousehold(server, { counsellorOrg: 'GEM-EDE', bsn: '111222333', name: 'Kees Visser', netMonthly: 180_000, claims: [{ org: 'CJIB', reference: 'CJIB-55', principal: 100_000 }] });
    householdId = seeded.householdId;
    const cjib = await devToken(server, 'CREDITOR', 'CJIB');
    for (let i = 1; i <= PAYMENTS; i++) {
      await gql(server, cjib, 'mutation ($input: RecordPaymentInput!) { recordPayment(input: $input) { revision } }', {
        input: { commandId: `timeline-payment-${i}`, claimId: seeded.claims['CJIB'], amount: 100, paidOn: '2025-03-10' },
      });
    }
    // The last event is of a kind met nowhere on the first page.
    const today = amsterdamToday();
    await gql(server, await devToken(server, 'COUNSELLOR', 'GEM-EDE'), 'mutation ($input: StartMoratoriumInput!) { startMoratorium(input: $input) { revision } }', {
      input: { commandId: 'timeline-moratorium', householdId, startsOn: today, endsOn: DateTime.fromISO(today).plus({ months: 1 }).toISODate(), reason: 'Stabilisatie' },
    });
    // The count through the API, a page of 100 (the most a list may ask) at a time.
    const ombudsman = await devToken(server, 'OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
    let after: string | null = null;
    for (;;) {
      const page: { household: { timeline: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } = await gql(
        server,
        ombudsman,
        'query ($id: ID!, $after: String) { household(id: $id, purpose: OVERSIGHT) { timeline(first: 100, after: $after) { edges { cursor } pageInfo { hasNextPage endCursor } } } }',
        { id: householdId, after },
      );
      total += page.household.timeline.edges.length;
      if (!page.household.timeline.pageInfo.hasNextPage) break;
      after = page.household.timeline.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThan(PAYMENTS + 3);
  }, LONG);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    removeFreshDirs();
  }, LONG);

  it('shows the first 100 events, then the rest after "more", in order and each once; a filter pages on its own', async () => {
    const fresh = await dutchPage(browser, pageErrors);
    context = fresh.context;
    const page = fresh.page;
    await devSignIn(page, server, 'OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
    await page.getByLabel('Huishouden (nummer)').fill(householdId);
    await page.getByRole('button', { name: 'Openen' }).click();
    const rows = page.getByRole('table', { name: 'Tijdlijn' }).locator('tbody tr');
    const section = page.getByRole('region', { name: 'Tijdlijn' });
    const more = section.getByRole('button', { name: 'Meer gebeurtenissen laden' });
    const kind = section.getByLabel('Soort gebeurtenis');

    await expect.poll(() => rows.count()).toBe(100);
    expect(await section.getByRole('status').textContent()).toBe('100 gebeurtenissen getoond; er zijn er meer.');
    expect(await kind.locator('option').allTextContents()).not.toContain('MoratoriumStarted');
    await checkPage(page, '21-ombudsman-timeline-first-page');
    // The end of the first page with its pager, as a person sees it.
    await more.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS, '21b-ombudsman-timeline-pager.png') });

    await more.click();
    await expect.poll(() => rows.count()).toBe(total);
    const revisions = (await rows.locator('td:first-child').allTextContents()).map(Number);
    expect(revisions).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(await section.getByRole('status').textContent()).toBe(`Alle ${total} gebeurtenissen getoond.`);
    expect(await more.count()).toBe(0);
    expect(await rows.last().textContent()).toContain('MoratoriumStarted');
    // A kind first met on the second page can now be chosen.
    expect(await kind.locator('option').allTextContents()).toContain('MoratoriumStarted');
    await checkPage(page, '22-ombudsman-timeline-all-pages');

    // Only the payments: 110, again 100 first and the rest after "more".
    await kind.selectOption('PaymentRecorded');
    await expect.poll(() => rows.count()).toBe(100);
    await more.click();
    await expect.poll(() => rows.count()).toBe(PAYMENTS);
    expect(new Set(await rows.locator('td:first-child').allTextContents()).size).toBe(PAYMENTS);
    expect(await section.getByRole('status').textContent()).toBe(`Alle ${PAYMENTS} gebeurtenissen getoond.`);
    // Back to every kind: the first page again.
    await kind.selectOption('');
    await expect.poll(() => rows.count()).toBe(100);
  }, LONG);
});
