/**
 * The access rules a person would check one by one: consent belongs to the person, housing
 * providers and NAV get receipts, unit leaders and administrators see no free text, and lists,
 * tasks and reports stay inside the caller's municipality.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { WRONG_STAGE } from '../../workflows/messages';
import { caseView, PERSONAL_MARKERS, startFakeApi, type FakeApi } from '../support/fake-api';

const HILLEVAG = 'hf-stavanger-hmeyes0000';
const BERGEN = 'hf-bergen-kmnyes0000';
const STAVANGER = { municipality: 'stavanger', office: 'hillevag' };

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi([
    caseView({
      caseId: HILLEVAG,
      municipality: 'stavanger',
      office: 'hillevag',
      consentScope: ['assessment-team'],
    }),
    caseView({ caseId: BERGEN, municipality: 'bergen', office: 'bergenhus', consentScope: ['hf-team'] }),
  ]);
});
afterAll(() => api?.stop());
afterEach(() => {
  api.onUpdate = undefined;
  api.updates.length = 0;
});

describe('consent belongs to the person', () => {
  test('the HF team, taken out of the consent, cannot add itself back; nothing reaches the case', async () => {
    const hf = await api.token(['hf-team'], { municipality: 'stavanger' });
    const res = await api.call('POST', `/referrals/${HILLEVAG}/consent-scope`, hf, {
      date: '2025-03-01',
      scope: ['assessment-team', 'hf-team'],
    });
    expect(res.status).toBe(403);
    expect(res.body.errors).toEqual([{ path: 'scope', message: expect.stringContaining('widen') }]);
    expect(res.text).not.toContain('Kari Nordmann');
    expect(api.updates).toEqual([]);
  });

  test('the HF team may take itself out, but not another party', async () => {
    const view = api.cases.get(HILLEVAG)!;
    api.cases.set(HILLEVAG, { ...view, consentScope: ['assessment-team', 'hf-team'] });
    try {
      const hf = await api.token(['hf-team'], { municipality: 'stavanger' });
      const other = await api.call('POST', `/referrals/${HILLEVAG}/consent-scope`, hf, {
        date: '2025-03-01',
        scope: ['hf-team'],
      });
      expect(other.status).toBe(403);
      const itself = await api.call('POST', `/referrals/${HILLEVAG}/consent-scope`, hf, {
        date: '2025-03-01',
        scope: ['assessment-team'],
      });
      expect(itself.status).toBe(200);
      expect(api.updates).toHaveLength(1);
    } finally {
      api.cases.set(HILLEVAG, view);
    }
  });

  test('the caseworker widens it on the person’s word, and the access log says so with the date', async () => {
    const cw = await api.token(['caseworker'], { ...STAVANGER, sub: 'kari.cw' });
    const res = await api.call('POST', `/referrals/${HILLEVAG}/consent-scope`, cw, {
      date: '2025-03-01',
      scope: ['assessment-team', 'hf-team'],
    });
    expect(res.status).toBe(200);
    const entries = await api.stores.audit.forCase(HILLEVAG, { afterSeq: 0, limit: 1000 });
    const entry = entries.filter((e) => e.actorId === 'kari.cw').at(-1)!;
    expect(entry.detail).toContain('consent widened on the person’s word of 2025-03-01: added hf-team');
  });

  test('the team lead may widen it too (a party added on the person’s documented word)', async () => {
    const tl = await api.token(['team-lead'], { municipality: 'stavanger' });
    const res = await api.call('POST', `/referrals/${HILLEVAG}/consent-scope`, tl, {
      date: '2025-03-01',
      scope: ['assessment-team', 'nav'],
    });
    expect(res.status).toBe(200);
  });
});

describe('housing providers and NAV get receipts, not case files', () => {
  test('a lease registered by a housing provider answers with the case ID and accepted only', async () => {
    const hp = await api.token(['housing-provider'], { municipality: 'stavanger' });
    const res = await api.call('POST', `/referrals/${HILLEVAG}/lease`, hp, {
      unitId: 'SE-1001',
      signedDate: '2025-03-01',
      moveInDate: '2025-03-10',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ caseId: HILLEVAG, accepted: true });
  });

  test('an eviction risk reported by NAV answers with its ID', async () => {
    const nav = await api.token(['nav'], { municipality: 'stavanger' });
    const res = await api.call('POST', `/referrals/${HILLEVAG}/eviction-risks`, nav, {
      kind: 'rent-arrears',
      date: '2025-03-01',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ caseId: HILLEVAG, accepted: true, riskId: 'r-1' });
  });

  test('a 409 to them does not reveal the case’s stage', async () => {
    api.onUpdate = () => {
      throw new WorkflowUpdateFailedError(
        'refused',
        ApplicationFailure.create({
          type: WRONG_STAGE,
          message: 'the case is in stage first-review; it expects a lease after an accepted offer',
          details: [{ stage: 'first-review', expects: 'a lease after an accepted offer' }],
          nonRetryable: true,
        }),
      );
    };
    const hp = await api.token(['housing-provider'], { municipality: 'stavanger' });
    const res = await api.call('POST', `/referrals/${HILLEVAG}/lease`, hp, {
      unitId: 'SE-1001',
      signedDate: '2025-03-01',
      moveInDate: '2025-03-10',
    });
    expect(res.status).toBe(409);
    expect(res.text).not.toMatch(/first-review|"stage"|expects/);
    // The HF team, whose case it is, is told the stage.
    const hf = await api.token(['hf-team'], { municipality: 'stavanger' });
    const team = await api.call('POST', `/referrals/${HILLEVAG}/lease`, hf, {
      unitId: 'SE-1001',
      signedDate: '2025-03-01',
      moveInDate: '2025-03-10',
    });
    expect(team.status).toBe(409);
    expect(team.body.stage).toBe('first-review');
  });
});

test('unit leaders and administrators see no free text: not the services’ names, not an incident’s error', async () => {
  for (const role of ['unit-leader', 'admin'] as const) {
    const token = await api.token([role], { municipality: 'stavanger' });
    const res = await api.call('GET', `/referrals/${HILLEVAG}`, token);
    expect(res.status).toBe(200);
    expect(PERSONAL_MARKERS.filter((m) => res.text.includes(m))).toEqual([]);
    expect(res.body.decision.services).toEqual([{ hoursPerWeek: 6 }]);
    expect(res.body.incidents[0]).toMatchObject({ id: 'i-1', system: 'archive', status: 'open' });
  }
});

describe('lists, tasks and reports stay inside the caller’s municipality', () => {
  test('a team lead without filters lists only their municipality’s cases and tasks', async () => {
    const tl = await api.token(['team-lead'], { municipality: 'bergen' });
    api.queries.length = 0;
    expect((await api.call('GET', '/referrals', tl)).status).toBe(200);
    expect((await api.call('GET', '/tasks', tl)).status).toBe(200);
    expect((await api.call('GET', '/reports/outcomes?from=2025-01-01&to=2025-12-31', tl)).status).toBe(200);
    expect(api.queries.length).toBeGreaterThanOrEqual(3);
    for (const q of api.queries) expect(q).toMatch(/Municipality = ["']bergen["']/);
  });

  test('asking for another municipality or its office is a 403 naming the filter', async () => {
    const tl = await api.token(['team-lead'], { municipality: 'bergen' });
    const res = await api.call('GET', '/referrals?municipality=stavanger', tl);
    expect(res.status).toBe(403);
    expect(res.body.errors[0].path).toBe('query.municipality');
    const office = await api.call('GET', '/tasks?office=hillevag', tl);
    expect(office.status).toBe(403);
    expect(office.body.errors[0].path).toBe('query.office');
    const report = await api.call(
      'GET',
      '/reports/outcomes?from=2025-01-01&to=2025-12-31&municipality=stavanger',
      tl,
    );
    expect(report.status).toBe(403);
  });

  test('a Stavanger team lead cannot read a Bergen person (404, as an unknown case)', async () => {
    const tl = await api.token(['team-lead'], { municipality: 'stavanger' });
    const res = await api.call('GET', `/referrals/${BERGEN}`, tl);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('Kari Nordmann');
  });

  test('a team lead registers people already in the programme only in their own municipality', async () => {
    const tl = await api.token(['team-lead'], { municipality: 'stavanger' });
    const res = await api.call('POST', '/existing-cases', tl, {
      person: { name: 'Per Hansen', pseudonym: 'PH-1' },
      office: 'bergenhus',
      criteria: { homeless: true, substanceUse: true, mentalHealth: false, additional: [] },
      consent: { given: true, date: '2025-01-02', scope: ['hf-team'] },
      referredAt: '2025-01-05',
      existing: { stage: 'mapping', stageSince: '2025-02-01' },
    });
    expect(res.status).toBe(403);
    expect(res.body.errors[0].path).toBe('office');
  });
});
