/**
 * The case page offers a form for every event the case's stage allows; each form posts to its
 * step's route and is offered to the roles that step takes (domain/steps/), the same list the API
 * holds a caller to. A form whose route or roles were written out again would drift from the API:
 * shown to someone who then meets a 403, or hidden from someone the API lets report it.
 */
import type { CaseView } from '../../domain/case';
import type { Stage } from '../../domain/stages';
import { STEP_LIST } from '../../domain/steps';
import { eventForms } from '../../web/src/pages/case/events';
import { nb } from '../../web/src/texts/nb';
import { caseView } from '../support/fake-api';

function caseAt(stage: Stage, more: Partial<CaseView> = {}): CaseView {
  return {
    ...caseView({ caseId: 'c-1', municipality: 'stavanger', office: 'madla', consentScope: ['hf-team'] }),
    stage,
    ...more,
  };
}

const CASES: CaseView[] = [
  caseAt('first-review'),
  caseAt('not-relevant'),
  caseAt('mapping'),
  caseAt('second-review'),
  caseAt('decision'),
  caseAt('housing', {
    housing: {
      status: 'searching',
      offers: [
        {
          offerId: 'offer:1',
          unitId: 'u-1',
          address: 'Gata 1',
          source: 'municipal',
          availableFrom: '2025-03-01',
        },
      ],
    },
  } as Partial<CaseView>),
  caseAt('move-in'),
  caseAt('follow-up', {
    evictionRisks: [{ riskId: 'risk-1', kind: 'rent-arrears', date: '2025-05-01' }],
  } as Partial<CaseView>),
];

/** The step whose route the form posts to (IDs in its path stand for the route's parameters). */
function stepOf(path: string) {
  return STEP_LIST.find((s) =>
    new RegExp(`^${s.route.path.replace(/:\w+/g, '[^/]+')}$`).test(`/referrals/c-1/${path}`),
  );
}

test('every form posts to its step’s route, offered to exactly the roles that step takes', () => {
  const seen = new Set<string>();
  for (const c of CASES) {
    for (const form of eventForms(c, nb)) {
      const step = stepOf(form.path);
      expect({ stage: c.stage, form: form.key, step: step?.name }).toEqual({
        stage: c.stage,
        form: form.key,
        step: expect.any(String),
      });
      expect([...form.roles].sort()).toEqual([...step!.roles].sort());
      seen.add(step!.name);
    }
  }
  // The walk above meets the forms of the whole pathway, the offer's answer and the risk's plan too.
  expect([...seen].sort()).toEqual(
    expect.arrayContaining(['actionPlan', 'decision', 'lease', 'mapping', 'offerResponse', 'review']),
  );
});

test('a form for one offer or one risk names it in its route', () => {
  const housing = eventForms(CASES[5], nb).map((f) => f.path);
  expect(housing).toContain('housing-offers/offer%3A1/response');
  const followUp = eventForms(CASES[7], nb).map((f) => f.path);
  expect(followUp).toContain('eviction-risks/risk-1/action-plan');
});
