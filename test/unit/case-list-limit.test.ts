/** The case list answers a whole programme (1,000 cases and more) in one call; past its most, the field is named. */
import { startFakeApi, type FakeApi } from '../support/fake-api';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi([]);
});
afterAll(() => api?.stop());

test('a list of up to 2,000 cases is one call; 2,001 is a 400 naming query.limit', async () => {
  const lead = await api.token(['team-lead'], { municipality: 'stavanger' });
  expect((await api.call('GET', '/referrals?limit=1000', lead)).status).toBe(200);
  expect((await api.call('GET', '/referrals?limit=2000', lead)).status).toBe(200);
  const tooMany = await api.call('GET', '/referrals?limit=2001', lead);
  expect(tooMany.status).toBe(400);
  expect(tooMany.body.errors).toEqual([expect.objectContaining({ path: 'query.limit' })]);
});
