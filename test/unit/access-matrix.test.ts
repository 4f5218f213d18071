/**
 * Roles never add up past a check. Every route that acts on one case (taken from the API's own route
 * table, its OpenAPI document) × every role and every pair of roles × a case of the caller's own
 * office, of another office, of another municipality × the person's consent naming the assessment
 * and HF teams or not. The expected answer is written here from the contract (api.md, "Who may call
 * what", and the README's "Who sees what"), not read back from the code under test:
 *
 * - no role of the token may call the route: 403;
 * - no role that may call it reaches the case on its own (another municipality: no role; another
 *   office: not the caseworker): 404, as for a case that does not exist;
 * - otherwise the call goes through, and the answer shows the person only if one role of the token
 *   that reaches the case on its own may see personal fields there: the caseworker (own office), the
 *   assessment team with its party in the consent, the HF team and team lead with the HF team in the
 *   consent. Unit leader and admin never; housing provider and NAV get receipts, never a case.
 */
import { ROLES, type Role } from '../../domain/types';
import { EVENT_BODIES } from '../support/api-bodies';
import { caseView, PERSONAL_MARKERS, startFakeApi, type FakeApi } from '../support/fake-api';

/** The contract's table for routes on one case (additions as the README lists them). */
const CONTRACT: Record<string, Role[]> = {
  'GET /referrals/:id': ['caseworker', 'assessment-team', 'hf-team', 'team-lead', 'unit-leader', 'admin'],
  'GET /referrals/:id/audit': ['team-lead', 'admin'],
  'GET /referrals/:id/housing-suggestions': ['hf-team', 'team-lead'],
  'POST /referrals/:id/reviews': ['assessment-team'],
  'POST /referrals/:id/informed': ['caseworker'],
  'POST /referrals/:id/mapping': ['hf-team'],
  'POST /referrals/:id/decision': ['team-lead'],
  'POST /referrals/:id/housing-offers': ['housing-provider', 'hf-team'],
  'POST /referrals/:id/housing-offers/:offerId/response': ['hf-team'],
  'POST /referrals/:id/lease': ['housing-provider', 'hf-team'],
  'POST /referrals/:id/move-in': ['hf-team'],
  'POST /referrals/:id/waiting-review': ['team-lead', 'hf-team'],
  'POST /referrals/:id/person-correction': ['caseworker', 'team-lead'],
  'POST /referrals/:id/appeals': ['team-lead', 'hf-team'],
  'POST /referrals/:id/appeal-review': ['team-lead'],
  'POST /referrals/:id/appeal-outcome': ['team-lead'],
  'POST /referrals/:id/lease-security': ['hf-team', 'nav'],
  'POST /referrals/:id/plans': ['hf-team'],
  'POST /referrals/:id/contacts': ['hf-team'],
  'POST /referrals/:id/evaluations': ['hf-team'],
  'POST /referrals/:id/eviction-risks': ['housing-provider', 'nav', 'hf-team'],
  'POST /referrals/:id/eviction-risks/:riskId/action-plan': ['hf-team', 'team-lead'],
  'POST /referrals/:id/housing-lost': ['hf-team', 'housing-provider'],
  'POST /referrals/:id/exit': ['hf-team', 'team-lead'],
  'POST /referrals/:id/consent-withdrawal': ['caseworker', 'hf-team'],
  'POST /referrals/:id/consent-scope': ['caseworker', 'hf-team', 'team-lead'],
  'POST /referrals/:id/policy': ['admin'],
  'POST /referrals/:id/incidents/:incidentId/retry': ['admin'],
};

const READERS: Role[] = CONTRACT['GET /referrals/:id'];
/** Routes that answer 409 (with the stage) when the case is not where they apply: past every access check. */
const STAGE_BOUND = new Set(['GET /referrals/:id/housing-suggestions']);
const RECEIPTS: Role[] = ['housing-provider', 'nav'];

type Place = 'own office' | 'other office' | 'other municipality';
const PLACES: Place[] = ['own office', 'other office', 'other municipality'];
const CONSENTS = { present: ['assessment-team', 'hf-team'], absent: ['nav'] } as const;
type Consent = keyof typeof CONSENTS;

/** The caller: Stavanger, Hillevåg's office. */
const CALLER = { municipality: 'stavanger', office: 'hillevag' };

const CASES = PLACES.flatMap((place) =>
  (Object.keys(CONSENTS) as Consent[]).map((consent) => {
    const [municipality, office] =
      place === 'own office'
        ? ['stavanger', 'hillevag']
        : place === 'other office'
          ? ['stavanger', 'madla']
          : ['bergen', 'bergenhus'];
    // Case IDs use Crockford's alphabet (no i, l, o, u).
    const tag = `${place === 'own office' ? 'hme' : place === 'other office' ? 'thr' : 'kmn'}${consent === 'present' ? 'yes' : 'nay'}`;
    return {
      place,
      consent,
      view: caseView({
        caseId: `hf-${municipality}-${tag.padEnd(10, '0')}`,
        municipality,
        office,
        consentScope: [...CONSENTS[consent]],
      }),
    };
  }),
);

