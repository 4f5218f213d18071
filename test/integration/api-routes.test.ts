/**
 * The API's routes over HTTP against the real stack, as the people using them would: a caseworker
 * refers, the assessment team reviews, the team reads the case and its lists, events that do not
 * fit the case's stage are refused with the stage named, and bad input is refused naming the field.
 */
import { PathwayStage } from '../../workflows/search-attributes';
import {
  daysAgo,
  daysAhead,
  EVENT_BODIES,
  eventually,
  refer,
  referralBody,
  routeFor,
} from '../support/api-bodies';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const listed = async (route: string, token: string) => (await stack.call('GET', route, { token })).body;

test('a caseworker refers, the assessment team finds it in the list and reviews it, and the case moves to mapping', async () => {
  const caseworker = await stack.token('caseworker', { office: 'hillevag' });
  const created = await stack.call('POST', '/referrals', { token: caseworker, body: referralBody() });
  expect(created.status).toBe(201);
  expect(created.headers.get('location')).toBe(`/referrals/${created.body.id}`);
  expect(created.body).toMatchObject({
    stage: 'first-review',
    links: { self: `/referrals/${created.body.id}` },
  });
  const id: string = created.body.id;

  const assessor = await stack.token('assessment-team');
  const list = await eventually(
    () => listed('/referrals?stage=first-review&office=hillevag', assessor),
    (b) => b.items?.some((c: any) => c.caseId === id),
  );
  expect(list.items.find((c: any) => c.caseId === id)).toMatchObject({
    office: 'hillevag',
    municipality: 'stavanger',
    stage: 'first-review',
    overdue: false,
    status: 'RUNNING',
  });

  const tasks = await eventually(
    () => listed('/tasks?assignee=assessment-team', assessor),
    (b) => b.items?.some((t: any) => t.caseId === id),
  );
  const task = tasks.items.find((t: any) => t.caseId === id);
  expect(task).toMatchObject({
    kind: 'first-review',
    assignee: 'assessment-team',
    office: 'hillevag',
    overdue: false,
  });
  const dues = tasks.items.map((t: any) => t.dueAt);
  expect([...dues].sort()).toEqual(dues);

  const review = await stack.call('POST', `/referrals/${id}/reviews`, {
    token: assessor,
    body: { round: 1, outcome: 'relevant', meetingDate: daysAgo(0), notes: 'Klart i målgruppen.' },
  });
  expect(review.status).toBe(200);
  expect(review.body.stage).toBe('mapping');
  expect(review.body.timeline.map((e: any) => e.type)).toContain('review-1');
  expect(review.body.timeline.at(-1).actor).toEqual({ id: 'test-assessment-team', role: 'assessment-team' });

  const again = await stack.call('POST', `/referrals/${id}/reviews`, {
    token: assessor,
    body: { round: 1, outcome: 'relevant', meetingDate: daysAgo(0) },
  });
  expect(again.status).toBe(409);
  expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(again.body).toMatchObject({ status: 409, stage: 'mapping', expects: expect.any(String) });

  const moved = await eventually(
    async () => {
      const d = await stack.env.client.workflow.getHandle(id).describe();
      return d.typedSearchAttributes.get(PathwayStage);
    },
    (s) => s === 'mapping',
  );
  expect(moved).toBe('mapping');
});

test('the team reads a case with its timeline and tasks; the unit leader reads its course without personal data', async () => {
  const id = await refer(stack);
  const lead = await stack.call('GET', `/referrals/${id}`, { token: await stack.token('team-lead') });
  expect(lead.status).toBe(200);
  expect(lead.body.person.name).toBe('Per Integrasjon');
  expect(lead.body.notes).toBe('Sover ute, innlagt tre ganger i år.');
  expect(lead.body.tasks[0]).toMatchObject({ kind: 'first-review', dueAt: expect.any(String) });
  expect(lead.body.links).toEqual({ self: `/referrals/${id}`, audit: `/referrals/${id}/audit` });

  const unit = await stack.call('GET', `/referrals/${id}`, { token: await stack.token('unit-leader') });
  expect(unit.status).toBe(200);
  expect(unit.body).toMatchObject({ caseId: id, stage: 'first-review', office: 'hillevag' });
  expect(unit.body.tasks).toHaveLength(1);
  for (const field of ['person', 'notes', 'criteria', 'housingWishes', 'followUpWorker'])
    expect(unit.body).not.toHaveProperty(field);
  expect(JSON.stringify(unit.body)).not.toContain('Per Integrasjon');

  const admin = await stack.call('GET', `/referrals/${id}`, { token: await stack.token('admin') });
  expect(admin.body).not.toHaveProperty('person');
});

