import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDir, removeFreshDirs } from '../support/host.js';
import { checkPage, chromiumPath, devToken, ensureWebBuilt, gql, launch, ROOT, SCREENS, startServer, type ServerProcess } from './support.js';

/**
 * Each role's main path in a real browser against a real server process on the embedded store:
 * intake → the creditor's claim → the capacity bar in euros → a garnishment → the ombudsman's
 * comparison of two instants → the household's read log showing the counsellor's read. Every
 * page is checked with axe-core (WCAG 2.1 AA) and photographed into .ci/results/screens/.
 */

const browserPath = chromiumPath();
if (!browserPath) console.log('test/web/browser.spec.ts: skipped — no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH)');

const LONG = 120_000;

/** "2025-03-20T10:00:00" for an instant, as a datetime-local input in Amsterdam shows it. */
function amsterdamLocal(ms: number): string {
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(ms));
  return parts.replace(' ', 'T');
}

describe.skipIf(!browserPath)('the web app in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let householdId = '';
  let beforeClaim = 0;
  /** Script errors in any page: none is expected. */
  const pageErrors: string[] = [];

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer(freshDir('totaalbeeld-web-'));
    browser = await launch(browserPath!);
  }, LONG);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    removeFreshDirs();
  }, LONG);

  async function freshPage(): Promise<Page> {
    await context?.close();
    context = await browser.newContext({ locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    return page;
  }

  async function signIn(page: Page, role: string, org: string): Promise<void> {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
    await page.getByLabel('Rol').selectOption(role);
    await page.getByLabel('Organisatie').fill(org);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
  }

  it('signs a counsellor in on the development sign-in page, with no token in the address bar', async () => {
    const page = await freshPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
    await checkPage(page, '01-sign-in');
    await signIn(page, 'COUNSELLOR', 'GEM-TEST');
    await page.getByRole('heading', { name: 'Mijn huishoudens' }).waitFor();
    expect(page.url()).toBe(`${server.url}/`);
    const stored = await page.evaluate(() => sessionStorage.getItem('totaalbeeld.session'));
    expect(stored).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await checkPage(page, '02-counsellor-households-empty');
  }, LONG);

  it('takes an intake and shows the household with its income in euros', async () => {
    const page = await freshPage();
    await signIn(page, 'COUNSELLOR', 'GEM-TEST');
    await page.getByRole('link', { name: 'Nieuwe intake' }).click();
    await page.getByRole('heading', { name: 'Intake: nieuw huishouden' }).waitFor();
    await page.getByLabel('Gemeente').fill('Utrecht');
    await page.getByLabel('Naam').fill('Jan Jansen');
    await page.getByLabel('BSN').fill('111222333');
    await page.getByLabel('Geboortedatum').fill('1985-06-15');
    await page.getByLabel('Betaald door').fill('ACME BV');
    await page.getByLabel('Netto per maand (€)').fill('1.200,00');
    // Creditors come in by invitation: the counsellor asks CJIB for its claims during the intake.
    await page.getByLabel('Bij schuldeisers (organisaties)').fill('CJIB');
    await checkPage(page, '03-counsellor-intake');
    await page.getByRole('button', { name: 'Huishouden registreren' }).click();
    await page.locator('[data-ready="household"]').waitFor();
    householdId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
    expect(householdId).not.toBe('');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Jan Jansen');
    const figures = page.locator('table.figures');
    // 1.200,00 net; single, no official figure: protected income estimated at 95% = 1.140,00; room 60,00.
    await expect.poll(() => figures.getByRole('row', { name: /Netto inkomen per maand/ }).textContent()).toContain('€ 1.200,00');
    expect(await figures.getByRole('row', { name: /Beslagvrije voet/ }).textContent()).toContain('€ 1.140,00');
    expect(await figures.getByRole('row', { name: /Afloscapaciteit/ }).textContent()).toContain('€ 60,00');
    expect(await page.locator('.flags').textContent()).toContain('De beslagvrije voet is geschat');
    await checkPage(page, '04-counsellor-household-new');
    // "Vorderingen opvragen": CJIB asked at intake (due in two weeks), then the energy company from the household page.
    const statements = page.getByRole('table', { name: 'Opgevraagde vorderingen' });
    expect(await statements.getByRole('row', { name: /CJIB/ }).textContent()).toMatch(/^CJIB\d{1,2} \w+ \d{4}\d{1,2} \w+ \d{4}Openstaand$/);
    await page.getByLabel('Schuldeiser (organisatie)').fill('VATTENFALL');
    await page.getByRole('button', { name: 'Vorderingen opvragen' }).click();
    await expect.poll(() => statements.getByRole('row', { name: /VATTENFALL/ }).count()).toBe(1);
    expect(await statements.getByRole('row', { name: /VATTENFALL/ }).textContent()).toContain('Openstaand');
    expect(await page.getByRole('region', { name: 'Vorderingen opvragen' }).textContent()).toContain('2 openstaand (0 te laat), 0 beantwoord.');
    await checkPage(page, '04b-counsellor-claim-statements');
    // The same list in English, dates in words.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getByRole('region', { name: 'Request claim statements' }).textContent()).toContain('2 outstanding (0 overdue), 0 answered.');
    expect(await page.getByRole('table', { name: 'Requested claim statements' }).getByRole('row', { name: /CJIB/ }).textContent()).toMatch(/^CJIB\d{1,2} [A-Z][a-z]+ \d{4}\d{1,2} [A-Z][a-z]+ \d{4}Outstanding$/);
    beforeClaim = Date.now();
    await new Promise((r) => setTimeout(r, 1_100));
  }, LONG);

  it('lets a creditor register its claim and a garnishment, sees what it may collect, and updates live', async () => {
    const page = await freshPage();
    await signIn(page, 'CREDITOR', 'CJIB');
    // "Openstaande verzoeken": the counsellor's request, answered by registering the claim on that household.
    const requests = page.getByRole('table', { name: 'Schuldhulpverleners vragen uw vorderingen op' });
    const request = requests.getByRole('row', { name: new RegExp(householdId) });
    await expect.poll(() => request.textContent()).toContain('GEM-TEST');
    await checkPage(page, '05a-creditor-open-requests');
    await request.getByRole('button', { name: /^Beantwoorden/ }).click();
    await page.getByRole('heading', { name: 'Nog geen vordering' }).waitFor();
    expect(await page.getByLabel('Huishouden (nummer)').inputValue()).toBe(householdId);
    await page.getByLabel('Kenmerk').fill('CJIB-1');
    await page.getByLabel('Omschrijving').fill('Verkeersboete');
    await page.getByLabel('Hoofdsom (€)').fill('1.000,00');
    await page.getByLabel('Ontstaan op').fill('2025-01-15');
    await page.getByLabel('Preferente vordering').check();
    await checkPage(page, '05-creditor-first-claim');
    await page.getByRole('button', { name: 'Opgeven' }).click();
    await page.getByRole('heading', { name: 'Mijn vorderingen' }).waitFor();
    expect(await page.getByRole('row', { name: /CJIB-1/ }).textContent()).toContain('€ 1.000,00');
    // The claim answered the request: nothing is open any more.
    await expect.poll(() => page.getByRole('region', { name: 'Openstaande verzoeken' }).textContent()).toContain('Er staan geen verzoeken om vorderingen open.');
    // Before any measure the whole room of 60,00 is free.
    await expect.poll(() => page.locator('.card').first().textContent()).toContain('U mag nu nog innen: € 60,00 per maand');

    await page.getByLabel('Soort', { exact: true }).selectOption('GARNISHMENT');
    await page.getByRole('button', { name: 'Vastleggen' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Vastgelegd' }).textContent()).toBe('Vastgelegd. Toewijzing op de eerste dag: € 60,00 (u bent coördinator).');
    await expect.poll(() => page.locator('.card').first().textContent()).toContain('U mag nu nog innen: € 0,00 per maand');
    expect(await page.locator('.card').first().textContent()).toContain('Uw toewijzing nu: € 60,00');
    expect(await page.locator('.card').first().textContent()).toContain('Coördinator van het beslag: CJIB');
    await checkPage(page, '06-creditor-capacity-check');

    // Live: the counsellor records a second income; the creditor's page follows by itself.
    const counsellor = await devToken(server, 'COUNSELLOR', 'GEM-TEST');
    await gql(server, counsellor, 'mutation ($input: DeclareIncomeInput!) { declareIncome(input: $input) { revision } }', {
      input: { commandId: 'web-income-2', householdId, memberBsn: '111222333', kind: 'ALIMONY', payer: 'J. de Vries', netMonthly: 10_000, effectiveOn: amsterdamLocal(Date.now()).slice(0, 10) },
    });
    await expect.poll(() => page.locator('.live').textContent(), { timeout: 10_000 }).toContain('de afloscapaciteit is veranderd');
  }, LONG);

  it('shows the counsellor the total per creditor and the garnishment in the capacity bar, and prints an A4 overview', async () => {
    const energy = await devToken(server, 'CREDITOR', 'VATTENFALL');
    await gql(server, energy, 'mutation ($input: SendSignalInput!) { sendSignal(input: $input) { id } }', {
      input: { commandId: 'web-signal-1', householdId, partnerType: 'ENERGY', amount: 34_550, arrearsSince: '2025-01-01', threatening: true },
    });
    const page = await freshPage();
    await signIn(page, 'COUNSELLOR', 'GEM-TEST');
    // The worklist names the signal with its amount and what threatens.
    const worklist = page.getByRole('row', { name: /VATTENFALL/ });
    await expect.poll(() => worklist.textContent()).toContain('€ 345,50');
    expect(await worklist.textContent()).toContain('dreigende uithuiszetting of afsluiting');
    await page.getByRole('link', { name: 'Jan Jansen' }).click();
    await page.locator('[data-ready="household"]').waitFor();
    const totals = page.locator('table.totals');
    expect(await totals.getByRole('row', { name: /CJIB/ }).first().textContent()).toContain('€ 1.000,00');
    // CJIB answered with its claim; VATTENFALL's statement is still outstanding.
    const statements = page.getByRole('table', { name: 'Opgevraagde vorderingen' });
    expect(await statements.getByRole('row', { name: /CJIB/ }).textContent()).toMatch(/Beantwoord op \d{1,2} \w+ \d{4}$/);
    expect(await statements.getByRole('row', { name: /VATTENFALL/ }).textContent()).toMatch(/Openstaand$/);
    const figures = page.locator('table.figures');
    // Income now 1.200,00 + 100,00 = 1.300,00: protected 95% = 1.235,00, room 65,00, all of it to CJIB's garnishment.
    expect(await figures.getByRole('row', { name: /Netto inkomen per maand/ }).textContent()).toContain('€ 1.300,00');
    expect(await figures.getByRole('row', { name: /Beslagvrije voet/ }).textContent()).toContain('€ 1.235,00');
    expect(await figures.getByRole('row', { name: /Beslag CJIB — coördinator/ }).textContent()).toContain('€ 65,00');
    expect(await figures.getByRole('row', { name: /Ruimte over/ }).textContent()).toContain('€ 0,00');
    // The offer is previewed before it is proposed: 65,00 a month × 18 = 1.170,00 covers CJIB's 1.000,00 in full.
    await page.getByText('Schuldregeling voorstellen').click();
    const preview = page.getByRole('table', { name: 'Voorbeeld van het aanbod' });
    await expect.poll(() => preview.getByRole('row', { name: /CJIB/ }).textContent()).toBe('CJIB€ 1.000,00100%€ 1.000,00');
    // 40,00 × 18 = 720,00 of 1.000,00: 72%.
    await page.getByLabel('Aflossing per maand (€)').fill('40,00');
    await expect.poll(() => preview.getByRole('row', { name: /CJIB/ }).textContent()).toBe('CJIB€ 1.000,0072%€ 720,00');
    await checkPage(page, '07-counsellor-household');
    // Outreach on the signal: an attempt by phone that reached them, then closing it.
    const signal = page.locator('.card', { hasText: 'VATTENFALL' });
    await signal.getByLabel('Bereikt').check();
    await signal.getByRole('button', { name: 'Poging vastleggen' }).click();
    await expect.poll(() => signal.textContent()).toContain('Telefoon — bereikt');
    await signal.getByRole('button', { name: 'Signaal afsluiten' }).click();
    await expect.poll(() => signal.textContent()).toContain('Afgehandeld.');

    await page.getByRole('link', { name: 'Schuldenoverzicht (afdrukken)' }).click();
    await page.locator('[data-ready="overview"]').waitFor();
    expect(await page.locator('dl.facts').textContent()).toContain('Versie van het grootboek');
    await checkPage(page, '08-schuldenoverzicht');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.no-print').first().isVisible()).toBe(false);
    await page.pdf({ path: join(SCREENS, 'schuldenoverzicht.pdf'), format: 'A4' });
  }, LONG);

  it('lets the ombudsman compare two instants with the differences marked, and filter the timeline', async () => {
    const page = await freshPage();
    await signIn(page, 'OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
    await page.getByRole('heading', { name: 'Huishoudens met regelschendingen' }).waitFor();
    await checkPage(page, '09-ombudsman-start');
    await page.getByLabel('Huishouden (nummer)').fill(householdId);
    await page.getByRole('button', { name: 'Openen' }).click();
    // Whole seconds: one second after the intake was done, still before the claim (≥ 1,1 s later).
    await page.getByLabel('Moment A').fill(amsterdamLocal(beforeClaim + 1_000));
    const total = page.locator('table.compare').getByRole('row', { name: /Totaal openstaand/ });
    await expect.poll(() => total.textContent()).toBe('Totaal openstaandverschilt€ 0,00€ 1.000,00');
    expect(await total.getAttribute('class')).toBe('diff');
    expect(await page.locator('table.compare').getByRole('row', { name: /Netto inkomen/ }).getAttribute('class')).toBe('diff');
    expect(await page.locator('table.compare').getByRole('row', { name: /^Vorderingen/ }).textContent()).toBe('Vorderingenverschilt01');

    const kind = page.getByLabel('Soort gebeurtenis');
    await expect.poll(async () => (await kind.locator('option').count()) > 2).toBe(true);
    const claimType = (await kind.locator('option').allTextContents()).find((o) => /claim/i.test(o) && /regist/i.test(o))!;
    expect(claimType).toBeDefined();
    await kind.selectOption(claimType);
    const timelineRows = page.getByRole('table', { name: 'Tijdlijn' }).locator('tbody tr');
    await expect.poll(() => timelineRows.count()).toBe(1);
    expect(await timelineRows.first().textContent()).toContain('Claim CJIB-1 registered: principal € 1.000,00, preferential');
    await checkPage(page, '10-ombudsman-compare');
  }, LONG);

  it('shows the household what it owes, what it keeps, and that the counsellor read its data', async () => {
    const page = await freshPage();
    await signIn(page, 'HOUSEHOLD', householdId);
    await page.locator('[data-ready="household-self"]').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mijn schulden');
    const log = page.locator('[data-testid="read-log"]');
    await expect.poll(() => log.textContent()).toContain('GEM-TEST (Schuldhulpverlener)');
    expect(await log.textContent()).toContain('Plan van aanpak');
    await page.getByLabel('Toestemming geven aan (organisatie)').fill('SCHULDHULP-NOORD');
    await page.getByRole('button', { name: 'Toestemming geven' }).click();
    await page.getByRole('button', { name: 'Toestemming voor SCHULDHULP-NOORD intrekken' }).waitFor();
    await page.getByLabel('Over welke organisatie').fill('CJIB');
    await page.getByLabel('Onderwerp').fill('Beslag te hoog');
    await page.getByLabel('Wat is er gebeurd?').fill('Er is beslag gelegd terwijl mijn beslagvrije voet nog geschat was.');
    await page.getByRole('button', { name: 'Klacht indienen' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Een klacht indienen' }).textContent()).toContain('Beslag te hoog (CJIB) — in behandeling');
    await checkPage(page, '11-household');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'My debts' }).waitFor();
    await checkPage(page, '12-household-english');
  }, LONG);

  it('lets the ombudsman record a finding on the complaint and close it', async () => {
    const page = await freshPage();
    await signIn(page, 'OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
    await page.getByLabel('Huishouden (nummer)').fill(householdId);
    await page.getByRole('button', { name: 'Openen' }).click();
    const complaint = page.locator('.card', { hasText: 'Beslag te hoog' });
    await complaint.waitFor();
    await complaint.getByLabel('Notitie', { exact: true }).fill('Het beslag begon zonder officiële beslagvrije voet.');
    await complaint.getByRole('button', { name: 'Notitie vastleggen' }).click();
    await expect.poll(() => complaint.textContent()).toContain('Bevinding: Het beslag begon zonder officiële beslagvrije voet.');
    await complaint.getByLabel('Toelichting').fill('CJIB vraagt voortaan eerst de officiële beslagvrije voet op.');
    await complaint.getByRole('button', { name: 'Klacht sluiten' }).click();
    await expect.poll(() => complaint.getByRole('button', { name: 'Klacht sluiten' }).count()).toBe(0);
    expect(await complaint.textContent()).toMatch(/Gegrond \(\d+ \w+ \d{4}\): CJIB vraagt voortaan eerst de officiële beslagvrije voet op\./);
    await checkPage(page, '12b-ombudsman-complaint');
  }, LONG);

  it('opens a household with 15 claims and measures how soon the page is interactive', async () => {
    const counsellor = await devToken(server, 'COUNSELLOR', 'GEM-TEST');
    const registered = await gql<{ registerHousehold: { householdId: string } }>(
      server,
      counsellor,
      'mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId } }',
      { input: { commandId: 'web-perf-household', composition: 'SINGLE', municipality: 'Utrecht', members: [{ bsn: '999993653', name: 'Piet Pietersen', birthDate: '1970-01-01' }], effectiveOn: '2025-01-01' } },
    );
    const id = registered.registerHousehold.householdId;
    await gql(server, counsellor, 'mutation ($input: DeclareIncomeInput!) { declareIncome(input: $input) { revision } }', {
      input: { commandId: 'web-perf-income', householdId: id, memberBsn: '999993653', kind: 'WAGES', payer: 'PostNL', netMonthly: 210_000, effectiveOn: '2025-01-01' },
    });
    const dueOn = DateTime.now().setZone('Europe/Amsterdam').plus({ days: 14 }).toISODate()!;
    for (let i = 1; i <= 15; i++) {
      await gql(server, counsellor, 'mutation ($input: RequestClaimStatementInput!) { requestClaimStatement(input: $input) { revision } }', {
        input: { commandId: `web-perf-request-${i}`, householdId: id, creditorOrg: `CREDITOR-${i}`, dueOn },
      });
      const creditor = await devToken(server, 'CREDITOR', `CREDITOR-${i}`);
      await gql(server, creditor, 'mutation ($input: RegisterClaimInput!) { registerClaim(input: $input) { id } }', {
        input: { commandId: `web-perf-claim-${i}`, householdId: id, reference: `REF-${i}`, description: `Vordering ${i}`, principal: 10_000 * i, preferential: i % 5 === 0, consumer: true, incurredOn: '2025-02-01' },
      });
    }
    const page = await freshPage();
    await signIn(page, 'COUNSELLOR', 'GEM-TEST');
    await page.getByRole('heading', { name: 'Mijn huishoudens' }).waitFor();
    const started = Date.now();
    await page.goto(`${server.url}/huishoudens/${encodeURIComponent(id)}`);
    await page.locator('[data-ready="household"]').waitFor();
    const wall = Date.now() - started;
    const sinceNavigation = await page.evaluate(() => performance.now());
    // The scripts this first page loaded, gzipped as a server or proxy in front would send them.
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.js')));
    const firstPageJsGzipBytes = scripts.reduce((sum, p) => sum + gzipSync(readFileSync(join(ROOT, 'web', 'dist', p)), { level: 9 }).length, 0);
    // 15 creditors, Σ 100 + 200 + … + 1.500 = 12.000,00 outstanding.
    expect(await page.locator('table.totals tbody tr').count()).toBe(15);
    expect(await page.locator('table.totals tfoot').textContent()).toContain('€ 12.000,00');
    await checkPage(page, '13-counsellor-household-15-claims');

    // A breathing space for two months: the flag says what it means; ended early the same day.
    const lastDay = DateTime.now().setZone('Europe/Amsterdam').plus({ months: 2 }).toISODate()!;
    await page.getByText('Adempauze starten').click();
    await page.getByLabel('Laatste dag').fill(lastDay);
    await page.getByLabel('Reden', { exact: true }).fill('Stabilisatie');
    await page.getByRole('button', { name: 'Starten' }).click();
    await expect.poll(() => page.locator('.flags').textContent()).toContain('Er loopt een adempauze (moratorium)');
    await checkPage(page, '14-counsellor-moratorium');
    await page.getByLabel('Reden om de adempauze vandaag te beëindigen').fill('Regeling getroffen');
    await page.getByRole('button', { name: 'Beëindigen' }).click();
    await expect.poll(() => page.getByLabel('Reden om de adempauze vandaag te beëindigen').count()).toBe(0);
    const timing = { household: '15 claims', interactiveMs: Math.round(sinceNavigation), wallMs: wall, scripts: scripts.length, firstPageJsGzipBytes };
    writeFileSync(join(SCREENS, '..', 'web-timing.json'), `${JSON.stringify(timing)}\n`);
    console.log(`web: household with 15 claims interactive ${timing.interactiveMs} ms after navigation (${wall} ms wall clock); ${scripts.length} scripts, ${(firstPageJsGzipBytes / 1024).toFixed(1)} kB gzipped`);

    // An official protected income recorded by a creditor (Inlichtingenbureau): shown with its source and
    // who recorded it; the counsellor disputes it (the flag explains what that means) and resolves the dispute.
    const creditor1 = await devToken(server, 'CREDITOR', 'CREDITOR-1');
    await gql(server, creditor1, 'mutation ($input: RecordProtectedIncomeInput!) { recordProtectedIncome(input: $input) { revision } }', {
      input: { commandId: 'web-perf-protected', householdId: id, amount: 190_000, source: 'INLICHTINGENBUREAU', reference: 'IB-2025-1', validFrom: '2025-01-01' },
    });
    await page.reload();
    await page.locator('[data-ready="household"]').waitFor();
    const record = page.locator('li[data-record]');
    await expect.poll(() => record.count()).toBe(1);
    const recordText = await record.textContent();
    expect(recordText).toContain('€ 1.900,00 per maand, geldig vanaf 1 januari 2025.');
    expect(recordText).toContain('Bron: Inlichtingenbureau');
    expect(recordText).toContain('Vastgelegd door: CREDITOR-1 (Schuldeiser).');
    await record.getByLabel('Reden om deze beslagvrije voet te betwisten').fill('Uitgegaan van een verkeerde gezinssituatie');
    await record.getByRole('button', { name: 'Betwisten' }).click();
    const disputedFlag = page.locator('.flags li', { hasText: 'De schuldhulpverlener betwist de officiële beslagvrije voet' });
    await expect.poll(() => disputedFlag.count()).toBe(1);
    expect(await record.textContent()).toMatch(/Betwist door GEM-TEST op \d{1,2} \w+ \d{4}: Uitgegaan van een verkeerde gezinssituatie/);
    await checkPage(page, '15-counsellor-protected-income-disputed');
    await record.getByLabel('Hoe is de betwisting opgelost?').fill('Opnieuw berekend door het Inlichtingenbureau');
    await record.getByRole('button', { name: 'Betwisting oplossen' }).click();
    await expect.poll(() => disputedFlag.count()).toBe(0);
    expect(await record.textContent()).toMatch(/Was betwist door GEM-TEST.*Opgelost op \d{1,2} \w+ \d{4}: Opnieuw berekend door het Inlichtingenbureau/);
    await record.getByRole('button', { name: 'Betwisten' }).waitFor();
  }, LONG);
});
