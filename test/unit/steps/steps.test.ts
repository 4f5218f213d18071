/**
 * What every step of the pathway (domain/steps/) promises, checked over the whole list, so a step
 * added later is held to it without a line written here (except how to bring a case to where it
 * fits, which the compiler asks for):
 * - a body the API accepts is an event the case accepts where the step fits (the two validators
 *   agree on a good body);
 * - in each stage the step states it is not refused for the stage; in a stage it does not state, it is refused with that stage and what the stage expects,
 *   naming the step, and nothing changes;
 * - a case registered mid-pathway in the stage a step leads to starts there with that step's task.
 */
import type { CaseState } from '../../../domain/pathway';
import type { ExistingCase } from '../../../domain/case';
import { STEP_SCHEMAS } from '../../../domain/schemas/steps';
import { STAGES } from '../../../domain/stages';
import { STEP_LIST, STEP_NAMES, STEPS, type StepName } from '../../../domain/steps';
import { EVENT_BODIES } from '../../support/api-bodies';
import { day, inFollowUp as followUp, inHousing, lead, meeting, now, registered, team } from './cases';

const housing = () => inHousing();
const afterRound = (round: 1 | 2, outcome: 'not-relevant' | 'place-offered') => {
  const state = round === 1 ? registered() : registered({ stage: 'second-review', stageSince: day(-5) });
  STEPS.review.apply(state, meeting, { round, outcome, meetingDate: day(-1) }, now);
  return state;
};

/** In follow-up with a decision made: an appeal on it fits. */
const decided = () =>
  registered({
    stage: 'follow-up',
    stageSince: day(-100),
    movedInAt: day(-100),
    lease: { unitId: 'stv-001', signedDate: day(-110), moveInDate: day(-100) },
    decision: { services: [{ kind: 'miljøarbeidertjeneste', hoursPerWeek: 4 }], date: day(-10) },
  });

/** A case where each step fits (the IDs a path names are `offer-1` and `risk-1`). */
const FITS: { [N in StepName]: () => CaseState } = {
  review: () => registered(),
  informed: () => afterRound(1, 'not-relevant'),
  mapping: () => registered({ stage: 'mapping', stageSince: day(-5) }),
  decision: () => registered({ stage: 'decision', stageSince: day(-5) }),
  housingOffer: housing,
  offerResponse: () => {
    const state = housing();
    STEPS.housingOffer.apply(
      state,
      team,
      { unitId: 'stv-001', address: 'Gata 1', source: 'municipal', availableFrom: day(3) },
      now,
    );
    return state;
  },
  lease: housing,
  moveIn: () =>
    registered({
      stage: 'move-in',
      stageSince: day(-5),
      lease: { unitId: 'stv-001', signedDate: day(-5), moveInDate: day(-1) },
    }),
  waitingReview: () => afterRound(2, 'place-offered'),
  correctPerson: () => registered(),
  plans: followUp,
  contact: followUp,
  evaluation: followUp,
  evictionRisk: followUp,
  actionPlan: () => {
    const state = followUp();
    STEPS.evictionRisk.apply(state, team, { kind: 'rent-arrears', date: day(-2) }, now);
    return state;
  },
  housingLost: followUp,
  exit: followUp,
  consentWithdrawal: followUp,
  consentScope: followUp,
  appeal: decided,
  appealReview: () => {
    const state = decided();
    STEPS.appeal.apply(
      state,
      lead,
      { receivedDate: day(-1), summary: 'Personen mener timetallet er for lavt.' },
      now,
    );
    return state;
  },
  appealOutcome: () => {
    const state = FITS.appealReview();
    const appealId = state.appeals![0].appealId;
    STEPS.appealReview.apply(
      state,
      lead,
      { appealId, outcome: 'upheld', date: day(0), reasons: 'Timetallet er i tråd med kartleggingen.' },
      now,
    );
    return state;
  },
  leaseSecurity: () =>
    registered({
      stage: 'follow-up',
      stageSince: day(-10),
      movedInAt: day(-10),
      lease: {
        unitId: 'bgo-privat-1',
        signedDate: day(-12),
        moveInDate: day(-10),
        privateRental: {
          landlord: { name: 'Utleier AS', phone: '55 12 34 56' },
          term: { kind: 'fixed', endDate: day(3 * 365) },
          security: { kind: 'nav-guarantee', amount: 30_000, dueDate: day(5) },
          intermediary: { name: 'Housing First-teamet, vakttelefon', phone: '55 00 00 03' },
        },
      },
    }),
};

