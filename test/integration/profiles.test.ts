/**
 * Each municipality works as its seed describes (issue 13 item 12): the mapping forms its project
 * uses must be recorded before the mapping is complete (Sandnes: all four forms of seed 001;
 * Bergen: the mapping form and MANSA; Stavanger: the mapping form).
 */
import type { Role } from '../../domain/types';
import { daysAgo, daysAhead, EVENT_BODIES, refer } from '../support/api-bodies';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function call(role: Role, municipality: string, route: string, body: unknown) {
  const token = await stack.token(role, { municipality, sub: `${role}-${municipality}` });
  return stack.call('POST', route, { token, body });
}

async function inMapping(office: string, municipality: string) {
  const id = await refer(stack, office);
  const res = await call('assessment-team', municipality, `/referrals/${id}/reviews`, {
    round: 1,
    outcome: 'relevant',
    meetingDate: daysAgo(0),
  });
  expect(res.body.stage).toBe('mapping');
  return id;
}

const mapping = (forms: Record<string, string>, mansaBaseline?: number) => ({
  followUpWorker: 'Ola Oppfølger',
  housingWishes: { areas: ['Sentrum'], needs: ['første etasje'] },
  forms,
  ...(mansaBaseline === undefined ? {} : { mansaBaseline }),
});

test('mapping is complete only with the forms the municipality requires, each missing one named', async () => {
  const sandnes = await inMapping('sandnes-sentrum', 'sandnes');
  const partial = await call(
    'hf-team',
    'sandnes',
    `/referrals/${sandnes}/mapping`,
    mapping({ mapping: daysAgo(1) }),
  );
  expect(partial.status).toBe(400);
  expect(partial.body.errors.map((e: { path: string }) => e.path)).toEqual([
    'mansaBaseline',
    'forms.baseline1',
    'forms.baseline2',
  ]);
  expect(partial.body.errors[1].message).toBe(
    'Sandnes kommune requires the baseline form 1 (Kartlegging av baseline, skjema 1) before the mapping is complete',
  );
  // Nothing changed: the case still waits for its mapping.
  const still = await stack.call('GET', `/referrals/${sandnes}`, {
    token: await stack.token('hf-team', { municipality: 'sandnes' }),
  });
  expect(still.body.stage).toBe('mapping');
  const whole = await call(
    'hf-team',
    'sandnes',
    `/referrals/${sandnes}/mapping`,
    mapping({ mapping: daysAgo(1), baseline1: daysAgo(1), baseline2: daysAgo(0) }, 3.2),
  );
  expect(whole.status).toBe(200);
  expect(whole.body.stage).toBe('second-review');

  const bergen = await inMapping('bergenhus', 'bergen');
  const noMansa = await call(
    'hf-team',
    'bergen',
    `/referrals/${bergen}/mapping`,
    mapping({ mapping: daysAgo(0) }),
  );
  expect(noMansa.status).toBe(400);
  expect(noMansa.body.errors.map((e: { path: string }) => e.path)).toEqual(['mansaBaseline']);

  // Stavanger asks for the mapping form only (seed 000: the team maps the person, housing wishes among it).
  const stavanger = await inMapping('hillevag', 'stavanger');
  const plain = await call('hf-team', 'stavanger', `/referrals/${stavanger}/mapping`, {
    ...EVENT_BODIES['/referrals/:id/mapping'],
    forms: { mapping: daysAgo(0) },
    mansaBaseline: undefined,
  });
  expect(plain.status).toBe(200);
});

test('review 2 answers with where the case really is: with a place free, the decision can be made at once', async () => {
  const id = await inMapping('sandnes-sentrum', 'sandnes');
  const mapped = await call(
    'hf-team',
    'sandnes',
    `/referrals/${id}/mapping`,
    mapping({ mapping: daysAgo(1), baseline1: daysAgo(1), baseline2: daysAgo(1) }, 3.0),
  );
  expect(mapped.status).toBe(200);
  const review = await call('assessment-team', 'sandnes', `/referrals/${id}/reviews`, {
    round: 2,
    outcome: 'place-offered',
    meetingDate: daysAgo(0),
  });
  // Not "waiting-for-place" a second before the coordinator grants the place: the answer waited for it.
  expect(review.status).toBe(200);
  expect(review.body.stage).toBe('decision');
  expect(review.body.place).toMatchObject({ status: 'held' });
  const decision = await call('team-lead', 'sandnes', `/referrals/${id}/decision`, {
    services: [{ kind: 'oppfølging i hjemmet', hoursPerWeek: 6 }],
    date: daysAgo(0),
    reasons: 'Du har bodd ute i et halvt år og ønsker hjelp til å bo i egen leilighet.',
  });
  expect(decision.status).toBe(200);
});

