/**
 * Who may call what: every role against every route, as the contract's table says (with the
 * additions the OpenAPI description lists). Allowed callers get past the gate (their answer is the
 * case's: 2xx, or 409 when the event does not fit its stage); others get 403; a caseworker from
 * another office gets 404 for a case, exactly as for one that does not exist; no token is a 401.
 */
import { ROLES, type Role } from '../../domain/types';
import { EVENT_BODIES, refer, referralBody, routeFor } from '../support/api-bodies';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

type Row = [method: 'GET' | 'POST', pattern: string, allowed: Role[]];

/** The expected table, written out from the contract (api.md) rather than read from the code. */
const TABLE: Row[] = [
  ['POST', '/referrals', ['caseworker']],
  ['POST', '/existing-cases', ['team-lead', 'admin']],
  ['GET', '/referrals', ['team-lead', 'unit-leader', 'admin', 'assessment-team', 'hf-team', 'caseworker']],
  [
    'GET',
    '/referrals/:id',
    ['caseworker', 'assessment-team', 'hf-team', 'team-lead', 'unit-leader', 'admin'],
  ],
  ['GET', '/referrals/:id/audit', ['team-lead', 'admin']],
  ['POST', '/referrals/:id/reviews', ['assessment-team']],
  ['POST', '/referrals/:id/informed', ['caseworker']],
  ['POST', '/referrals/:id/mapping', ['hf-team']],
  ['POST', '/referrals/:id/decision', ['team-lead']],
  ['POST', '/referrals/:id/housing-offers', ['housing-provider', 'hf-team']],
  ['POST', '/referrals/:id/housing-offers/:offerId/response', ['hf-team']],
  ['POST', '/referrals/:id/lease', ['housing-provider', 'hf-team']],
  ['POST', '/referrals/:id/move-in', ['hf-team']],
  ['POST', '/referrals/:id/plans', ['hf-team']],
  ['POST', '/referrals/:id/contacts', ['hf-team']],
  ['POST', '/referrals/:id/evaluations', ['hf-team']],
  ['POST', '/referrals/:id/eviction-risks', ['housing-provider', 'nav', 'hf-team']],
  ['POST', '/referrals/:id/eviction-risks/:riskId/action-plan', ['hf-team', 'team-lead']],
  ['POST', '/referrals/:id/housing-lost', ['hf-team', 'housing-provider']],
  ['POST', '/referrals/:id/exit', ['hf-team', 'team-lead']],
  ['POST', '/referrals/:id/consent-withdrawal', ['caseworker', 'hf-team']],
  ['POST', '/referrals/:id/incidents/:incidentId/retry', ['admin']],
  // Additions to the contract, with the workflow's own updates behind them.
  ['POST', '/referrals/:id/consent-scope', ['caseworker', 'hf-team', 'team-lead']],
  ['POST', '/referrals/:id/policy', ['admin']],
  ['GET', '/tasks', ['team-lead', 'unit-leader', 'hf-team', 'assessment-team', 'caseworker']],
  ['GET', '/reports/outcomes', ['team-lead', 'unit-leader', 'admin']],
  ['GET', '/places', ['team-lead', 'unit-leader', 'admin']],
  ['GET', '/my-cases', ['hf-team']],
  ['GET', '/referrals/:id/housing-suggestions', ['hf-team', 'team-lead']],
  ['GET', '/programme/fidelity', ['team-lead', 'unit-leader', 'admin']],
  ['POST', '/programme/fidelity', ['team-lead', 'unit-leader']],
  ['POST', '/search', ['caseworker', 'assessment-team', 'hf-team', 'team-lead']],
  ['POST', '/codec/decode', ['admin']],
  ['POST', '/codec/encode', ['admin']],
];

const PUBLIC = ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs'];

function bodyFor(pattern: string): unknown {
  if (pattern === '/referrals') return referralBody();
  if (pattern === '/existing-cases')
    return {
      ...referralBody({ consent: { given: true, date: '2025-01-02', scope: ['hf-team'] } }),
      referredAt: '2025-01-05',
      existing: { stage: 'mapping', stageSince: '2025-02-01' },
    };
  if (pattern.startsWith('/codec/')) return { payloads: [] };
  if (pattern === '/search') return { term: 'Per Integrasjon' };
  return EVENT_BODIES[pattern];
}

