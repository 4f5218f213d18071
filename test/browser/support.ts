/**
 * What the browser stories share: the whole stack and Debian's Chromium started once per file
 * (`useWebStack`), signing in at the development identity provider as a test user, axe and a
 * screenshot of a page, the main menu, and the case page's forms.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Role } from '../../domain/types';
import { DEV_JWT_SECRET_FILE, devSecret } from '../../platform/dev-secrets';
import { DEV_TOKEN_ISSUER, signDevToken } from '../../platform/dev-tokens';
import { launchChromium, startWebStack, type WebStack } from '../support/web-stack';

export const SHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');

export interface Web {
  stack: WebStack;
  browser: Browser;
  contexts: BrowserContext[];
}

let web: Web | undefined;

/**
 * Starts the stack and the browser before the file's stories and stops them after. The configured
 * municipalities work around the clock: reminders go out in working hours, and a story about a
 * reminder must not depend on the hour the tests run.
 */
export function useWebStack(): Web {
  const w = { contexts: [] } as unknown as Web;
  const roundTheClock = mkdtempSync(path.join(os.tmpdir(), 'bf-municipalities-'));
  const config = path.resolve(__dirname, '..', '..', 'config', 'municipalities');
  for (const file of readdirSync(config).filter((f) => f.endsWith('.json'))) {
    const profile = JSON.parse(readFileSync(path.join(config, file), 'utf8'));
    profile.policy.workingHours = { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' };
    writeFileSync(path.join(roundTheClock, file), JSON.stringify(profile));
  }
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [w.stack, w.browser] = await Promise.all([
      startWebStack({ BF_MUNICIPALITIES_DIR: roundTheClock }),
      launchChromium(),
    ]);
    web = w;
  }, 180_000);
  afterAll(async () => {
    for (const c of w.contexts) await c.close();
    await w.browser?.close();
    await w.stack?.stop();
    rmSync(roundTheClock, { recursive: true, force: true });
  });
  return w;
}

function current(): Web {
  if (!web) throw new Error('useWebStack() has not started the stack');
  return web;
}

/** A call to the API as another system would make it (a bearer token, not the browser's session). */
export async function apiCall(
  method: string,
  route: string,
  roles: Role[],
  body?: unknown,
  municipality = 'stavanger',
) {
  const { stack } = current();
  const token = await signDevToken(
    devSecret(stack.dataDir, DEV_JWT_SECRET_FILE),
    { sub: 'ole', name: 'Ole Haugen', roles, municipality },
    { issuer: DEV_TOKEN_ISSUER, audience: 'bolig-forst' },
  );
  const res = await fetch(`${stack.appUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** `n` days before today in Oslo, as YYYY-MM-DD: the API tests' own. */
export { daysAgo } from '../support/api-bodies';

/** A new browser (its own cookies) signed in as the test user named on the provider's page. */
export async function signIn(fullName: string, page?: Page, start = '/app/'): Promise<Page> {
  const { stack, browser, contexts } = current();
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
export async function checkPage(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const violations = result.violations.map((v) => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3),
  }));
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
}

/** A page in the main menu. */
export function menu(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name });
}

export async function openForm(page: Page, title: string) {
  await page.locator('summary', { hasText: title }).click();
  return page.locator('details[open]', { has: page.locator('summary', { hasText: title }) });
}

/** Fills a form on the case page and presses its button, without waiting for the outcome. */
export async function sendForm(page: Page, title: string, fill: (form: Locator) => Promise<void>) {
  const form = await openForm(page, title);
  await fill(form);
  // Submitted from the keyboard: the button is focused and Enter pressed, as many staff work.
  await form.getByRole('button', { name: 'Registrer' }).press('Enter');
  return form;
}

/** Fills and sends a form on the case page, and waits for the page to confirm it was recorded. */
export async function submitForm(page: Page, title: string, fill: (form: Locator) => Promise<void>) {
  const form = await sendForm(page, title, fill);
  try {
    // Bounded by a loaded machine (a full suite beside the browser), not retried.
    await page.getByText(`Registrert: ${title}.`, { exact: true }).waitFor({ timeout: 60_000 });
  } catch {
    await page.screenshot({ path: path.join(SHOTS, `failed-${title.replace(/[^a-z0-9]+/gi, '-')}.png`) });
    throw new Error(
      `"${title}" was not recorded at ${page.url()}; the form says: ${await form.textContent()}; ` +
        `the page says: ${(await page.locator('main').textContent())?.slice(0, 400)}`,
    );
  }
}