/** What the housing must be for a step that fits follow-up only then. */
const IN_FOLLOW_UP: Partial<Record<StepName, CaseState['housing']['status']>> = {
  housingOffer: 'lost',
  offerResponse: 'lost',
  lease: 'lost',
  moveIn: 'lease-signed',
};

/** The event the API sends for the body it accepted: the body, and the IDs its path names. */
function apiEvent(name: StepName): object {
  const step = STEPS[name];
  const body = STEP_SCHEMAS[name].parse(EVENT_BODIES[step.route.path]) as object;
  const ids = { offerId: 'offer-1', riskId: 'risk-1' } as Record<string, string>;
  const fromPath = Object.keys(step.route.params ?? {}).map((p) => [p, ids[p]]);
  return { ...body, ...Object.fromEntries(fromPath) };
}

describe.each(STEP_NAMES)('the step %s', (name) => {
  const step = STEPS[name];

  it('takes the event the API accepted, where it fits', () => {
    const state = FITS[name]();
    expect(step.stages).toContain(state.stage);
    expect(step.check(state, apiEvent(name) as never, now)).toBeUndefined();
  });

  it('is not refused for its stage in any stage it states', () => {
    for (const stage of step.stages) {
      const state = FITS[name]();
      state.stage = stage;
      // Inside follow-up, procurement runs after a lost home, a move-in follows a new lease.
      if (stage === 'follow-up' && IN_FOLLOW_UP[name]) state.housing.status = IN_FOLLOW_UP[name];
      // The second review is round 2 of the review step.
      const second = name === 'review' && stage === 'second-review';
      const event = second ? { ...apiEvent(name), round: 2, outcome: 'place-offered' } : apiEvent(name);
      expect(step.check(state, event as never, now)?.type).not.toBe('WrongStage');
    }
  });

  it('is refused in every stage it does not state, naming that stage and the step; nothing changes', () => {
    const others = STAGES.filter((s) => !step.stages.includes(s));
    for (const stage of others) {
      const state = FITS[name]();
      state.stage = stage;
      const before = JSON.stringify(state);
      const refusal = step.check(state, apiEvent(name) as never, now);
      expect(refusal).toMatchObject({ type: 'WrongStage', details: { stage } });
      const named = /; (.*) does not fit: it expects /.exec(refusal!.message)?.[1];
      expect(named && step.refusal.includes(named)).toBe(true);
      expect(JSON.stringify(state)).toBe(before);
    }
  });
});

describe.each(STEP_LIST.filter((s) => s.enter).map((s) => [s.name, s] as const))(
  'a case registered in the stage %s leads to',
  (_name, step) => {
    it('starts in that stage with the step’s task open', () => {
      const stage = step.enter!.stage;
      const state = registered({
        stage: stage as ExistingCase['stage'],
        stageSince: day(-5),
        ...(stage === 'move-in' || stage === 'follow-up'
          ? { lease: { unitId: 'stv-001', signedDate: day(-10), moveInDate: day(-5) }, movedInAt: day(-5) }
          : {}),
      });
      expect(state.stage).toBe(stage);
      expect(state.tasks.some((t) => (step.tasks.opens as readonly string[]).includes(t.kind))).toBe(true);
    });
  },
);

it('the decision is made by the team lead alone, and the reviews by the assessment team alone', () => {
  // The roles the API lets report a step are the step's own (a spot check of two that matter).
  expect(STEPS.decision.roles).toEqual([lead.role]);
  expect(STEPS.review.roles).toEqual([meeting.role]);
});
