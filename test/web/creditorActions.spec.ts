import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatDate, formatEuros } from '../../web/src/format.js';
import { freshDir, removeFreshDirs } from '../support/host.js';
import { amsterdamToday, checkPage, chromiumPath, devSignIn, devToken, dutchPage, ensureWebBuilt, gql, launch, SCREENS, seedHousehold, startServer, type SeededHousehold, type ServerProcess } from './support.js';

/**
 * What a creditor does after collecting has started, in Chromium against a real server: it
 * lifts its garnishment (refused in words first, for a day before the measure starts and for a
 * blank reason), and it answers debt arrangement proposals — accepts one, rejects another, and
 * is told plainly when its answer comes too late. Each new screen is checked with axe-core.
 */

const browserPath = chromiumPath();
if (!browserPath) console.log('test/web/creditorActions.spec.ts: skipped — no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH)');

const LONG = 120_000;
const MEASURE_INPUT = 'mutation ($input: RegisterMeasureInput!) { registerMeasure(input: $input) { measureId monthly } }';
const PROPOSE = 'mutation ($input: ProposeArrangementInput!) { proposeArrangement(input: $input) { id status offers { creditorId amount } } }';
const ANSWER = 'mutation ($input: AnswerArrangementInput!) { answerArrangement(input: $input) { id status } }';
const ARRANGEMENTS = 'query ($id: ID!) { household(id: $id) { arrangements { id status offers { creditorId answer } } measures { id endsOn } } }';

