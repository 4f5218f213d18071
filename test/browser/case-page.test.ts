/**
 * The case page in a real browser: it holds still under the pointer while its parts load and
 * after an event, and it has a form for the steps the pathway takes after the decision (appeals,
 * a private lease and its security), each walked through as the role it belongs to.
 */
import type { Page } from 'playwright-core';
import { withControlDigits } from '../../domain/national-id';
import { apiCall, checkPage, daysAgo, sendForm, signIn, submitForm, useWebStack } from './support';

// A browser story signs in several people on a machine shared with other work: minutes, not seconds.
jest.setTimeout(300_000);

const web = useWebStack();

/** A person registered in the programme mid-pathway (POST /existing-cases), as the team lead does. */
async function existingCase(
  name: string,
  idBase: string,
  existing: Record<string, unknown>,
  where = { municipality: 'stavanger', office: 'hillevag' },
) {
  const res = await apiCall(
    'POST',
    '/existing-cases',
    ['team-lead'],
    {
      person: { name, nationalId: withControlDigits(idBase) },
      office: where.office,
      criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
      consent: { given: true, date: daysAgo(200), scope: ['assessment-team', 'hf-team'] },
      referredAt: daysAgo(190),
      existing,
    },
    where.municipality,
  );
  expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 201, errors: undefined });
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

const daysAhead = (n: number) => daysAgo(-n);

