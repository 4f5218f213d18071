/**
 * The foundation slice, over HTTP against the real stack: a caseworker refers a person, the case
 * starts under an ID with no personal data, shows at its stage in Temporal's visibility (what the
 * Web UI filters on), and its history holds nothing personal in clear.
 */
import { osloToday } from '../../domain/schemas/common';
import { PathwayStage } from '../../workflows/search-attributes';
import { nationalId } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

function referral(overrides: Record<string, unknown> = {}) {
  return {
    person: { name: 'Per Integrasjon', nationalId: nationalId() },
    office: 'hillevag',
    criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
    consent: { given: true, date: '2026-11-20', scope: ['assessment-team', 'hf-team'] },
    ...overrides,
  };
}

async function countCases(): Promise<number> {
  const { count } = await stack.env.client.workflow.count();
  return count;
}

test('a caseworker’s referral starts a case that the Web UI can filter by stage', async () => {
  const token = await stack.token('caseworker', { office: 'hillevag' });
  const body = referral();
  const dayBefore = osloToday();
  const res = await stack.call('POST', '/referrals', { token, body });
  const dayAfter = osloToday();
  expect(res.status).toBe(201);
  expect(res.body.stage).toBe('first-review');
  const id: string = res.body.id;
  expect(id).toMatch(/^hf-stavanger-[0-9a-z]{10}$/);
  expect(id).not.toContain(body.person.nationalId);

  const read = await stack.call('GET', `/referrals/${id}`, { token });
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({
    caseId: id,
    stage: 'first-review',
    office: 'hillevag',
    municipality: 'stavanger',
  });
  expect(read.body.person.name).toBe('Per Integrasjon');
  // Dated today in Oslo, not in UTC (a day behind from midnight to 01:00 or 02:00 Oslo time).
  expect([dayBefore, dayAfter]).toContain(read.body.referredAt);
  expect(read.body.tasks[0]).toMatchObject({ kind: 'first-review', assignee: 'assessment-team' });

  // Visibility is eventually consistent: poll as the Web UI's list would refresh.
  let found: string[] = [];
  for (let i = 0; i < 50 && !found.includes(id); i++) {
    found = [];
    for await (const wf of stack.env.client.workflow.list({
      query: `PathwayStage = "first-review" AND HskOffice = "hillevag"`,
    })) {
      found.push(wf.workflowId);
      expect(wf.typedSearchAttributes.get(PathwayStage)).toBe('first-review');
    }
    if (!found.includes(id)) await new Promise((r) => setTimeout(r, 200));
  }
  expect(found).toContain(id);

  // The raw history, as the server stores it, holds neither the name nor the number.
  const history = await stack.env.client.workflow.getHandle(id).fetchHistory();
  const raw = JSON.stringify(history);
  expect(raw).not.toContain('Per Integrasjon');
  expect(raw).not.toContain(body.person.nationalId);
});

test('a referral without consent is refused naming the field, and no case is started', async () => {
  const token = await stack.token('caseworker', { office: 'hillevag' });
  const before = await countCases();
  const { consent: _omit, ...withoutConsent } = referral();
  const res = await stack.call('POST', '/referrals', { token, body: withoutConsent });
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'consent' })]));

  const notGiven = await stack.call('POST', '/referrals', {
    token,
    body: referral({ consent: { given: false, date: '2026-11-20', scope: ['hf-team'] } }),
  });
  expect(notGiven.status).toBe(400);
  expect(notGiven.body.errors).toEqual([
    expect.objectContaining({
      path: 'consent.given',
      message: expect.stringContaining('no consent, no referral'),
    }),
  ]);

  const badId = await stack.call('POST', '/referrals', {
    token,
    body: referral({ person: { name: 'X', nationalId: '01017012345' } }),
  });
  expect(badId.status).toBe(400);
  expect(badId.body.errors[0].path).toBe('person.nationalId');

  const malformed = await stack.call('POST', '/referrals', { token, body: '{"person":' });
  expect(malformed.status).toBe(400);
  await new Promise((r) => setTimeout(r, 500));
  expect(await countCases()).toBe(before);
});

test('a person outside the target group is refused naming criteria unless the caseworker gives a reason for the exception', async () => {
  const stavanger = await stack.token('caseworker', { office: 'hillevag' });
  const bergen = await stack.token('caseworker', { office: 'bergenhus', municipality: 'bergen' });
  const before = await countCases();
  // Stavanger's project (seed 000) is for homeless people with both substance use and mental-health problems.
  const onlySubstance = { homeless: true, substanceUse: true, mentalHealth: false, additional: [] };
  const refused = await stack.call('POST', '/referrals', {
    token: stavanger,
    body: referral({ criteria: onlySubstance }),
  });
  expect(refused.status).toBe(400);
  expect(refused.body.errors).toEqual([
    { path: 'criteria', message: expect.stringContaining('exceptionReason') },
  ]);
  expect(refused.body.errors[0].message).toContain('Stavanger kommune');
  // Every criterion false is refused everywhere, also where one problem is enough.
  const none = { homeless: false, substanceUse: false, mentalHealth: false, additional: [] };
  const noneInBergen = await stack.call('POST', '/referrals', {
    token: bergen,
    body: referral({ office: 'bergenhus', criteria: none }),
  });
  expect(noneInBergen.status).toBe(400);
  expect(noneInBergen.body.errors[0].path).toBe('criteria');
  await new Promise((r) => setTimeout(r, 500));
  expect(await countCases()).toBe(before);

  // Bergen's programme (seed 002) is for substance use and/or mental-health problems.
  const inBergen = await stack.call('POST', '/referrals', {
    token: bergen,
    body: referral({
      office: 'bergenhus',
      criteria: { ...onlySubstance, homelessSituation: 'friends-or-family' },
    }),
  });
  expect(inBergen.status).toBe(201);
  // A reasoned exception is accepted, and the reason stays on the case for those who read criteria.
  const exception = await stack.call('POST', '/referrals', {
    token: stavanger,
    body: referral({
      criteria: { ...onlySubstance, exceptionReason: 'Psykisk helse under utredning hos DPS.' },
    }),
  });
  expect(exception.status).toBe(201);
  const read = await stack.call('GET', `/referrals/${exception.body.id}`, { token: stavanger });
  expect(read.body.criteria).toMatchObject({
    mentalHealth: false,
    exceptionReason: 'Psykisk helse under utredning hos DPS.',
  });
  const odd = await stack.call('POST', '/referrals', {
    token: stavanger,
    body: referral({ criteria: { ...onlySubstance, homelessSituation: 'hotel' } }),
  });
  expect(odd.status).toBe(400);
  expect(odd.body.errors[0].path).toBe('criteria.homelessSituation');
});

test('without a token the API answers 401, and another role than caseworker cannot refer', async () => {
  expect((await stack.call('POST', '/referrals', { body: referral() })).status).toBe(401);
  const nav = await stack.token('nav');
  expect((await stack.call('POST', '/referrals', { token: nav, body: referral() })).status).toBe(403);
});
