/**
 * The web app in a real browser (Debian's Chromium through playwright-core), against the whole
 * stack as `npm start` runs it. Each story signs in at the development identity provider as the
 * person it is about, in a browser context of its own (fresh cookies), and checks what that person
 * would see. Every page visited is checked with axe (WCAG 2.1 AA rules: 0 violations) and saved as
 * a screenshot in test-results/screenshots (git-ignored).
 */
import type { Page } from 'playwright-core';
import { withControlDigits } from '../../domain/national-id';
import { apiCall, checkPage, daysAgo, menu, signIn, submitForm, useWebStack } from './support';

const VALID_ID = '01017012343';
const WRONG_ID = '01017012345';

// A browser story signs in several people on a machine shared with other work: minutes, not seconds.
jest.setTimeout(300_000);

const web = useWebStack();

/** Mails in the SMTP server's inbox (MailDev). */
async function inbox(): Promise<{ subject?: string; text?: string }[]> {
  return (await (await fetch(`${web.stack.inboxUrl}/api/email`)).json()) as {
    subject?: string;
    text?: string;
  }[];
}

async function referCase(page: Page, name: string): Promise<string> {
  await menu(page, 'Ny henvisning').click();
  await page.getByLabel('Personen har gitt skriftlig samtykke til henvisningen').check();
  await page.getByLabel('Fullt navn').fill(name);
  await page.getByLabel(/Fødselsnummer eller D-nummer/).fill(VALID_ID);
  await page.getByLabel('Bostedsløs').check();
  await page.getByLabel('Rusproblemer').check();
  await page.getByLabel('Psykiske helseproblemer').check();
  await page.getByLabel(/Hvilken situasjon gjelder/).selectOption('emergency-shelter');
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
  // Stavanger's programme is for people with both substance use and mental-health problems.
  await page.getByLabel('Bostedsløs').check();
  await page.getByLabel('Rusproblemer').check();
  await page.getByRole('button', { name: 'Send henvisning' }).click();
  await page.getByText('For å gå videre må du rette opp følgende:').waitFor();
  await expect(page.getByRole('link', { name: /phone number of 8–15 digits/ }).count()).resolves.toBe(1);
  await checkPage(page, 'caseworker-referral-errors');
  await page.getByRole('link', { name: /phone number of 8–15 digits/ }).click();
  await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('f-person-phone');
  await page.getByLabel('Telefon (valgfritt)').fill('');
  await page.getByRole('button', { name: 'Send henvisning' }).click();
  // Outside the target group without a reason: the criteria are named, and nothing was sent on.
  await page.getByRole('link', { name: /outside Stavanger kommune's target group/ }).click();
  await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('f-criteria');
  await page.getByLabel('Psykiske helseproblemer').check();
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

test('the case walked from referral to follow-up in the browser alone, each role signing in for its own step', async () => {
  const kari = await signIn('Kari Nilsen');
  const id = await referCase(kari, 'Per Hansen');
  const open = async (page: Page) => {
    await page.goto(`${web.stack.appUrl}/app/saker/${id}`);
    await page.getByRole('heading', { level: 1, name: `Sak ${id}` }).waitFor();
  };
  const current = (page: Page) => page.locator('.bf-pathway li[aria-current="step"]');

  // The assessment team's meeting: first review.
  const aisha = await signIn('Aisha Rahimi');
  await menu(aisha, 'Vurderingsmøte').click();
  await aisha.getByRole('heading', { level: 1, name: 'Vurderingsmøte' }).waitFor();
  await aisha.getByLabel(`Utfall for ${id}`).selectOption('relevant');
  await checkPage(aisha, 'assessment-meeting');
  await aisha.getByRole('button', { name: 'Registrer utfallene' }).click();
  await aisha.getByText('1 utfall registrert.').waitFor();

  // The Housing First team maps the person.
  const hanne = await signIn('Hanne Moe');
  await open(hanne);
  await expect(current(hanne).textContent()).resolves.toContain('Kartlegging');
  await submitForm(hanne, 'Kartlegging fullført', async (form) => {
    await form.getByLabel('Oppfølgingsansvarlig').fill('Hanne Moe');
    await form.getByLabel('Ønskede bydeler (kommaseparert)').fill('Madla');
  });
  await checkPage(hanne, 'hf-case-after-mapping');
  // She is its follow-up worker now: the case is among her own.
  await menu(hanne, 'Mine saker').click();
  await hanne.getByRole('heading', { level: 1, name: 'Mine saker' }).waitFor();
  await hanne.getByRole('link', { name: id }).waitFor();
  await checkPage(hanne, 'hf-my-cases');
  await open(hanne);

  // Second review: a place is offered.
  await aisha.reload();
  await aisha.getByLabel(`Utfall for ${id}`).selectOption('place-offered');
  await aisha.getByRole('button', { name: 'Registrer utfallene' }).click();
  await aisha.getByText('1 utfall registrert.').waitFor();

  // The team lead makes the decision (vedtak).
  const ole = await signIn('Ole Haugen');
  await open(ole);
  await expect(current(ole).textContent()).resolves.toContain('Vedtak');
  await submitForm(ole, 'Vedtak', async (form) => {
    await form.getByLabel('Tjeneste').fill('oppfølging i hjemmet');
    await form.getByLabel('Timer per uke').fill('6');
    await form
      .getByLabel('Begrunnelse: fakta og hovedhensyn for denne personen')
      .fill('Per har vært uten fast bolig i to år og ønsker oppfølging hjemme når han har flyttet inn.');
  });
  await menu(ole, 'Oppgaver').click();
  await ole.getByRole('heading', { level: 1, name: 'Oppgaver' }).waitFor();
  await checkPage(ole, 'team-lead-tasks');
  await menu(ole, 'Resultatrapport').click();
  await ole.getByText('Bodde fortsatt i boligen etter 12 måneder').waitFor();
  await checkPage(ole, 'team-lead-report');
  // The year's fidelity self-assessment: every item scored, then read beside last year.
  await menu(ole, 'Troskapsskala').click();
  await ole
    .getByRole('heading', { level: 1, name: 'Egenvurdering mot Housing First-troskapsskalaen' })
    .waitFor();
  const items = ole.locator('form select');
  await expect(items.count()).resolves.toBe(38);
  for (let i = 0; i < 38; i++) await items.nth(i).selectOption('3');
  await ole.getByRole('button', { name: 'Lagre vurderingen' }).click();
  await ole.getByText('Vurderingen er lagret.').waitFor();
  const allItems = ole.getByRole('row', { name: /^Alle punkter/ });
  await expect(allItems.textContent()).resolves.toContain('3');
  await checkPage(ole, 'team-lead-fidelity');

  // Housing: the HF team offers the unit the page proposes first (best fit for the wishes), the
  // person accepts; the lease; the move-in.
  await hanne.reload();
  await expect(current(hanne).textContent()).resolves.toContain('Boligfremskaffelse');
  const proposals = hanne.getByRole('table', { name: 'Boliger som kan passe' });
  const best = proposals.getByRole('row').nth(1);
  await best.waitFor();
  await checkPage(hanne, 'hf-housing-suggestions');
  const unit = {
    unitId: (await best.getByRole('cell').nth(0).textContent())!.trim(),
    address: (await best.getByRole('cell').nth(1).textContent())!.replace(/ \(.*$/, '').trim(),
  };
  expect(unit.unitId).toMatch(/^STV-\d{4}$/);
  await submitForm(hanne, 'Boligtilbud', async (form) => {
    await form.getByLabel('Bolig-ID').fill(unit.unitId);
    await form.getByLabel('Adresse').fill(unit.address);
  });
  await submitForm(hanne, `Svar på tilbud: ${unit.address}`, async (form) => {
    await form.getByLabel('Personen takker ja').check();
  });
  await submitForm(hanne, 'Leiekontrakt signert', async (form) => {
    await form.getByLabel('Bolig-ID').fill(unit.unitId);
  });
  await submitForm(hanne, 'Innflytting', async () => {});
  await expect(current(hanne).textContent()).resolves.toContain('Oppfølging');
  // Follow-up offers its own forms now, and no longer the ones of earlier stages.
  await hanne.locator('summary', { hasText: 'Kontakt' }).waitFor();
  await expect(hanne.locator('summary', { hasText: 'Leiekontrakt signert' }).count()).resolves.toBe(0);
  await checkPage(hanne, 'hf-case-follow-up');
});

test('a caseworker of another office opens the case address and gets "not found"', async () => {
  const kari = await signIn('Kari Nilsen');
  const id = await referCase(kari, 'Eva Olsen');
  const mona = await signIn('Mona Lie');
  await mona.goto(`${web.stack.appUrl}/app/saker/${id}`);
  await mona.getByText('Fant ikke saken. Den finnes ikke, eller du har ikke tilgang til den.').waitFor();
  await expect(mona.getByText('Eva Olsen').count()).resolves.toBe(0);
  await checkPage(mona, 'caseworker-other-office-not-found');
});

test('a caseworker finds a person by national ID and by name; a caseworker of another office finds nothing', async () => {
  const id = withControlDigits('150385123')!;
  const kari = await signIn('Kari Nilsen');
  await menu(kari, 'Ny henvisning').click();
  await kari.getByLabel('Personen har gitt skriftlig samtykke til henvisningen').check();
  await kari.getByLabel('Fullt navn').fill('Sofie Søkbar-Lund');
  await kari.getByLabel(/Fødselsnummer eller D-nummer/).fill(id);
  await kari.getByLabel('Bostedsløs').check();
  await kari.getByLabel('Rusproblemer').check();
  await kari.getByLabel('Psykiske helseproblemer').check();
  await kari.getByRole('button', { name: 'Send henvisning' }).click();
  const created = kari.getByRole('link', { name: /Åpne saken: hf-stavanger-/ });
  await created.waitFor();
  const caseId = (await created.textContent())!.replace(/^.*: /, '').trim();

  await menu(kari, 'Finn person').click();
  await kari.getByRole('heading', { level: 1, name: 'Finn person' }).waitFor();
  const field = kari.getByLabel('Fødselsnummer eller navn');
  await field.fill(`${id.slice(0, 6)} ${id.slice(6)}`);
  await kari.getByRole('button', { name: 'Søk' }).click();
  await kari.getByRole('cell', { name: 'Sofie Søkbar-Lund' }).waitFor();
  // The term is never in the page's address (nor in the browser's history).
  expect(kari.url()).not.toContain(id.slice(0, 6));
  await checkPage(kari, 'caseworker-search');
  await field.fill('søkbar sofie');
  await kari.getByRole('button', { name: 'Søk' }).click();
  await kari.getByText('1 treff').waitFor();
  await kari.getByRole('link', { name: caseId }).click();
  await kari.getByRole('heading', { level: 1, name: `Sak ${caseId}` }).waitFor();

  const mona = await signIn('Mona Lie');
  await menu(mona, 'Finn person').click();
  await mona.getByLabel('Fødselsnummer eller navn').fill(id);
  await mona.getByRole('button', { name: 'Søk' }).click();
  await mona.getByText('Ingen treff du har tilgang til.').waitFor();
  await expect(mona.getByText('Sofie Søkbar-Lund').count()).resolves.toBe(0);
});

test('the link in a reminder email (read from the SMTP server) opens the case after sign-in; the team lead finds it among the decisions', async () => {
  // A person already in the programme, registered waiting 20 days for the decision: the team lead
  // is reminded at once (7 days), by email with a link to the case.
  const registered = await apiCall('POST', '/existing-cases', ['team-lead'], {
    person: { name: 'Rolf Påminnelse', nationalId: withControlDigits('240291456') },
    office: 'hillevag',
    criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
    consent: { given: true, date: daysAgo(60), scope: ['assessment-team', 'hf-team'] },
    referredAt: daysAgo(60),
    existing: { stage: 'decision', stageSince: daysAgo(20) },
  });
  expect(registered.status).toBe(201);
  const id = registered.body.id as string;
  let mail: { subject?: string; text?: string } | undefined;
  for (let i = 0; i < 120 && !mail; i++) {
    mail = (await inbox()).find(
      (m) => m.subject?.startsWith('[Bolig først] Påminnelse') && m.text?.includes(id),
    );
    if (!mail) await new Promise((r) => setTimeout(r, 500));
  }
  expect(mail?.subject).toContain(`sak ${id}`);
  const link = /(http:\/\/\S+\/app\/saker\/\S+)/.exec(mail!.text!)?.[1];
  expect(link).toBe(`${web.stack.appUrl}/app/saker/${id}`);

  // A browser that is not signed in: the link leads through sign-in to the case.
  const context = await web.browser.newContext({ locale: 'nb-NO' });
  web.contexts.push(context);
  const ole = await context.newPage();
  await ole.goto(link!);
  await ole.getByRole('button', { name: 'Logg inn som Ole Haugen' }).click();
  await ole.getByRole('heading', { level: 1, name: `Sak ${id}` }).waitFor();
  expect(new URL(ole.url()).pathname).toBe(`/app/saker/${id}`);
  await ole.getByText('Rolf Påminnelse').first().waitFor();
  await checkPage(ole, 'team-lead-case-from-reminder');

  // The decisions view: the case waits for his decision, overdue.
  await menu(ole, 'Vedtak').click();
  await ole.getByRole('heading', { level: 1, name: 'Vedtak' }).waitFor();
  const row = ole.getByRole('row', { name: new RegExp(id) });
  await row.waitFor();
  await expect(row.textContent()).resolves.toContain('Over fristen');
  await checkPage(ole, 'team-lead-decisions');
  await menu(ole, 'Venteliste').click();
  await ole.getByText(/Kommunen har 10 plasser/).waitFor();
  await checkPage(ole, 'team-lead-waiting-list');
});

test('the link in an email (read from the SMTP server) opens the case after sign-in, and the administrator retries the failed call', async () => {
  // The archive refuses the next calls: the case raises an incident and mails the administrator.
  await fetch(`${web.stack.standinsUrl}/admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ system: 'archive', mode: '400', count: 1 }),
  });
  const kari = await signIn('Kari Nilsen');
  const id = await referCase(kari, 'Knut Berg');
  let link: string | undefined;
  for (let i = 0; i < 120 && !link; i++) {
    const mails = (await (await fetch(`${web.stack.inboxUrl}/api/email`)).json()) as { text?: string }[];
    link = mails
      .map((m) => /(http:\/\/\S+\/app\/saker\/(\S+))/.exec(m.text ?? ''))
      .find((m) => m && m[2] === id)?.[1];
    if (!link) await new Promise((r) => setTimeout(r, 500));
  }
  expect(link).toBe(`${web.stack.appUrl}/app/saker/${id}`);

  // A browser that is not signed in: the link leads through sign-in to the case.
  const context = await web.browser.newContext({ locale: 'nb-NO' });
  web.contexts.push(context);
  const lars = await context.newPage();
  await lars.goto(link!);
  await lars.getByRole('button', { name: 'Logg inn som Lars Eide' }).click();
  await lars.getByRole('heading', { level: 1, name: `Sak ${id}` }).waitFor();
  expect(new URL(lars.url()).pathname).toBe(`/app/saker/${id}`);
  await lars.getByRole('link', { name: 'Åpne i Temporal Web UI' }).waitFor();
  await checkPage(lars, 'admin-case-incident');
  await menu(lars, 'Hendelser').click();
  await lars.getByRole('link', { name: id }).waitFor();
  await checkPage(lars, 'admin-incidents');
  await lars.getByRole('link', { name: id }).click();
  await lars.getByRole('button', { name: 'Prøv igjen' }).click();
  await lars.getByText('Sendt på nytt.', { exact: true }).waitFor();
  await expect(lars.getByRole('button', { name: 'Prøv igjen' }).count()).resolves.toBe(0);
});

test('a referral made with the keyboard alone', async () => {
  const page = await signIn('Siri Dahl');
  await page.goto(`${web.stack.appUrl}/app/henvisning/ny`);
  await page.getByRole('heading', { level: 1, name: 'Ny henvisning til Bolig først' }).waitFor();
  /** Tab (never the mouse) until the field with this label has the focus. */
  const tabTo = async (label: string) => {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(
        `(() => { const e = document.activeElement; return (e && (e.labels?.[0]?.textContent || e.getAttribute('aria-label') || e.textContent)) || ''; })()`,
      );
      if (String(focused).trim().startsWith(label)) return;
    }
    throw new Error(`"${label}" cannot be reached with Tab`);
  };
  await tabTo('Personen har gitt skriftlig samtykke');
  await page.keyboard.press('Space');
  await tabTo('Fullt navn');
  await page.keyboard.type('Tastatur Tone');
  await tabTo('Fødselsnummer eller D-nummer');
  await page.keyboard.type(VALID_ID);
  await tabTo('Bostedsløs');
  await page.keyboard.press('Space');
  await tabTo('Rusproblemer');
  await page.keyboard.press('Space');
  await tabTo('Psykiske helseproblemer');
  await page.keyboard.press('Space');
  await tabTo('Send henvisning');
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: /Åpne saken: hf-stavanger-/ }).waitFor();
});

test('an expired session sends the caseworker to sign in and back to the same page, with the half-filled form kept', async () => {
  const page = await signIn('Jonas Berg');
  await page.goto(`${web.stack.appUrl}/app/henvisning/ny`);
  await page.getByLabel('Personen har gitt skriftlig samtykke til henvisningen').check();
  await page.getByLabel('Fullt navn').fill('Lise Utløpt');
  await page.getByLabel(/Fødselsnummer eller D-nummer/).fill(VALID_ID);
  await page.getByLabel('Bostedsløs').check();
  await page.getByLabel('Rusproblemer').check();
  await page.getByLabel('Psykiske helseproblemer').check();
  // The session ends (as when its token expires); the provider still knows the person.
  await page.context().clearCookies({ name: 'bf_session' });
  const callback = page.waitForRequest((r) => r.url().includes('/auth/callback'));
  await page.getByRole('button', { name: 'Send henvisning' }).click();
  await callback;
  await page.waitForURL((u) => u.pathname === '/app/henvisning/ny');
  await page.getByText('Logget inn som Jonas Berg').waitFor();
  await expect(page.getByLabel('Fullt navn').inputValue()).resolves.toBe('Lise Utløpt');
  await expect(page.getByLabel('Rusproblemer').isChecked()).resolves.toBe(true);
  await page.getByRole('button', { name: 'Send henvisning' }).click();
  await page.getByRole('link', { name: /Åpne saken: hf-stavanger-/ }).waitFor();
});

test('signing out ends the session at the provider too', async () => {
  const page = await signIn('Sigrid Aas');
  await checkPage(page, 'unit-leader-home');
  await page.getByRole('button', { name: 'Logg ut' }).click();
  await page.getByRole('heading', { level: 1, name: 'Du er ikke logget inn' }).waitFor();
  const res = await page.request.get(`${web.stack.appUrl}/auth/session`);
  expect(res.status()).toBe(401);
  // The provider asks again who is signing in: its session is gone too.
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.getByRole('button', { name: 'Logg inn som Sigrid Aas' }).waitFor();
  await checkPage(page, 'idp-sign-in');
});

test('the case list of 1,000 cases renders from one API call', async () => {
  const page = await signIn('Ole Haugen');
  // The API's answer for a programme of 1,000 cases (the browser's one call to /referrals answered here).
  const items = Array.from({ length: 1000 }, (_, i) => ({
    caseId: `hf-stavanger-${String(i).padStart(10, '0')}`,
    municipality: 'stavanger',
    office: 'hillevag',
    stage: 'follow-up',
    nextDueAt: new Date(Date.now() + (i - 50) * 86_400_000).toISOString(),
    overdue: i < 50,
    hasIncident: false,
    referredAt: '2025-01-02T00:00:00.000Z',
    status: 'RUNNING',
    links: { self: `/referrals/hf-stavanger-${String(i).padStart(10, '0')}` },
  }));
  const calls: string[] = [];
  await page.route(
    (url) => url.pathname.startsWith('/referrals'),
    async (route) => {
      calls.push(route.request().url());
      await route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ items, count: 1000 }),
      });
    },
  );
  await menu(page, 'Saker').click();
  await page.getByRole('heading', { level: 1, name: 'Saker' }).waitFor();
  await page.getByText('1000 saker').waitFor();
  await expect(page.locator('.bf-main tbody tr').count()).resolves.toBe(1000);
  await expect(page.getByRole('link', { name: 'hf-stavanger-0000000999' }).count()).resolves.toBe(1);
  expect(calls).toHaveLength(1);
  expect(new URL(calls[0]).searchParams.get('limit')).toBe('2000');
});

test('at 360 px width (and so at 200 % zoom on a 720 px window) the pages fit without sideways scrolling; English is one click away', async () => {
  const context = await web.browser.newContext({ locale: 'nb-NO', viewport: { width: 360, height: 740 } });
  web.contexts.push(context);
  const page = await signIn('Emma Solberg', await context.newPage());
  for (const [name, href] of [
    ['narrow-home', '/app/'],
    ['narrow-referral', '/app/henvisning/ny'],
    ['narrow-list', '/app/saker'],
  ]) {
    await page.goto(`${web.stack.appUrl}${href}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    if (href === '/app/henvisning/ny')
      await page.getByLabel('Personen har gitt skriftlig samtykke til henvisningen').check();
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
    await checkPage(page, name);
  }
  await page.getByRole('button', { name: 'Change language to English' }).click();
  await page.getByText('Signed in as Emma Solberg (caseworker)').waitFor();
  await page.goto(`${web.stack.appUrl}/app/henvisning/ny`);
  await page.getByRole('heading', { level: 1, name: 'New referral to Housing First' }).waitFor();
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
});
