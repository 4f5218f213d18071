/**
 * Who sees what of a case (taushetsplikt): the HF team and team lead everything; the caseworker and
 * assessment team the referral; the unit leader and administrator the case's course without a
 * single personal detail — also in fields a later version adds to the view.
 */
import { levelFor, viewFor } from '../../api/access';
import type { CaseView } from '../../domain/case';

const view: CaseView = {
  caseId: 'hf-stavanger-abcdefghjk',
  municipality: 'stavanger',
  office: 'hillevag',
  stage: 'follow-up',
  referredAt: '2025-01-10',
  tasks: [],
  timeline: [
    {
      at: '2025-01-10T10:00:00Z',
      type: 'referral',
      actor: { id: 'cw', role: 'caseworker' },
      summary: 'referral from hillevag',
    },
  ],
  incidents: [],
  waitingCalls: [],
  consentScope: ['hf-team'],
  housing: {
    status: 'housed',
    offers: [
      {
        offerId: 'o-1',
        unitId: 'SE-1',
        address: 'Storgata 1',
        source: 'municipal',
        availableFrom: '2025-03-01',
        offeredAt: '2025-02-20T10:00:00Z',
        response: { accepted: false, reason: 'For nær tidligere miljø', date: '2025-02-22' },
      },
    ],
    movedInAt: '2025-04-01',
  },
  followUp: {
    startedAt: '2025-04-01',
    contacts: 12,
    plans: { followUpPlan: '2025-04-10' },
    evaluations: [{ milestone: 6, date: '2025-10-01', mansaScore: 3.1 }],
  },
  evictionRisks: [
    {
      riskId: 'r-1',
      kind: 'neighbour-complaint',
      date: '2025-06-01',
      reportedBy: { id: 'hp', role: 'housing-provider' },
      actionPlan: { date: '2025-06-03', summary: 'Avtale om besøk, rus drøftet' },
    },
  ],
  letters: [],
  person: { name: 'Kari Nordmann', nationalId: '01017012343', phone: '+47 912 34 567' },
  notes: 'Sover ute',
  criteria: { homeless: true, substanceUse: true, mentalHealth: true, additional: [] },
  housingWishes: { areas: ['Madla'], needs: ['skjermet inngang'] },
  followUpWorker: 'Ola Oppfølger',
};

const PERSONAL = [
  'Kari Nordmann',
  '01017012343',
  '912 34 567',
  'Sover ute',
  'Storgata 1',
  'For nær',
  'rus drøftet',
  'Madla',
  'skjermet',
  'Ola Oppfølger',
];

test('the HF team and the team lead see the whole case', () => {
  expect(levelFor(['hf-team'])).toBe('full');
  expect(viewFor(levelFor(['team-lead']), view)).toEqual(view);
});

test('the unit leader and the administrator see the course of the case and nothing personal', () => {
  for (const role of ['unit-leader', 'admin'] as const) {
    const shown = viewFor(levelFor([role]), view);
    const text = JSON.stringify(shown);
    for (const p of PERSONAL)
      expect({ role, leaks: text.includes(p) ? p : null }).toEqual({ role, leaks: null });
    expect(JSON.stringify(shown)).not.toContain('3.1'); // the MANSA score is health data
    expect(shown).toMatchObject({
      stage: 'follow-up',
      housing: {
        status: 'housed',
        movedInAt: '2025-04-01',
        offers: [{ offerId: 'o-1', response: { accepted: false } }],
      },
      followUp: { contacts: 12, evaluations: [{ milestone: 6, date: '2025-10-01' }] },
      evictionRisks: [{ riskId: 'r-1', actionPlan: { date: '2025-06-03' } }],
    });
  }
});

test('the caseworker and the assessment team see the referral, not what the HF team learned since', () => {
  const shown = viewFor(levelFor(['caseworker']), view);
  expect(shown.person).toEqual(view.person);
  expect(shown.notes).toBe('Sover ute');
  expect(shown.criteria).toEqual(view.criteria);
  const text = JSON.stringify(shown);
  for (const p of ['Storgata 1', 'rus drøftet', 'skjermet', 'Ola Oppfølger']) expect(text).not.toContain(p);
});

test('a field added to the view later stays hidden below the full level until placed on purpose', () => {
  const grown = { ...view, mentalHealthHistory: 'psykose 2019' } as CaseView;
  expect(JSON.stringify(viewFor('none', grown))).not.toContain('psykose');
  expect(JSON.stringify(viewFor('referral', grown))).not.toContain('psykose');
});

test('without consent to share with the HF team, the team and its lead see the course only', () => {
  expect(levelFor(['hf-team'], ['assessment-team', 'hf-team'])).toBe('full');
  expect(levelFor(['hf-team'], ['assessment-team'])).toBe('none');
  expect(levelFor(['team-lead'], ['assessment-team'])).toBe('none');
  expect(levelFor(['assessment-team'], ['hf-team'])).toBe('none');
  expect(levelFor(['assessment-team'], ['assessment-team'])).toBe('referral');
  // The caseworker took the consent: they see the referral whatever its scope.
  expect(levelFor(['caseworker'], ['hf-team'])).toBe('referral');
  const shown = viewFor(levelFor(['hf-team'], ['assessment-team']), {
    ...view,
    consentScope: ['assessment-team'],
  });
  expect(JSON.stringify(shown)).not.toContain('Kari Nordmann');
});

test('a user holding several roles sees by the most trusted of them', () => {
  expect(levelFor(['unit-leader', 'caseworker'])).toBe('referral');
  expect(levelFor(['caseworker', 'hf-team'])).toBe('full');
  expect(levelFor([])).toBe('none');
});