test('an appeal walked through the web app: received, the team lead upholds the decision with reasons (after being told the reasons are missing), and Statsforvalteren changes it', async () => {
  const id = await existingCase('Klara Klagesen', '020275123', {
    stage: 'follow-up',
    stageSince: daysAgo(60),
    decision: DECISION,
    movedInAt: daysAgo(60),
    lastContactAt: daysAgo(3),
  });
  const ole = await signIn('Ole Haugen');
  await ole.goto(`${web.stack.appUrl}/app/saker/${id}`);
  await ole.getByRole('heading', { level: 1, name: `Sak ${id}` }).waitFor();

  await submitForm(ole, 'Klage på vedtak mottatt', async (form) => {
    await form.getByLabel('Dato klagen kom inn').fill(daysAgo(2));
    await form.getByLabel('Hva personen klager på (valgfritt)').fill('Fire timer i uka er for lite.');
  });
  // One appeal at a time: the form to register one is gone while this one is under way.
  await expect(ole.locator('summary', { hasText: 'Klage på vedtak mottatt' }).count()).resolves.toBe(0);

  // The review without its reasons: the API's error is shown at the field it names.
  const review = 'Teamleders behandling av klagen (appeal-1';
  const form = await sendForm(ole, review, async (f) => {
    await f.getByLabel('Teamleders vurdering').selectOption('upheld');
  });
  const reasons = form.getByLabel('Begrunnelse for vurderingen');
  await form.getByText('For å gå videre må du rette opp følgende:').waitFor();
  await expect(reasons.getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(form.getByRole('link', { name: /^Begrunnelse for vurderingen: / }).count()).resolves.toBe(1);
  await checkPage(ole, 'team-lead-appeal-review-error');
  await reasons.fill('Vedtaket bygger på kartleggingen; fire timer i uka svarer til behovet.');
  await form.getByRole('button', { name: 'Registrer' }).press('Enter');
  await ole.getByText(/^Registrert: Teamleders behandling av klagen \(appeal-1, mottatt /).waitFor();

  // Sent on: Statsforvalteren's outcome is recorded when it comes.
  await submitForm(ole, 'Statsforvalterens avgjørelse (appeal-1)', async (f) => {
    await f.getByLabel('Statsforvalterens avgjørelse').selectOption('changed');
  });
  await ole.getByText('appeal-1: Statsforvalteren changed', { exact: false }).waitFor();
  // A changed decision is to be made anew: the form for a new decision is there.
  await ole.locator('summary', { hasText: 'Nytt vedtak (endring av vedtaket)' }).waitFor();
  await expect(ole.locator('summary', { hasText: 'Statsforvalterens avgjørelse' }).count()).resolves.toBe(0);
  await checkPage(ole, 'team-lead-appeal-decided');
});

test('a private lease signed in the web app (Bergen rents privately), and its guarantee recorded in place', async () => {
  const id = await existingCase(
    'Per Privatleie',
    '050570125',
    {
      stage: 'housing',
      stageSince: daysAgo(20),
      // Bergen asks for the MANSA baseline at mapping.
      mapping: { ...MAPPING, mansaBaseline: 4.5 },
      decision: DECISION,
    },
    { municipality: 'bergen', office: 'bergenhus' },
  );
  const tobias = await signIn('Tobias Brekke');
  await tobias.goto(`${web.stack.appUrl}/app/saker/${id}`);
  const best = tobias.getByRole('table', { name: 'Boliger som kan passe' }).getByRole('row').nth(1);
  await best.waitFor();
  const unitId = (await best.getByRole('cell').nth(0).textContent())!.trim();
  const address = (await best.getByRole('cell').nth(1).textContent())!.replace(/ \(.*$/, '').trim();
  await submitForm(tobias, 'Boligtilbud', async (form) => {
    await form.getByLabel('Bolig-ID').fill(unitId);
    await form.getByLabel('Adresse').fill(address);
    await form.getByLabel('Utleier').selectOption('private');
  });
  await submitForm(tobias, `Svar på tilbud: ${address}`, async (form) => {
    await form.getByLabel('Personen takker ja').check();
  });

  // The accepted offer is a private landlord's: the lease form starts from its unit, with the box
  // for a private landlord ticked. Bergen rents privately only: unticked, the API names the box.
  const box = 'Privat utleier (leiekontrakt etter husleieloven)';
  const lease = await sendForm(tobias, 'Leiekontrakt signert', async (form) => {
    await expect(form.getByLabel('Bolig-ID').inputValue()).resolves.toBe(unitId);
    await expect(form.getByLabel(box).isChecked()).resolves.toBe(true);
    await form.getByLabel(box).uncheck();
  });
  await lease.getByRole('link', { name: new RegExp(`^${box.replace(/[()]/g, '\\$&')}: `) }).waitFor();
  await expect(lease.getByLabel(box).getAttribute('aria-invalid')).resolves.toBe('true');
  // Ticked, the form asks for the landlord, the term, the security and the contact. Without the
  // landlord's name the API names that field.
  await lease.getByLabel(box).check();
  await lease.getByLabel('Sikkerhet for leien').selectOption('nav-guarantee');
  await lease.getByLabel('Sikkerheten skal være på plass innen').fill(daysAhead(10));
  await lease.getByLabel('Kontaktperson i kommunen for utleier').fill('Housing First-teamet');
  await lease.getByLabel('Kontaktpersonens telefon').fill('55 00 00 03');
  await lease.getByRole('button', { name: 'Registrer' }).press('Enter');
  await lease.getByRole('link', { name: /^Utleiers navn: / }).waitFor();
  await expect(lease.getByLabel('Utleiers navn').getAttribute('aria-invalid')).resolves.toBe('true');
  await checkPage(tobias, 'hf-private-lease-errors');
  await lease.getByLabel('Utleiers navn').fill('Utleier AS');
  await lease.getByRole('button', { name: 'Registrer' }).press('Enter');
  await tobias.getByText('Registrert: Leiekontrakt signert.', { exact: true }).waitFor();

  await submitForm(tobias, 'Garanti fra NAV er på plass', async (form) => {
    await form.getByLabel('Referanse (garantinummer eller depositumskonto, valgfritt)').fill('GAR-778');
  });
  await tobias.getByText('nav-guarantee in place', { exact: false }).waitFor();
  await expect(tobias.locator('summary', { hasText: 'er på plass' }).count()).resolves.toBe(0);
  await checkPage(tobias, 'hf-private-lease-security');
});

test("the caseworker widens the consent on the person's word and corrects the person's name from the case page", async () => {
  const id = await existingCase('Sara Skrivfeil', '110380123', {
    stage: 'mapping',
    stageSince: daysAgo(10),
  });
  const kari = await signIn('Kari Nilsen');
  await kari.goto(`${web.stack.appUrl}/app/saker/${id}`);
  await kari.getByRole('heading', { level: 1, name: `Sak ${id}` }).waitFor();
  await submitForm(kari, 'Endre hvem samtykket gjelder', async (form) => {
    // It starts from the consent as it is.
    await expect(form.getByLabel(/^Housing First-teamet/).isChecked()).resolves.toBe(true);
    await expect(form.getByLabel(/^NAV/).isChecked()).resolves.toBe(false);
    await form.getByLabel(/^NAV/).check();
  });
  await kari.getByText(/Samtykke gjelder: .*NAV/).waitFor();

  await submitForm(kari, 'Rett personopplysninger', async (form) => {
    await form.getByLabel('Riktig navn (valgfritt)').fill('Sara Skrivefeil');
    await form.getByLabel('Hvorfor').selectOption('misspelt');
  });
  await kari.getByText('Sara Skrivefeil').first().waitFor();
  await checkPage(kari, 'caseworker-case-corrected');
});
