/**
 * The API side of correcting a person's details: the caseworker of the office or the team lead,
 * with a reason code; the access log names the fields and the reason, never the values; a name the
 * referral would refuse is refused here too, and nothing reaches the case.
 */
import { caseView, startFakeApi, type FakeApi } from '../support/fake-api';

const CASE = 'hf-stavanger-abcdefghjk';
let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi([
    caseView({ caseId: CASE, municipality: 'stavanger', office: 'hillevag', consentScope: ['hf-team'] }),
  ]);
});
afterAll(() => api?.stop());
afterEach(() => {
  api.updates.length = 0;
});

const route = `/referrals/${CASE}/person-correction`;

test('the caseworker corrects the name; the access log says which field and why, not the name', async () => {
  const cw = await api.token(['caseworker'], {
    municipality: 'stavanger',
    office: 'hillevag',
    sub: 'kari.cw',
  });
  const res = await api.call('POST', route, cw, {
    person: { name: 'Ola Korrigert' },
    reason: 'unreadable-characters',
  });
  expect(res.status).toBe(200);
  expect(api.updates).toEqual([
    expect.objectContaining({
      name: 'correctPerson',
      arg: expect.objectContaining({
        event: { person: { name: 'Ola Korrigert' }, reason: 'unreadable-characters' },
      }),
    }),
  ]);
  const entry = (await api.stores.audit.forCase(CASE)).filter((e) => e.actorId === 'kari.cw').at(-1)!;
  expect(entry.detail).toBe('update: correctPerson; corrected: name; reason: unreadable-characters');
  expect(JSON.stringify(entry)).not.toContain('Korrigert');
});

test('a name the referral would refuse, no field, or no reason: 400 naming the field, nothing sent', async () => {
  const tl = await api.token(['team-lead'], { municipality: 'stavanger' });
  const bad = await api.call('POST', route, tl, { person: { name: 'Ola\u0000' }, reason: 'misspelt' });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['person.name']);
  const none = await api.call('POST', route, tl, { person: {}, reason: 'misspelt' });
  expect(none.status).toBe(400);
  const noReason = await api.call('POST', route, tl, { person: { name: 'Ola' } });
  expect(noReason.status).toBe(400);
  expect(noReason.body.errors.map((e: { path: string }) => e.path)).toEqual(['reason']);
  expect(api.updates).toEqual([]);
});

test('others may not: the HF team and the unit leader get 403, another office’s caseworker 404', async () => {
  for (const roles of [['hf-team'], ['unit-leader'], ['admin']] as const) {
    const token = await api.token([...roles], { municipality: 'stavanger' });
    const res = await api.call('POST', route, token, { person: { name: 'Ola' }, reason: 'misspelt' });
    expect(res.status).toBe(403);
  }
  const other = await api.token(['caseworker'], { municipality: 'stavanger', office: 'madla' });
  expect((await api.call('POST', route, other, { person: { name: 'Ola' }, reason: 'misspelt' })).status).toBe(
    404,
  );
  expect(api.updates).toEqual([]);
});
