/**
 * The web app in a real browser (Debian's Chromium through playwright-core), against the whole
 * stack as `npm start` runs it. Each story signs in at the development identity provider as the
 * person it is about, in a browser context of its own (fresh cookies), and checks what that person
 * would see. Every page visited is checked with axe (WCAG 2.1 AA rules: 0 violations) and saved as
 * a screenshot in test-results/screenshots (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startWebStack, type WebStack } from '../support/web-stack';

const SHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');
const VALID_ID = '01017012343';
const WRONG_ID = '01017012345';

let stack: WebStack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [stack, browser] = await Promise.all([startWebStack(), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A new browser (its own cookies) signed in as the test user named on the provider's page. */
async function signIn(fullName: string, page?: Page, start = '/app/'): Promise<Page> {
  if (!page) {
    const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    page = await context.newPage();
  }
  await page.goto(`${stack.appUrl}${start}`);
  if (start === '/app/') await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.getByRole('button', { name: `Logg inn som ${fullName}` }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/app/'));
  await page.getByText(`Logget inn som ${fullName}`).waitFor();
  return page;
}

/** axe on the page as it is now: no violation of the WCAG 2.1 A/AA rules; and a screenshot. */
async function checkPage(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
}

/** A page in the main menu. */
function menu(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name });
}

async function openForm(page: Page, title: string) {
  await page.locator('summary', { hasText: title }).click();
  return page.locator('details[open]', { has: page.locator('summary', { hasText: title }) });
}

async function submitForm(page: Page, title: string, fill: (form: ReturnType<Page['locator']>) => Promise<void>) {
  const form = await openForm(page, title);
  await fill(form);
  await form.getByRole('button', { name: 'Registrer' }).click();
  await page.getByText('Registrert.').waitFor();
}

async function referCase(page: Page, name: string): Promise<string> {
  await menu(page, 'Ny henvisning').click();
  await page.getByLabel('Personen har gitt skriftlig samtykke til henvisningen').check();
  await page.getByLabel('Fullt navn').fill(name);
  await page.getByLabel(/Fødselsnummer eller D-nummer/).fill(VALID_ID);
  await page.getByLabel('Bostedsløs').check();
  await page.getByRole('button', { name: 'Send henvisning' }).click();
  const link = page.getByRole('link', { name: /Åpne saken: hf-stavanger-/ });
  await link.waitFor();
  return (await link.textContent())!.replace(/^.*: /, '').trim();
}

let caseId: string;

test('a caseworker signs in, refers a person, sees the field errors for a wrong national ID and a bad phone, fixes them, and finds the case in her list', async () => {
  const page = await signIn('Kari Nilsen');
  await checkPage(page, 'caseworker-home');
  await menu(page, 'Ny henvisning').click();
  await page.getByRole('heading', { level: 1, name: 'Ny henvisning til Bolig først' }).waitFor();
  // Consent first: without it there is no form to fill.
  await expect(page.getByLabel('Fullt navn').count()).resolves.toBe(0);
  await page.getByLabel('Personen har gitt skriftlig samtykke til henvisningen').check();
  await page.getByLabel('Fullt navn').fill('Ola Nordmann');
  await page.getByLabel(/Fødselsnummer eller D-nummer/).fill(WRONG_ID);
  // Checked as it is typed, before anything is sent.
  await page.getByText('Kontrollsifrene stemmer ikke').first().waitFor();
  await page.getByLabel(/Fødselsnummer eller D-nummer/).fill(VALID_ID);
  await expect(page.getByText('Kontrollsifrene stemmer ikke').count()).resolves.toBe(0);
  // A phone number only the API refuses: its errors[] appears at the field and in the summary.
  await page.getByLabel('Telefon (valgfritt)').fill('12');
  await page.getByLabel('Bostedsløs').check();
  await page.getByRole('button', { name: 'Send henvisning' }).click();
  await page.getByText('For å gå videre må du rette opp følgende:').waitFor();
  await expect(page.getByRole('link', { name: /phone number of 8–15 digits/ }).count()).resolves.toBe(1);
  await checkPage(page, 'caseworker-referral-errors');
  await page.getByRole('link', { name: /phone number of 8–15 digits/ }).click();
  await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('f-person-phone');
  await page.getByLabel('Telefon (valgfritt)').fill('');
  await page.getByRole('button', { name: 'Send henvisning' }).click();
  const link = page.getByRole('link', { name: /Åpne saken: hf-stavanger-/ });
  await link.waitFor();
  caseId = (await link.textContent())!.replace(/^.*: /, '').trim();
  await checkPage(page, 'caseworker-referral-sent');

  await menu(page, 'Saker').click();
  await page.getByRole('heading', { level: 1, name: 'Mitt kontors henvisninger' }).waitFor();
  await page.getByRole('link', { name: caseId }).waitFor();
  await checkPage(page, 'caseworker-list');
  await page.getByRole('link', { name: caseId }).click();
  await page.getByRole('heading', { level: 1, name: `Sak ${caseId}` }).waitFor();
  await page.getByText('Ola Nordmann').waitFor();
  await checkPage(page, 'caseworker-case');
});
