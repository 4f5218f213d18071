/**
 * The case page in a real browser: it holds still under the pointer while its parts load and
 * after an event, and it has a form for the steps the pathway takes after the decision (appeals,
 * a private lease and its security), each walked through as the role it belongs to.
 */
import type { Page } from 'playwright-core';
import { withControlDigits } from '../../domain/national-id';
import { apiCall, checkPage, daysAgo, sendForm, signIn, useWebStack } from './support';

// A browser story signs in several people on a machine shared with other work: minutes, not seconds.
jest.setTimeout(300_000);

const web = useWebStack();

/** A person registered in the programme mid-pathway (POST /existing-cases), as the team lead does. */
async function existingCase(name: string, idBase: string, existing: Record<string, unknown>) {
  const res = await apiCall('POST', '/existing-cases', ['team-lead'], {
    person: { name, nationalId: withControlDigits(idBase) },
    office: 'hillevag',
    criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
    consent: { given: true, date: daysAgo(200), scope: ['assessment-team', 'hf-team'] },
    referredAt: daysAgo(190),
    existing,
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const MAPPING = {
  followUpWorker: 'Hanne Moe',
  housingWishes: { areas: ['Madla'], needs: [] },
  forms: { mapping: daysAgo(100) },
};
const DECISION = {
  services: [{ kind: 'oppfølging i hjemmet', hoursPerWeek: 4 }],
  date: daysAgo(90),
  reasons: 'Uten fast bolig i to år; ønsker oppfølging hjemme.',
};

/**
 * Where each form on the case page sits (its summary's top, in page coordinates), recorded at
 * every animation frame in which it changed, with whether the page had confirmed an event yet.
 */
const RECORD_LAYOUT = `(() => {
  const w = window;
  w.__layouts = [];
  let last = '';
  const frame = () => {
    const tops = [...document.querySelectorAll('.bf-forms summary')].map(
      (s) => s.textContent + '@' + Math.round(s.getBoundingClientRect().top + window.scrollY),
    );
    const now = tops.join('|');
    if (now !== last) {
      last = now;
      w.__layouts.push({ tops, confirmed: document.body.innerText.includes('Registrert:') });
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})()`;

type Layout = { tops: string[]; confirmed: boolean };
const layouts = (page: Page) => page.evaluate('window.__layouts') as Promise<Layout[]>;

/** Every answer the page waits for comes late (as on a busy day): parts that load late show it. */
async function slowAnswers(page: Page) {
  let inFlight = 0;
  page.on('request', () => inFlight++);
  page.on('requestfinished', () => inFlight--);
  page.on('requestfailed', () => inFlight--);
  await page.route('**/*', async (route) => {
    if (route.request().resourceType() === 'fetch') await new Promise((r) => setTimeout(r, 400));
    await route.continue();
  });
  /** Until no request has been open for a second. */
  return async () => {
    for (let quiet = 0; quiet < 10;) {
      await new Promise((r) => setTimeout(r, 100));
      quiet = inFlight === 0 ? quiet + 1 : 0;
    }
  };
}

test('the forms on the case page stay where they first appeared while the page loads, and move at most once, with the confirmation, after an event', async () => {
  const id = await existingCase('Stine Stødig', '110380123', {
    stage: 'housing',
    stageSince: daysAgo(20),
    mapping: MAPPING,
    decision: DECISION,
  });
  const hanne = await signIn('Hanne Moe');
  const settled = await slowAnswers(hanne);
  await hanne.addInitScript(RECORD_LAYOUT);
  await hanne.goto(`${web.stack.appUrl}/app/saker/${id}`);
  await hanne.locator('.bf-forms summary').first().waitFor();
  await settled();
  // The units proposed (loaded from the housing system) are on the page, above the forms.
  const best = hanne.getByRole('table', { name: 'Boliger som kan passe' }).getByRole('row').nth(1);
  await best.waitFor();
  const loading = await layouts(hanne);
  expect(loading.length).toBeGreaterThan(0);
  // One layout from the first frame with forms to the last: nothing arrived above them later.
  expect(loading.map((l) => l.tops)).toEqual([loading[0].tops]);

  // An offer of the best unit: the page shows the case after it, the confirmation and the new
  // form (the person's answer) in the same frame, and nothing moves after that.
  const unitId = (await best.getByRole('cell').nth(0).textContent())!.trim();
  const address = (await best.getByRole('cell').nth(1).textContent())!.replace(/ \(.*$/, '').trim();
  await sendForm(hanne, 'Boligtilbud', async (form) => {
    await form.getByLabel('Bolig-ID').fill(unitId);
    await form.getByLabel('Adresse').fill(address);
    await hanne.evaluate('window.__layouts = []');
  });
  await hanne.getByText('Registrert: Boligtilbud.', { exact: true }).waitFor();
  await settled();
  const after = await layouts(hanne);
  const confirmedAt = after.findIndex((l) => l.confirmed);
  expect(confirmedAt).toBeGreaterThanOrEqual(0);
  expect(after[confirmedAt].tops.some((s) => s.startsWith(`Svar på tilbud: ${address}@`))).toBe(true);
  expect(after.slice(confirmedAt).map((l) => l.tops)).toEqual([after[confirmedAt].tops]);
  await checkPage(hanne, 'hf-case-offer-made');
});
