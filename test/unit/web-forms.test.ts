/**
 * The case page's forms (web/src/pages/case/events.ts) against the list of steps
 * (domain/steps/index.ts): every step a person reports has a form in the web app, and each form is
 * offered only to the roles its step names and only in the stages its step fits. The case is
 * built in every stage, with housing in every state, with and without appeals under way.
 */
import type { CaseView } from '../../domain/case';
import { STAGES, type Stage } from '../../domain/stages';
import { STEP_LIST, STEP_NAMES } from '../../domain/steps';
import { eventForms, type EventForm } from '../../web/src/pages/case/events';
import { en } from '../../web/src/texts/en';
import { nb } from '../../web/src/texts/nb';

type HousingStatus = CaseView['housing']['status'];
const HOUSING: HousingStatus[] = ['none', 'searching', 'lease-signed', 'housed', 'lost'];

function caseIn(stage: Stage, status: HousingStatus, appealsUnderWay: boolean): CaseView {
  return {
    caseId: 'hf-stavanger-test',
    municipality: 'stavanger',
    office: 'hillevag',
    stage,
    referredAt: '2026-01-05',
    tasks: [],
    timeline: [],
    incidents: [],
    waitingCalls: [],
    consentScope: ['assessment-team', 'hf-team'],
    decision: { services: [{ kind: 'oppfølging', hoursPerWeek: 4 }], date: '2026-03-01', reasons: 'r' },
    housing: {
      status,
      offers: [
        {
          offerId: 'offer-1',
          unitId: 'STV-0001',
          address: 'Madlaveien 1',
          source: 'private',
          availableFrom: '2026-04-01',
          offeredAt: '2026-03-10T10:00:00.000Z',
          response: { accepted: true, date: '2026-03-12' },
        },
        {
          offerId: 'offer-2',
          unitId: 'STV-0002',
          address: 'Madlaveien 2',
          source: 'municipal',
          availableFrom: '2026-04-01',
          offeredAt: '2026-03-11T10:00:00.000Z',
        },
      ],
      lease: {
        unitId: 'STV-0001',
        signedDate: '2026-03-15',
        moveInDate: '2026-04-01',
        privateRental: {
          landlord: { name: 'Utleier AS' },
          term: { kind: 'open-ended' },
          security: { kind: 'deposit', dueDate: '2026-04-01' },
          intermediary: { name: 'HF-teamet', phone: '51 00 00 00' },
        },
      },
    },
    evictionRisks: [
      { riskId: 'risk-1', kind: 'rent-arrears', date: '2026-05-01', reportedBy: { id: 'x', role: 'nav' } },
    ],
    appeals: appealsUnderWay
      ? [
          {
            appealId: 'appeal-1',
            decisionNo: 1,
            receivedDate: '2026-03-20',
            late: true,
            status: 'team-lead-review',
          },
          {
            appealId: 'appeal-2',
            decisionNo: 1,
            receivedDate: '2026-03-02',
            late: false,
            status: 'at-statsforvalteren',
          },
        ]
      : [{ appealId: 'appeal-0', decisionNo: 1, receivedDate: '2026-03-02', late: false, status: 'closed' }],
    letters: [],
  };
}