test('a caseworker from another office gets the same 404 as for a case that does not exist', async () => {
  const id = await refer(stack, 'hillevag');
  const madla = await stack.token('caseworker', { office: 'madla' });
  const other = await stack.call('GET', `/referrals/${id}`, { token: madla });
  const unknown = await stack.call('GET', '/referrals/hf-stavanger-0000000000', { token: madla });
  expect(other.status).toBe(404);
  expect(unknown.status).toBe(404);
  expect(other.body.title).toBe(unknown.body.title);
  expect(JSON.stringify(other.body)).not.toContain('hillevag');

  const informed = await stack.call('POST', `/referrals/${id}/informed`, {
    token: madla,
    body: { date: daysAgo(0), channel: 'phone' },
  });
  expect(informed.status).toBe(404);

  const list = await stack.call('GET', '/referrals?office=hillevag', { token: madla });
  expect(list.status).toBe(403);
  const own = await eventually(
    () => listed('/referrals', madla),
    () => true,
  );
  expect(own.items.every((c: any) => c.office === 'madla')).toBe(true);
});

// (Housing providers and NAV are refused without the stage: see test/unit/access-rules.test.ts.)
test('every event route refuses an event that does not fit a case in first review, naming the stage', async () => {
  const id = await refer(stack);
  const roles: Record<string, string> = {
    '/referrals/:id/informed': 'caseworker',
    '/referrals/:id/mapping': 'hf-team',
    '/referrals/:id/decision': 'team-lead',
    '/referrals/:id/housing-offers': 'hf-team',
    '/referrals/:id/housing-offers/:offerId/response': 'hf-team',
    '/referrals/:id/lease': 'hf-team',
    '/referrals/:id/move-in': 'hf-team',
    '/referrals/:id/plans': 'hf-team',
    '/referrals/:id/contacts': 'hf-team',
    '/referrals/:id/evaluations': 'hf-team',
    '/referrals/:id/eviction-risks': 'hf-team',
    '/referrals/:id/eviction-risks/:riskId/action-plan': 'team-lead',
    '/referrals/:id/housing-lost': 'hf-team',
  };
  // A refused update leaves no trace in the history (the validator runs before anything is
  // written); the case's own outbox work goes on meanwhile, so count update events, not all events.
  const updateEvents = async () =>
    ((await stack.env.client.workflow.getHandle(id).fetchHistory()).events ?? []).filter(
      (e) =>
        e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes,
    ).length;
  for (const [pattern, role] of Object.entries(roles)) {
    const token = await stack.token(role as any, role === 'caseworker' ? { office: 'hillevag' } : {});
    const res = await stack.call('POST', routeFor(pattern, { id }), { token, body: EVENT_BODIES[pattern] });
    expect({ pattern, status: res.status, stage: res.body.stage }).toEqual({
      pattern,
      status: 409,
      stage: 'first-review',
    });
    expect(res.body.expects).toEqual(expect.any(String));
    expect(res.body.detail).toContain('first-review');
  }
  expect(await updateEvents()).toBe(0);
  const view = await stack.call('GET', `/referrals/${id}`, { token: await stack.token('team-lead') });
  expect(view.body.stage).toBe('first-review');
});

test('bad bodies are refused naming each bad field, and unknown fields are named too', async () => {
  const id = await refer(stack);
  const hf = await stack.token('hf-team');
  const res = await stack.call('POST', `/referrals/${id}/contacts`, {
    token: hf,
    body: { date: '2026-02-30', kind: 'visit', minutes: -5, colour: 'blue' },
  });
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(res.body.errors.map((e: any) => e.path).sort()).toEqual(['colour', 'date', 'kind', 'minutes']);
  expect(res.body.errors.find((e: any) => e.path === 'colour').message).toBe('unknown field');

  const future = await stack.call('POST', `/referrals/${id}/reviews`, {
    token: await stack.token('assessment-team'),
    body: { round: 1, outcome: 'place-offered', meetingDate: daysAhead(3) },
  });
  expect(future.status).toBe(400);
  expect(future.body.errors.map((e: any) => e.path).sort()).toEqual(['meetingDate', 'outcome']);
  expect(future.body.errors.find((e: any) => e.path === 'meetingDate').message).toMatch(/future/);

  const idBad = await stack.call('POST', '/referrals', {
    token: await stack.token('caseworker', { office: 'hillevag' }),
    body: referralBody({ person: { name: 'Kari', nationalId: '01017012344' }, colour: 'x' }),
  });
  expect(idBad.status).toBe(400);
  expect(idBad.body.errors.map((e: any) => e.path).sort()).toEqual(['colour', 'person.nationalId']);
  expect(JSON.stringify(idBad.body)).not.toContain('01017012344');

  const notJson = await stack.call('POST', `/referrals/${id}/contacts`, {
    token: hf,
    body: 'date=2026-01-01',
    headers: { 'content-type': 'text/plain' },
  });
  expect(notJson.status).toBe(415);

  const query = await stack.call('GET', '/referrals?stage=sleeping&overdue=maybe&colour=blue', {
    token: await stack.token('team-lead'),
  });
  expect(query.status).toBe(400);
  expect(query.body.errors.map((e: any) => e.path).sort()).toEqual([
    'query.colour',
    'query.overdue',
    'query.stage',
  ]);
});