describe.skipIf(!browserPath)('the creditor ends its measure and answers arrangements in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let seeded: SeededHousehold;
  /** What the ledger allocates to CJIB's garnishment on its first day. */
  let garnished = 0;
  const pageErrors: string[] = [];
  const today = amsterdamToday();

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer(freshDir('totaalbeeld-web-creditor-'));
    browser = await launch(browserPath!);
    seeded = await seedHousehold(server, {
      counsellorOrg: 'GEM-ZEIST',
      bsn: '123456782',
      name: 'Els de Boer',
      netMonthly: 200_000,
      claims: [
        { org: 'CJIB', reference: 'CJIB-7', principal: 100_000 },
        { org: 'ZILVERBANK', reference: 'ZB-1', principal: 50_000 },
      ],
    });
    const cjib = await devToken(server, 'CREDITOR', 'CJIB');
    const measure = await gql<{ registerMeasure: { monthly: number } }>(server, cjib, MEASURE_INPUT, {
      input: { commandId: 'creditor-garnishment', householdId: seeded.householdId, kind: 'GARNISHMENT', claimIds: [seeded.claims['CJIB']], startsOn: today },
    });
    garnished = measure.registerMeasure.monthly;
    expect(garnished).toBeGreaterThan(0);
  }, LONG);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    removeFreshDirs();
  }, LONG);

  /** Signed in as the creditor with the household open; `live: false` holds back the live updates (SSE), as a buffering proxy would. */
  async function creditorPage(org: string, { live = true } = {}): Promise<Page> {
    await context?.close();
    const fresh = await dutchPage(browser, pageErrors);
    context = fresh.context;
    const page = fresh.page;
    if (!live) {
      await page.route('**/graphql', (route) => (route.request().headers()['accept']?.includes('text/event-stream') ? route.abort() : route.continue()));
    }
    await devSignIn(page, server, 'CREDITOR', org);
    await page.getByLabel('Huishouden (nummer)').fill(seeded.householdId);
    await page.getByRole('button', { name: 'Openen', exact: true }).click();
    await page.locator('[data-ready="creditor"]').waitFor();
    return page;
  }

  async function counsellorToken(): Promise<string> {
    return devToken(server, 'COUNSELLOR', 'GEM-ZEIST');
  }

  it('lifts a garnishment: a day before it starts and a blank reason are refused in words, then its last day is recorded', async () => {
    const page = await creditorPage('CJIB');
    const measure = page.locator('li[data-measure]');
    await expect.poll(() => measure.count()).toBe(1);
    // The only garnishment gets the whole attachable room, as the ledger allocated it.
    expect(await measure.textContent()).toContain(`Beslag (van u) vanaf ${formatDate(today)}; krijgt nu ${formatEuros(garnished)} per maand`);
    const form = measure.getByRole('form', { name: `Beslag vanaf ${formatDate(today)} beëindigen` });

    // Two days before the first day: refused here, naming the days in words; nothing is stored.
    const tooEarly = DateTime.fromISO(today).minus({ days: 2 }).toISODate()!;
    const yesterday = DateTime.fromISO(today).minus({ days: 1 }).toISODate()!;
    await form.getByLabel('Laatste dag van de maatregel').fill(tooEarly);
    await form.getByLabel('Reden van beëindigen').fill('Vordering betaald');
    await form.getByRole('button', { name: 'Maatregel beëindigen' }).click();
    const alert = form.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain(
      `Controleer de invoer. De laatste dag (${formatDate(tooEarly)}) ligt vóór de maatregel begint (${formatDate(today)}). Kies ${formatDate(yesterday)} of later`,
    );
    await checkPage(page, '16-creditor-end-measure-refused');
    await page.getByRole('region', { name: 'Maatregelen' }).screenshot({ path: join(SCREENS, '16b-creditor-measures-section.png') });

    // A reason of spaces only: the browser lets it through, the ledger refuses it and the field is named.
    await form.getByLabel('Laatste dag van de maatregel').fill(today);
    await form.getByLabel('Reden van beëindigen').fill('   ');
    await form.getByRole('button', { name: 'Maatregel beëindigen' }).click();
    await expect.poll(() => alert.textContent()).toContain('Controleer de invoer.');
    expect(await alert.textContent()).toContain('reason');
    const stored = await gql<{ household: { measures: Array<{ endsOn: string | null }> } }>(server, await devToken(server, 'CREDITOR', 'CJIB'), ARRANGEMENTS, { id: seeded.householdId });
    expect(stored.household.measures).toEqual([{ id: expect.any(String), endsOn: null }]);

    // Today as its last day: recorded, the list says up to and including today.
    await form.getByLabel('Reden van beëindigen').fill('Vordering wordt via de schuldhulp geregeld');
    await form.getByRole('button', { name: 'Maatregel beëindigen' }).click();
    await expect.poll(() => measure.textContent()).toContain(`tot en met ${formatDate(today)}`);
    expect(await measure.getByRole('alert').count()).toBe(0);
    await checkPage(page, '17-creditor-measure-ended');
  }, LONG);

  it('accepts a proposal (amounts in euros, what it lets go), and a second creditor rejects it', async () => {
    // 50,00 a month × 18 = 900,00 over 1.000,00 + 500,00 outstanding: 60% to each.
    const proposed = await gql<{ proposeArrangement: { id: string } }>(server, await counsellorToken(), PROPOSE, {
      input: { commandId: 'arrangement-1', householdId: seeded.householdId, monthlyCapacity: 5_000, startsOn: today },
    });
    const first = proposed.proposeArrangement.id;

    const page = await creditorPage('CJIB');
    const card = page.getByRole('group', { name: 'Schuldregeling: voorgesteld' });
    await card.waitFor();
    expect(await card.textContent()).toContain(`Het huishouden lost € 50,00 per maand af, 18 maanden lang vanaf ${formatDate(today)}; voor alle schuldeisers samen € 900,00.`);
    // Its own offer only: ZILVERBANK's claim is not shown to CJIB.
    const offers = card.getByRole('table', { name: 'Uw vorderingen in dit voorstel' });
    expect(await offers.locator('tbody tr').allTextContents()).toEqual(['CJIB-7€ 1.000,0060%€ 600,00€ 0,00']);
    expect(await card.locator('.offer-summary').textContent()).toBe('U ontvangt € 600,00 van € 1.000,00 (60%). Na afloop scheldt u de rest kwijt: € 400,00.');
    await checkPage(page, '18-creditor-arrangement-proposed');
    await card.screenshot({ path: join(SCREENS, '18b-creditor-arrangement-card.png') });

    // Sending without a choice is refused in words.
    await card.getByRole('button', { name: 'Antwoord versturen' }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toContain('Kies of u akkoord gaat of afwijst.');
    await card.getByLabel('Akkoord').check();
    await card.getByRole('button', { name: 'Antwoord versturen' }).click();
    await expect.poll(() => card.textContent()).toContain('Uw antwoord: akkoord.');
    // Still proposed: ZILVERBANK has not answered.
    expect(await card.getAttribute('data-arrangement')).toBe('PROPOSED');
    expect(await card.getByRole('button', { name: 'Antwoord versturen' }).count()).toBe(0);

    const other = await creditorPage('ZILVERBANK');
    const theirs = other.getByRole('group', { name: 'Schuldregeling: voorgesteld' });
    expect(await theirs.getByRole('table', { name: 'Uw vorderingen in dit voorstel' }).locator('tbody tr').allTextContents()).toEqual(['ZB-1€ 500,0060%€ 300,00€ 0,00']);
    await theirs.getByLabel('Afwijzen').check();
    await theirs.getByRole('button', { name: 'Antwoord versturen' }).click();
    const rejected = other.getByRole('group', { name: 'Schuldregeling: afgewezen' });
    await expect.poll(() => rejected.textContent()).toContain('Uw antwoord: afgewezen.');
    await checkPage(other, '19-creditor-arrangement-rejected');
    // The same screen in English.
    await other.getByRole('button', { name: 'English' }).click();
    const english = other.getByRole('group', { name: 'Debt arrangement: rejected' });
    expect(await english.locator('.offer-summary').textContent()).toBe('You receive € 300,00 of € 500,00 (60%). When it is done you let the rest go: € 200,00.');
    expect(await english.textContent()).toContain('Your answer: rejected.');

    const stored = await gql<{ household: { arrangements: Array<{ id: string; status: string; offers: Array<{ creditorId: string; answer: string | null }> }> } }>(
      server, await counsellorToken(), ARRANGEMENTS, { id: seeded.householdId },
    );
    expect(stored.household.arrangements.find((a) => a.id === first)).toMatchObject({ status: 'REJECTED', offers: [{ creditorId: 'CJIB', answer: 'ACCEPT' }, { creditorId: 'ZILVERBANK', answer: 'REJECT' }] });
  }, LONG);

  it('says plainly that an answer came too late when another creditor rejected the proposal meanwhile, and stores nothing', async () => {
    const proposed = await gql<{ proposeArrangement: { id: string } }>(server, await counsellorToken(), PROPOSE, {
      input: { commandId: 'arrangement-2', householdId: seeded.householdId, monthlyCapacity: 6_000, startsOn: today },
    });
    const second = proposed.proposeArrangement.id;
    // Live updates would redraw the page as soon as CJIB rejects: here they do not come through.
    const page = await creditorPage('ZILVERBANK', { live: false });
    const card = page.getByRole('group', { name: 'Schuldregeling: voorgesteld' });
    await card.getByLabel('Akkoord').check();
    // While the page is open, CJIB rejects through the API.
    await gql(server, await devToken(server, 'CREDITOR', 'CJIB'), ANSWER, { input: { commandId: 'cjib-rejects-2', arrangementId: second, answer: 'REJECT' } });
    await card.getByRole('button', { name: 'Antwoord versturen' }).click();
    const late = page.getByRole('group', { name: 'Schuldregeling: afgewezen' }).filter({ hasText: '€ 60,00 per maand' });
    await expect.poll(() => late.getByRole('alert').textContent()).toBe('Uw antwoord is niet vastgelegd: dit voorstel is inmiddels afgewezen.');
    expect(await late.textContent()).not.toContain('Uw antwoord: akkoord.');
    await checkPage(page, '20-creditor-arrangement-too-late');
    const stored = await gql<{ household: { arrangements: Array<{ id: string; offers: Array<{ creditorId: string; answer: string | null }> }> } }>(
      server, await counsellorToken(), ARRANGEMENTS, { id: seeded.householdId },
    );
    expect(stored.household.arrangements.find((a) => a.id === second)?.offers.find((o) => o.creditorId === 'ZILVERBANK')?.answer).toBeNull();
  }, LONG);
});
