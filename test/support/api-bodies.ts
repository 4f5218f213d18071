/**
 * Request bodies as the API's users would send them: a referral, and one valid body for every
 * event route, with dates relative to today (reported dates cannot lie in the future).
 */
import { localDate } from '../../domain/calendar';
import { nationalId } from './fixtures';
import type { Stack } from './stack';

/** `n` days before today in Oslo, as YYYY-MM-DD (the API's "today"; UTC is a day behind after midnight). */
export function daysAgo(n: number): string {
  return daysAgoFrom(Date.now())(n);
}

/**
 * `daysAgo` counted from one fixed moment: a test that sends a date and later checks it must use
 * the same "today" for both, or a run across midnight in Oslo sees yesterday become the day before
 * (a fresh-clone run at 00:00 Oslo: the exit sent as 2 December was expected back as 3 December).
 */
export function daysAgoFrom(at: number): (n: number) => string {
  return (n) => localDate(new Date(at - n * 86_400_000), 'Europe/Oslo');
}

export function daysAhead(n: number): string {
  return daysAgo(-n);
}

export function referralBody(overrides: Record<string, unknown> = {}) {
  return {
    person: { name: 'Per Integrasjon', nationalId: nationalId(), phone: '+47 912 34 567' },
    office: 'hillevag',
    criteria: {
      homeless: true,
      substanceUse: true,
      mentalHealth: true,
      additional: ['repeated admissions'],
    },
    consent: { given: true, date: daysAgo(3), scope: ['assessment-team', 'hf-team', 'nav'] },
    notes: 'Sover ute, innlagt tre ganger i år.',
    ...overrides,
  };
}

/** A valid body for each event route, by route pattern. */
export const EVENT_BODIES: Record<string, Record<string, unknown>> = {
  '/referrals/:id/reviews': { round: 1, outcome: 'relevant', meetingDate: daysAgo(1) },
  '/referrals/:id/informed': { date: daysAgo(1), channel: 'phone' },
  '/referrals/:id/mapping': {
    followUpWorker: 'Ola Oppfølger',
    housingWishes: { areas: ['Hillevåg', 'Storhaug'], type: 'leilighet', needs: ['skjermet inngang'] },
    forms: { mapping: daysAgo(2), baseline1: daysAgo(2) },
    mansaBaseline: 3.4,
  },
  '/referrals/:id/decision': {
    services: [{ kind: 'oppfølging i hjemmet', hoursPerWeek: 6 }],
    date: daysAgo(1),
    reviewBy: daysAhead(365),
    reasons: 'Du har bodd ute i et halvt år og ønsker hjelp til å bo i egen leilighet.',
  },
  '/referrals/:id/housing-offers': {
    unitId: 'STV-1001',
    address: 'Hillevågsveien 12, 4016 Stavanger',
    source: 'municipal',
    availableFrom: daysAhead(7),
  },
  '/referrals/:id/housing-offers/:offerId/response': { accepted: true, date: daysAgo(0) },
  '/referrals/:id/lease': { unitId: 'STV-1001', signedDate: daysAgo(0), moveInDate: daysAhead(7) },
  '/referrals/:id/move-in': { date: daysAgo(0) },
  '/referrals/:id/waiting-review': { date: daysAgo(0) },
  '/referrals/:id/person-correction': { person: { name: 'Kari Nordmann' }, reason: 'unreadable-characters' },
  '/referrals/:id/appeals': { receivedDate: daysAgo(0), summary: 'Personen mener timetallet er for lavt.' },
  '/referrals/:id/appeal-review': {
    appealId: 'appeal-1',
    outcome: 'upheld',
    date: daysAgo(0),
    reasons: 'Timetallet er i tråd med kartleggingen.',
  },
  '/referrals/:id/lease-security': { date: daysAgo(0), reference: 'NAV-GARANTI-1' },
  '/referrals/:id/appeal-outcome': { appealId: 'appeal-1', outcome: 'upheld', date: daysAgo(0) },
  '/referrals/:id/plans': { followUpPlan: daysAgo(0), safetyPlan: daysAgo(0) },
  '/referrals/:id/contacts': {
    date: daysAgo(0),
    kind: 'home-visit',
    minutes: 60,
    note: 'Kaffe på kjøkkenet.',
  },
  '/referrals/:id/evaluations': { milestone: 6, date: daysAgo(0), mansaScore: 4.2 },
  '/referrals/:id/eviction-risks': { kind: 'rent-arrears', date: daysAgo(0), detail: 'To måneder ubetalt.' },
  '/referrals/:id/eviction-risks/:riskId/action-plan': {
    date: daysAgo(0),
    summary: 'Nedbetalingsavtale med NAV.',
  },
  '/referrals/:id/housing-lost': { date: daysAgo(0), reason: 'Flyttet ut etter konflikt.' },
  '/referrals/:id/exit': {
    reason: 'moved-away',
    date: daysAgo(0),
    reasons: 'Du har flyttet fra kommunen, og teamet har hjulpet deg med å få oppfølging der du bor nå.',
  },
  '/referrals/:id/consent-withdrawal': { date: daysAgo(0) },
  '/referrals/:id/consent-scope': { date: daysAgo(0), scope: ['assessment-team', 'hf-team', 'nav'] },
  '/referrals/:id/policy': {},
  '/referrals/:id/incidents/:incidentId/retry': {},
};

/** Fills a route pattern's parameters. */
export function routeFor(
  pattern: string,
  ids: { id: string; offerId?: string; riskId?: string; incidentId?: string },
) {
  return pattern
    .replace(':id', ids.id)
    .replace(':offerId', ids.offerId ?? 'offer-1')
    .replace(':riskId', ids.riskId ?? 'risk-1')
    .replace(':incidentId', ids.incidentId ?? 'incident-1');
}

/** Submits a referral as a caseworker of the office and returns the case ID. */
export async function refer(stack: Stack, office = 'hillevag', body: Record<string, unknown> = {}) {
  const token = await stack.token('caseworker', { office });
  const res = await stack.call('POST', '/referrals', { token, body: referralBody({ office, ...body }) });
  if (res.status !== 201) throw new Error(`referral refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Polls until `check` holds (visibility is eventually consistent); returns its last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (v: T) => boolean,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}
