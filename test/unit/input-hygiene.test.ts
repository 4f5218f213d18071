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

describe('every bad request is a 4xx with a clear message', () => {
  const raw = async (body: string) => {
    const res = await fetch(`${api.url}/referrals/${CASE}/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lead}`, 'content-type': 'application/json' },
      body,
    });
    return { status: res.status, body: (await res.json()) as { title: string; errors: unknown[] } };
  };

  test('a body of null, 123 or "x" is told it must be an object, not that it is malformed', async () => {
    for (const body of ['null', '123', '"x"', 'true']) {
      const res = await raw(body);
      expect({ body, status: res.status, errors: res.body.errors }).toEqual({
        body,
        status: 400,
        errors: [{ path: '(body)', message: 'expected an object' }],
      });
    }
    expect((await raw('{"date":')).body.title).toBe('Malformed JSON');
  });

  test('a 5,000-character ID is not echoed back in the 404', async () => {
    const id = 'x'.repeat(5000);
    const res = await api.call('GET', `/referrals/${id}`, lead);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('xxxxxxxxxx');
    const sub = await api.call('POST', `/referrals/${CASE}/housing-offers/${id}/response`, lead, {
      accepted: true,
      date: '2025-03-01',
    });
    expect([403, 404]).toContain(sub.status);
    expect(sub.text).not.toContain('xxxxxxxxxx');
  });
});