test('in housing procurement the HF team gets the units that fit the wishes, best first; Bergen takes private offers only', async () => {
  const id = await inMapping('bergenhus', 'bergen');
  const early = await stack.call('GET', `/referrals/${id}/housing-suggestions`, {
    token: await stack.token('hf-team', { municipality: 'bergen' }),
  });
  expect(early.status).toBe(409);
  await call('hf-team', 'bergen', `/referrals/${id}/mapping`, {
    followUpWorker: 'Ola Oppfølger',
    housingWishes: { areas: ['Årstad'], needs: ['shielded-entrance'] },
    forms: { mapping: daysAgo(0) },
    mansaBaseline: 3.1,
  });
  const review = await call('assessment-team', 'bergen', `/referrals/${id}/reviews`, {
    round: 2,
    outcome: 'place-offered',
    meetingDate: daysAgo(0),
  });
  expect(review.body.stage).toBe('decision');
  const decided = await call('team-lead', 'bergen', `/referrals/${id}/decision`, {
    services: [{ kind: 'oppfølging i hjemmet', hoursPerWeek: 6 }],
    date: daysAgo(0),
    reasons: 'Du har bodd ute i et halvt år og ønsker hjelp til å bo i egen leilighet.',
  });
  expect(decided.body.stage).toBe('housing');

  const res = await stack.call('GET', `/referrals/${id}/housing-suggestions`, {
    token: await stack.token('hf-team', { municipality: 'bergen' }),
  });
  expect(res.status).toBe(200);
  const items = res.body.items as { unitId: string; area: string; fit: Record<string, unknown> }[];
  // Bergen's stand-in has at least as many units as places; all of them Bergen's, the fitting ones first.
  expect(items.length).toBeGreaterThanOrEqual(10);
  expect(items.every((u) => u.unitId.startsWith('BGO-'))).toBe(true);
  expect(items.slice(0, 2).map((u) => u.unitId)).toEqual(['BGO-3002', 'BGO-3010']);
  expect(items[0].fit).toEqual({
    needsMet: ['shielded-entrance'],
    needsMissing: [],
    inWishedArea: true,
    wishedType: false,
  });
  expect(items.at(-1)!.fit.needsMissing).toEqual(['shielded-entrance']);
  // The wishes are personal: a unit leader does not get them.
  const unit = await stack.call('GET', `/referrals/${id}/housing-suggestions`, {
    token: await stack.token('unit-leader', { municipality: 'bergen' }),
  });
  expect(unit.status).toBe(403);

  // Bergen houses through private rentals (seed 002): a municipal offer is refused naming `source`.
  const municipal = await call('hf-team', 'bergen', `/referrals/${id}/housing-offers`, {
    unitId: 'BGO-3002',
    address: 'Kanalveien 15, 5068 Bergen',
    source: 'municipal',
    availableFrom: '2027-01-01',
  });
  expect(municipal.status).toBe(400);
  expect(municipal.body.errors).toEqual([
    { path: 'source', message: 'Bergen kommune houses through private rentals only; expected "private"' },
  ]);
  const privateOffer = await call('hf-team', 'bergen', `/referrals/${id}/housing-offers`, {
    unitId: 'BGO-3002',
    address: 'Kanalveien 15, 5068 Bergen',
    source: 'private',
    availableFrom: '2027-01-01',
  });
  expect(privateOffer.status).toBe(201);
  const again = await stack.call('GET', `/referrals/${id}/housing-suggestions`, {
    token: await stack.token('hf-team', { municipality: 'bergen' }),
  });
  expect(again.body.items.find((u: { unitId: string }) => u.unitId === 'BGO-3002')?.offeredBefore).toBe(true);

  // The private lease records the landlord, the term, the guarantee with its date, and who the
  // landlord calls at the municipality (issue 13 item 3).
  const accepted = await call(
    'hf-team',
    'bergen',
    `/referrals/${id}/housing-offers/${privateOffer.body.offerId}/response`,
    { accepted: true, date: daysAgo(0) },
  );
  expect(accepted.status).toBe(200);
  const privateRental = {
    landlord: { name: 'Utleier AS', phone: '55 12 34 56' },
    term: { kind: 'open-ended' },
    security: { kind: 'nav-guarantee', amount: 30000, dueDate: daysAhead(10) },
    intermediary: { name: 'Housing First-teamet', phone: '55 00 00 03' },
  };
  const lease = { unitId: 'BGO-3002', signedDate: daysAgo(0), moveInDate: daysAhead(7) };
  const without = await call('hf-team', 'bergen', `/referrals/${id}/lease`, lease);
  expect(without.status).toBe(400);
  expect(without.body.errors.map((e: { path: string }) => e.path)).toEqual(['privateRental']);
  const badKind = await call('hf-team', 'bergen', `/referrals/${id}/lease`, {
    ...lease,
    privateRental: { ...privateRental, security: { ...privateRental.security, kind: 'cash' } },
  });
  expect(badKind.status).toBe(400);
  expect(badKind.body.errors.map((e: { path: string }) => e.path)).toEqual(['privateRental.security.kind']);
  const leased = await call('hf-team', 'bergen', `/referrals/${id}/lease`, { ...lease, privateRental });
  expect(leased.status).toBe(200);
  expect(leased.body.housing.lease.privateRental).toEqual(privateRental);
  expect(leased.body.tasks.map((t: { kind: string }) => t.kind)).toContain('lease-security');
  const inPlace = await call('nav', 'bergen', `/referrals/${id}/lease-security`, {
    date: daysAgo(0),
    reference: 'GAR-778',
  });
  expect(inPlace.status).toBe(200);
  const after = await stack.call('GET', `/referrals/${id}`, {
    token: await stack.token('hf-team', { municipality: 'bergen' }),
  });
  expect(after.body.housing.lease.privateRental.securityInPlace).toEqual({
    date: daysAgo(0),
    reference: 'GAR-778',
  });
  expect(after.body.tasks.map((t: { kind: string }) => t.kind)).not.toContain('lease-security');
});