test('an administrator registers a person already in follow-up with their real dates', async () => {
  const admin = await stack.token('admin');
  const res = await stack.call('POST', '/existing-cases', {
    token: admin,
    body: {
      ...referralBody({ consent: { given: true, date: '2024-02-01', scope: ['hf-team'] } }),
      referredAt: '2024-02-10',
      existing: {
        stage: 'follow-up',
        stageSince: '2024-09-01',
        decision: { services: [{ kind: 'oppfølging i hjemmet', hoursPerWeek: 4 }], date: '2024-05-01' },
        movedInAt: '2024-09-01',
        lastContactAt: daysAgo(10),
        evaluations: [{ milestone: 6, date: '2025-03-05', mansaScore: 4.5 }],
      },
    },
  });
  expect(res.status).toBe(201);
  expect(res.body.id).toMatch(/^hf-stavanger-/);
  const read = await stack.call('GET', `/referrals/${res.body.id}`, {
    token: await stack.token('team-lead'),
  });
  expect(read.status).toBe(200);
  expect(read.body.referredAt).toBe('2024-02-10');

  const missing = await stack.call('POST', '/existing-cases', {
    token: admin,
    body: {
      ...referralBody({ consent: { given: true, date: '2024-02-01', scope: ['hf-team'] } }),
      referredAt: '2024-02-10',
      existing: { stage: 'follow-up', stageSince: '2024-09-01' },
    },
  });
  expect(missing.status).toBe(400);
  expect(missing.body.errors).toEqual([
    { path: 'existing.movedInAt', message: 'required for a case in stage "follow-up"' },
  ]);
});

test('the outcome report answers with every figure and how it is counted', async () => {
  const res = await stack.call(
    'GET',
    `/reports/outcomes?from=${daysAgo(30)}&to=${daysAgo(0)}&municipality=stavanger`,
    {
      token: await stack.token('unit-leader'),
    },
  );
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    municipality: 'stavanger',
    referred: expect.any(Number),
    housed: expect.any(Number),
    inFollowUp: expect.any(Number),
    exitsByReason: expect.any(Object),
  });
  expect(res.body.referred).toBeGreaterThan(0);
  expect(Object.keys(res.body.definitions)).toEqual(
    expect.arrayContaining([
      'housed',
      'inFollowUp',
      'exitsByReason',
      'housingStability12m',
      'medianDaysReferralToMoveIn',
    ]),
  );
  const backwards = await stack.call('GET', `/reports/outcomes?from=${daysAgo(0)}&to=${daysAgo(30)}`, {
    token: await stack.token('unit-leader'),
  });
  expect(backwards.status).toBe(400);
  expect(backwards.body.errors[0].path).toBe('query.to');
});

test('health, readiness, the OpenAPI document and its page answer without a token', async () => {
  expect((await stack.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
  expect((await stack.call('GET', '/readyz')).body).toMatchObject({ status: 'ready', temporal: 'reachable' });
  const spec = await stack.call('GET', '/openapi.json');
  expect(spec.status).toBe(200);
  expect(spec.body.openapi).toBe('3.1.0');
  expect(Object.keys(spec.body.paths)).toContain('/referrals/{id}/housing-offers/{offerId}/response');

  const page = await fetch(`${stack.apiUrl}/docs`);
  const html = await page.text();
  expect(page.status).toBe(200);
  expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
  expect(html).not.toMatch(/https?:\/\//); // no CDN: every asset from this API
  const asset = await fetch(`${stack.apiUrl}/docs/assets/swagger-ui-bundle.js`);
  expect(asset.status).toBe(200);
  expect((await asset.text()).length).toBeGreaterThan(100_000);
  const init = await fetch(`${stack.apiUrl}/docs/init.js`);
  expect(await init.text()).toContain("url: '/openapi.json'");
});

test('consent decides who is told: without consent to share with the HF team, its team lead sees no personal data', async () => {
  const id = await refer(stack, 'hillevag', {
    consent: { given: true, date: daysAgo(1), scope: ['assessment-team'] },
  });
  const lead = await stack.call('GET', `/referrals/${id}`, { token: await stack.token('team-lead') });
  expect(lead.status).toBe(200);
  expect(lead.body).not.toHaveProperty('person');
  expect(lead.body.consentScope).toEqual(['assessment-team']);
  const assessor = await stack.call('GET', `/referrals/${id}`, {
    token: await stack.token('assessment-team'),
  });
  expect(assessor.body.person.name).toBe('Per Integrasjon');
  const caseworker = await stack.call('GET', `/referrals/${id}`, {
    token: await stack.token('caseworker', { office: 'hillevag' }),
  });
  expect(caseworker.body.person.name).toBe('Per Integrasjon');
});
