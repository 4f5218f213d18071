/**
 * The Housing First team's own cases (issue 8): a follow-up worker sees the cases the mapping named
 * them for, and not their colleague's; nothing personal in the answer.
 */
import { EVENT_BODIES, refer } from '../support/api-bodies';
import { nationalId } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function mappedFor(worker: string): Promise<string> {
  const id = await refer(stack, 'hillevag', { person: { name: 'Mine Saker', nationalId: nationalId() } });
  const ok = (r: { status: number; body: unknown }) => {
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  };
  ok(
    await stack.call('POST', `/referrals/${id}/reviews`, {
      token: await stack.token('assessment-team'),
      body: EVENT_BODIES['/referrals/:id/reviews'],
    }),
  );
  ok(
    await stack.call('POST', `/referrals/${id}/mapping`, {
      token: await stack.token('hf-team'),
      body: { ...EVENT_BODIES['/referrals/:id/mapping'], followUpWorker: worker },
    }),
  );
  return id;
}

test('a follow-up worker sees the cases the mapping named them for, not a colleague’s', async () => {
  const hers = await mappedFor('Hanne Moe');
  const his = await mappedFor('Tobias Brekke');
  const unmapped = await refer(stack, 'hillevag', {
    person: { name: 'Ikke Kartlagt', nationalId: nationalId() },
  });
  // Her name as her token carries it; case does not matter.
  const hanne = await stack.token('hf-team', { sub: 'hanne moe' });
  const res = await stack.call('GET', '/my-cases', { token: hanne });
  expect(res.status).toBe(200);
  const ids = res.body.items.map((c: { caseId: string }) => c.caseId);
  expect(ids).toContain(hers);
  expect(ids).not.toContain(his);
  expect(ids).not.toContain(unmapped);
  expect(res.body.items.find((c: { caseId: string }) => c.caseId === hers)).toMatchObject({
    stage: 'second-review',
    office: 'hillevag',
  });
  expect(JSON.stringify(res.body)).not.toMatch(/Mine Saker|Hanne/i);
});