/** The step whose route a form posts to (`/referrals/:id/<path>`). */
function stepOf(form: EventForm) {
  return STEP_LIST.find((step) =>
    new RegExp(`^${step.route.path.replace('/referrals/:id/', '').replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(
      form.path,
    ),
  );
}

const offered: { stage: Stage; form: EventForm }[] = [];
for (const texts of [nb, en])
  for (const stage of STAGES)
    for (const status of HOUSING)
      for (const appeals of [false, true])
        for (const form of eventForms(caseIn(stage, status, appeals), texts)) offered.push({ stage, form });

test('every step of the pathway has a form on the case page', () => {
  const withForm = new Set(offered.map(({ form }) => stepOf(form)?.name));
  expect(STEP_NAMES.filter((name) => !withForm.has(name))).toEqual([]);
});

test('each form posts to a step, for exactly the roles the step names, in a stage the step fits', () => {
  for (const { stage, form } of offered) {
    const step = stepOf(form);
    expect({ form: form.key, step: step?.name }).toEqual({ form: form.key, step: expect.any(String) });
    expect({ form: form.key, roles: [...form.roles].sort() }).toEqual({
      form: form.key,
      roles: [...step!.roles].sort(),
    });
    expect({ form: form.key, stage, fits: step!.stages.includes(stage) }).toEqual({
      form: form.key,
      stage,
      fits: true,
    });
  }
});

test('the appeal forms follow the appeal: received, then the review of each appeal waiting for it, then the outcome of each sent on', () => {
  const keys = (c: CaseView) => eventForms(c, nb).map((f) => f.key);
  expect(keys(caseIn('follow-up', 'housed', false))).toContain('appeal');
  const underWay = keys(caseIn('follow-up', 'housed', true));
  expect(underWay).not.toContain('appeal');
  expect(underWay).toEqual(expect.arrayContaining(['appeal-review-appeal-1', 'appeal-outcome-appeal-2']));
  // A decision not yet made cannot be appealed.
  expect(keys({ ...caseIn('housing', 'searching', false), decision: undefined })).not.toContain('appeal');
  // Only a late appeal can be dismissed.
  const late = eventForms(caseIn('follow-up', 'housed', true), nb).find(
    (f) => f.key === 'appeal-review-appeal-1',
  )!;
  expect(late.fields.find((f) => f.name === 'outcome')!.options!.map(([v]) => v)).toContain('dismissed');
  const inTime = caseIn('follow-up', 'housed', true);
  inTime.appeals![0].late = false;
  const review = eventForms(inTime, nb).find((f) => f.key === 'appeal-review-appeal-1')!;
  expect(review.fields.find((f) => f.name === 'outcome')!.options!.map(([v]) => v)).not.toContain(
    'dismissed',
  );
});

test('a private lease sends its landlord, term, security and contact; the security form goes once it is in place', () => {
  const c = caseIn('housing', 'searching', false);
  const lease = eventForms(c, nb).find((f) => f.path === 'lease')!;
  // The accepted offer is a private landlord's: the form starts from its unit, the box ticked.
  expect(lease.key).toBe('lease-offer-1');
  expect(lease.fields.find((f) => f.name === 'unitId')!.initial).toBe('STV-0001');
  expect(lease.fields.find((f) => f.name === 'privateRental')!.initial).toBe(true);
  expect(
    lease.body({
      unitId: 'STV-0001',
      signedDate: '2026-03-15',
      moveInDate: '2026-04-01',
      privateRental: true,
      landlordName: ' Utleier AS ',
      landlordPhone: '',
      termKind: 'fixed',
      termEnd: '2029-03-31',
      securityKind: 'nav-guarantee',
      securityAmount: '30000',
      securityDue: '2026-04-01',
      intermediaryName: 'HF-teamet',
      intermediaryPhone: '51 00 00 00',
    }),
  ).toEqual({
    unitId: 'STV-0001',
    signedDate: '2026-03-15',
    moveInDate: '2026-04-01',
    privateRental: {
      landlord: { name: 'Utleier AS' },
      term: { kind: 'fixed', endDate: '2029-03-31' },
      security: { kind: 'nav-guarantee', amount: 30000, dueDate: '2026-04-01' },
      intermediary: { name: 'HF-teamet', phone: '51 00 00 00' },
    },
  });
  expect(lease.body({ unitId: 'STV-0001', signedDate: 'x', moveInDate: 'y', privateRental: false })).toEqual({
    unitId: 'STV-0001',
    signedDate: 'x',
    moveInDate: 'y',
  });
  const following = caseIn('follow-up', 'housed', false);
  expect(eventForms(following, nb).map((f) => f.title)).toContain('Depositum er på plass');
  following.housing.lease!.privateRental!.securityInPlace = { date: '2026-03-30' };
  expect(eventForms(following, nb).map((f) => f.key)).not.toContain('lease-security');
});