/** Whether one role, on its own, reaches a case at this place (contract: municipality, office). */
function reachesAlone(role: Role, place: Place): boolean {
  if (place === 'other municipality') return false;
  return role !== 'caseworker' || place === 'own office';
}

/** Whether one role, on its own, may see the person in a case it reaches (README "Who sees what"). */
function seesPersonAlone(role: Role, consent: Consent): boolean {
  switch (role) {
    case 'caseworker':
      return true;
    case 'assessment-team':
    case 'hf-team':
    case 'team-lead':
      return consent === 'present';
    default:
      return false;
  }
}

const ROLE_SETS: Role[][] = [
  ...ROLES.map((r) => [r]),
  ...ROLES.flatMap((a, i) => ROLES.slice(i + 1).map((b) => [a, b])),
];

let api: FakeApi;
let routes: { method: 'GET' | 'POST'; pattern: string }[];
beforeAll(async () => {
  api = await startFakeApi(CASES.map((c) => c.view));
  const doc = (await api.call('GET', '/openapi.json')).body as { paths: Record<string, object> };
  routes = Object.entries(doc.paths)
    .filter(([p]) => p.startsWith('/referrals/{id}'))
    .flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => ({
        method: m.toUpperCase() as 'GET' | 'POST',
        pattern: p.replace(/\{(\w+)\}/g, ':$1'),
      })),
    );
});
afterAll(() => api?.stop());

function pathFor(pattern: string, caseId: string): string {
  return pattern
    .replace(':id', caseId)
    .replace(':offerId', 'o-1')
    .replace(':riskId', 'r-1')
    .replace(':incidentId', 'i-1');
}

function bodyFor(pattern: string, scope: readonly string[]): unknown {
  // The consent as it stands (this matrix is about reaching the case; changing consent is tested apart).
  if (pattern === '/referrals/:id/consent-scope') return { date: '2025-03-01', scope: [...scope] };
  return EVENT_BODIES[pattern] ?? {};
}

test('every route on one case has a row in the contract table here', () => {
  expect(routes.length).toBeGreaterThanOrEqual(Object.keys(CONTRACT).length);
  expect(routes.map((r) => `${r.method} ${r.pattern}`).filter((k) => !(k in CONTRACT))).toEqual([]);
});

test('every role and pair of roles × own office, other office, other municipality × consent present, absent', async () => {
  const tokens = new Map<string, string>();
  for (const roles of ROLE_SETS) tokens.set(roles.join('+'), await api.token(roles, CALLER));
  const wrong: string[] = [];
  let checked = 0;
  for (const route of routes) {
    const allowed = CONTRACT[`${route.method} ${route.pattern}`];
    for (const roles of ROLE_SETS) {
      const token = tokens.get(roles.join('+'))!;
      await Promise.all(
        CASES.map(async ({ place, consent, view }) => {
          const callable = roles.filter((r) => allowed.includes(r));
          const reaching = callable.filter((r) => reachesAlone(r, place));
          const expected = callable.length === 0 ? 403 : reaching.length === 0 ? 404 : 'ok';
          const res = await api.call(
            route.method,
            pathFor(route.pattern, view.caseId),
            token,
            route.method === 'POST' ? bodyFor(route.pattern, view.consentScope) : undefined,
          );
          checked++;
          const label = `${route.method} ${route.pattern} as ${roles.join('+')} on a case of ${place}, consent ${consent}`;
          const passed =
            (res.status >= 200 && res.status < 300) ||
            (res.status === 409 && STAGE_BOUND.has(`${route.method} ${route.pattern}`));
          const got = passed ? 'ok' : res.status;
          if (got !== expected) return void wrong.push(`${label}: expected ${expected}, got ${res.status}`);
          const shown = PERSONAL_MARKERS.filter((m) => res.text.includes(m));
          const mayShow = roles.some(
            (r) => READERS.includes(r) && reachesAlone(r, place) && seesPersonAlone(r, consent),
          );
          if (shown.length && !mayShow) wrong.push(`${label}: shows ${shown.join(', ')}`);
          if (got !== 'ok') return;
          if (route.pattern === '/referrals/:id' && mayShow && !res.text.includes('Kari Nordmann')) {
            wrong.push(`${label}: the person is missing`);
          }
          // Only receipt roles can act: the answer is a receipt, no course of the case.
          if (reaching.every((r) => RECEIPTS.includes(r))) {
            const keys = Object.keys(res.body as object).sort();
            if (keys.some((k) => !['accepted', 'caseId', 'offerId', 'riskId'].includes(k)))
              wrong.push(`${label}: not a receipt (${keys.join(', ')})`);
          }
        }),
      );
    }
  }
  // Routes × role sets × places × consents (the size is in the report).
  expect(checked).toBe(routes.length * ROLE_SETS.length * PLACES.length * 2);
  expect(wrong).toEqual([]);
}, 600_000); // ≈ 15 s of CPU; much longer on a loaded machine
