import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDir, removeFreshDirs } from '../support/host.js';
import { checkPage, chromiumPath, devToken, ensureWebBuilt, gql, launch, SCREENS, startServer, type ServerProcess } from './support.js';

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
    page.on('pageerror', (error) => {
      throw error;
    });
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
    beforeClaim = Date.now();
    await new Promise((r) => setTimeout(r, 1_100));
  }, LONG);
});
