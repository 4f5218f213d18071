/**
 * The programme's yearly fidelity self-assessment (issue 13 item 9): every item of the Pathways
 * Housing First Fidelity Scale scored 1–4, stored per year, and reported beside last year's.
 */
import { FIDELITY_ITEM_IDS, FIDELITY_ITEMS } from '../../domain/fidelity';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const all = (score: number) => Object.fromEntries(FIDELITY_ITEM_IDS.map((id) => [id, score]));

test('a year is scored item by item and shown beside the year before, per domain; only its own municipality', async () => {
  const lead = await stack.token('team-lead', { municipality: 'sandnes' });
  const unit = await stack.token('unit-leader', { municipality: 'sandnes' });
  const missing = { ...all(3) };
  delete missing['peer-specialist'];
  const incomplete = await stack.call('POST', '/programme/fidelity', {
    token: lead,
    body: { year: 2025, assessedAt: '2025-11-20', scores: missing },
  });
  expect(incomplete.status).toBe(400);
  expect(incomplete.body.errors).toEqual([
    { path: 'scores.peer-specialist', message: 'every item of the scale is scored' },
  ]);
  const outOfScale = await stack.call('POST', '/programme/fidelity', {
    token: lead,
    body: { year: 2025, assessedAt: '2025-11-20', scores: { ...all(3), privacy: 5 } },
  });
  expect(outOfScale.status).toBe(400);
  expect(outOfScale.body.errors[0].path).toBe('scores.privacy');

  // 2025: every item 3. 2026: the housing domain improves to 4, service philosophy falls to 2.
  expect(
    (
      await stack.call('POST', '/programme/fidelity', {
        token: lead,
        body: { year: 2025, assessedAt: '2025-11-20', scores: all(3) },
      })
    ).status,
  ).toBe(200);
  const scores2026 = Object.fromEntries(
    FIDELITY_ITEMS.map(([id, domain]) => [id, domain === 'housing' ? 4 : domain === 'philosophy' ? 2 : 3]),
  );
  const recorded = await stack.call('POST', '/programme/fidelity', {
    token: unit,
    body: { year: 2026, assessedAt: '2026-11-25', scores: scores2026 },
  });
  expect(recorded.status).toBe(200);
  const read = await stack.call('GET', '/programme/fidelity?year=2026', { token: unit });
  expect(read.body).toMatchObject({
    municipality: 'sandnes',
    year: 2026,
    current: { assessedAt: '2026-11-25' },
    previous: { year: 2025, total: 3 },
    change: { domains: { housing: 1, separation: 0, philosophy: -1, services: 0, structure: 0 } },
  });
  expect(read.body.current.domains).toContainEqual({ domain: 'housing', mean: 4 });
  expect(read.body.current.total).toBeCloseTo(
    (6 * 4 + 9 * 2 + (FIDELITY_ITEM_IDS.length - 15) * 3) / FIDELITY_ITEM_IDS.length,
    2,
  );

  // Another municipality sees its own (none), and a caseworker cannot read it at all.
  const bergen = await stack.call('GET', '/programme/fidelity?year=2026', {
    token: await stack.token('team-lead', { municipality: 'bergen' }),
  });
  expect(bergen.body).toMatchObject({ municipality: 'bergen', current: null, previous: null, change: null });
  const caseworker = await stack.call('GET', '/programme/fidelity', {
    token: await stack.token('caseworker', { office: 'sandnes-sentrum' }),
  });
  expect(caseworker.status).toBe(403);
});