function query(pattern: string): string {
  return pattern === '/reports/outcomes' ? '?from=2026-01-01&to=2026-06-30' : '';
}

const SUB_IDS = /:offerId|:riskId|:incidentId/;

/** Callers: every role (caseworkers at the case's office) and a caseworker from another office. */
const CALLERS: { label: string; role: Role; office?: string }[] = [
  ...ROLES.map((role) => ({ label: role, role, office: role === 'caseworker' ? 'hillevag' : undefined })),
  { label: 'caseworker (another office)', role: 'caseworker', office: 'madla' },
];

test.each(TABLE)(
  '%s %s: allowed roles pass, others get 403, another office’s caseworker gets 404',
  async (method, pattern, allowed) => {
    const id = await refer(stack, 'hillevag');
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const caller of CALLERS) {
      const token = await stack.token(caller.role, { office: caller.office });
      const route = `${routeFor(pattern, { id })}${query(pattern)}`;
      const body = method === 'POST' ? bodyFor(pattern) : undefined;
      const res = await stack.call(method, route, {
        token,
        body:
          method === 'POST' && pattern === '/referrals' && caller.office === 'madla'
            ? referralBody({ office: 'madla' })
            : body,
      });
      expect(res.status).toBeLessThan(500);
      const mayPass = allowed.includes(caller.role);
      const caseBound = pattern.includes(':id');
      const passed = ![401, 403].includes(res.status) && (res.status !== 404 || SUB_IDS.test(pattern));
      outcomes[caller.label] =
        res.status === 403
          ? '403'
          : res.status === 404 && !SUB_IDS.test(pattern)
            ? '404'
            : passed
              ? 'passes'
              : String(res.status);
      expected[caller.label] = !mayPass ? '403' : caller.office === 'madla' && caseBound ? '404' : 'passes';
    }
    expect(outcomes).toEqual(expected);
  },
);

test('every route but the public ones refuses a caller without a token, or with a forged one', async () => {
  const forged = (await stack.token('admin')).replace(/\.[^.]+$/, '.c2lnbmF0dXJl');
  for (const [method, pattern] of TABLE) {
    const route = `${routeFor(pattern, { id: 'hf-stavanger-0000000000' })}${query(pattern)}`;
    const body = method === 'POST' ? bodyFor(pattern) : undefined;
    expect({ pattern, status: (await stack.call(method, route, { body })).status }).toEqual({
      pattern,
      status: 401,
    });
    expect({ pattern, status: (await stack.call(method, route, { body, token: forged })).status }).toEqual({
      pattern,
      status: 401,
    });
  }
  for (const route of PUBLIC)
    expect({ route, status: (await stack.call('GET', route)).status }).toEqual({ route, status: 200 });
});

test('a caseworker who is also on the HF team acts for the team on another office’s case', async () => {
  const id = await refer(stack, 'hillevag');
  const both = await stack.token(['caseworker', 'hf-team'], { office: 'madla' });
  const read = await stack.call('GET', `/referrals/${id}`, { token: both });
  expect(read.status).toBe(200);
  expect(read.body.person.name).toBe('Per Integrasjon');
  const onlyCaseworker = await stack.token('caseworker', { office: 'madla' });
  expect((await stack.call('GET', `/referrals/${id}`, { token: onlyCaseworker })).status).toBe(404);
});

test('a caseworker cannot refer for another office, and a token naming no office is refused', async () => {
  const madla = await stack.token('caseworker', { office: 'madla' });
  const res = await stack.call('POST', '/referrals', {
    token: madla,
    body: referralBody({ office: 'hillevag' }),
  });
  expect(res.status).toBe(403);
  const noOffice = await stack.token('caseworker');
  expect((await stack.call('GET', '/referrals', { token: noOffice })).status).toBe(401);
});
