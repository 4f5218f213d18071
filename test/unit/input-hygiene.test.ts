/**
 * Input that can never break a case, at the API: dates within 1900–2100 (and the programme's own
 * bounds), clean text, names that show something and are stored NFC-normalised, and a clear 4xx for
 * every malformed request — nothing is started or sent when one is refused.
 */
import { caseView, startFakeApi, type FakeApi } from '../support/fake-api';
import { referralBody } from '../support/api-bodies';

const CASE = 'hf-stavanger-hmeyes0000';
let api: FakeApi;
let cw: string;
let lead: string;
beforeAll(async () => {
  api = await startFakeApi([
    caseView({ caseId: CASE, municipality: 'stavanger', office: 'hillevag', consentScope: ['hf-team'] }),
  ]);
  cw = await api.token(['caseworker'], { municipality: 'stavanger', office: 'hillevag' });
  lead = await api.token(['team-lead'], { municipality: 'stavanger' });
});
afterAll(() => api?.stop());

const existing = (lease: Record<string, string>) => ({
  ...referralBody({ consent: { given: true, date: '2024-01-02', scope: ['hf-team'] } }),
  referredAt: '2024-01-05',
  existing: { stage: 'move-in', stageSince: '2024-02-01', lease: { unitId: 'SE-1001', ...lease } },
});

test('an existing case moving in in the year 9999 is refused, naming the field; nothing starts', async () => {
  const res = await api.call(
    'POST',
    '/existing-cases',
    lead,
    existing({ signedDate: '2024-02-01', moveInDate: '9999-12-31' }),
  );
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual([
    { path: 'existing.lease.moveInDate', message: expect.stringContaining('2100-12-31') },
  ]);
  expect(api.started).toEqual([]);
});

test('a report period past 2100 is a 400 naming the field, not a 500', async () => {
  const res = await api.call('GET', '/reports/outcomes?from=2026-01-01&to=2101-01-01', lead);
  expect(res.status).toBe(400);
  expect(res.body.errors[0].path).toBe('query.to');
});

describe('names and notes', () => {
  const refer = (person: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    api.call('POST', '/referrals', cw, {
      ...referralBody(),
      person: { ...referralBody().person, ...person },
      ...extra,
    });

  test('a name with a control character is refused before any case starts', async () => {
    for (const name of ['Kari\u0000Nordmann', 'Kari\u001b[31m', 'Kari\nNordmann', 'Kari\u2028Nordmann']) {
      const res = await refer({ name });
      expect({ name, status: res.status, path: res.body.errors?.[0]?.path }).toEqual({
        name,
        status: 400,
        path: 'person.name',
      });
    }
    expect(api.started).toEqual([]);
  });

  test('a name of invisible characters only is refused', async () => {
    for (const name of ['\u200b\u200b', '\u00ad', '\u3164', '\u2060\ufeff']) {
      const res = await refer({ name });
      expect({ name: JSON.stringify(name), status: res.status }).toEqual({
        name: JSON.stringify(name),
        status: 400,
      });
      expect(res.body.errors[0]).toEqual({
        path: 'person.name',
        message: expect.stringMatching(/visible|at least/),
      });
    }
  });

  test('a name is stored NFC-normalised; notes keep their lines and tabs', async () => {
    const decomposed = 'A\u030asa Ha\u030ag'; // "Åsa Håg" written with combining rings
    const res = await refer({ name: decomposed }, { notes: 'Linje 1\n\tLinje 2' });
    expect(res.status).toBe(201);
    const input = api.started.at(-1)!.args[0] as { person: { name: string }; notes: string };
    expect(input.person.name).toBe('\u00c5sa H\u00e5g');
    expect(input.notes).toBe('Linje 1\n\tLinje 2');
    const bad = await refer({ name: 'Åsa' }, { notes: 'bell\u0007' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('notes');
  });
});
