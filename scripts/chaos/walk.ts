/**
 * The chaos run's walk: the events each case is taken through, as the API's clients send them,
 * with the body each sends and what the case should show after. Each event names its step of the
 * pathway (domain/steps/), whose route it is sent to.
 */
import { STEPS, type StepName } from '../../domain/steps';

export const today = () => new Date().toISOString().slice(0, 10);

export interface Step {
  name: string;
  /** The pathway's step (domain/steps/): its route is the step's own. */
  step: StepName;
  role: 'assessment-team' | 'hf-team' | 'team-lead' | 'housing-provider';
  body: (i: number) => Record<string, unknown>;
  /** Timeline entry type the event adds. */
  type: string;
  /** Stage the case is in after the event (undefined: unchanged / not checked). */
  stage?: string;
}

/** The step's route with the case's IDs filled in (`:id`, and `:offerId` for an offer's answer). */
export function pathOf(s: Step, ids: Record<string, string | undefined>): string {
  return STEPS[s.step].route.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = ids[name];
    if (value === undefined) throw new Error(`${s.name}: no ${name} for ${STEPS[s.step].route.path}`);
    return value;
  });
}

const unitOf = (i: number) => `CHAOS-${String(i).padStart(4, '0')}`;

export const WALK: Step[] = [
  {
    name: 'review-1',
    role: 'assessment-team',
    step: 'review',
    body: () => ({ round: 1, outcome: 'relevant', meetingDate: today() }),
    type: 'review-1',
    stage: 'mapping',
  },
  {
    name: 'mapping',
    role: 'hf-team',
    step: 'mapping',
    body: () => ({
      followUpWorker: 'Ola Oppfølger',
      housingWishes: { areas: ['Hillevåg'], needs: [] },
      forms: { mapping: today(), baseline1: today() },
      mansaBaseline: 3.2,
    }),
    type: 'mapping',
    stage: 'second-review',
  },
  {
    name: 'review-2',
    role: 'assessment-team',
    step: 'review',
    body: () => ({ round: 2, outcome: 'place-offered', meetingDate: today() }),
    type: 'review-2',
  },
  {
    name: 'decision',
    role: 'team-lead',
    step: 'decision',
    body: () => ({
      services: [{ kind: 'oppfølging i hjemmet', hoursPerWeek: 6 }],
      date: today(),
      reasons: 'Personen har vært uten fast bolig lenge og trenger oppfølging hjemme for å beholde boligen.',
    }),
    type: 'decision',
    stage: 'housing',
  },
  {
    name: 'offer',
    role: 'housing-provider',
    step: 'housingOffer',
    body: (i) => ({
      unitId: unitOf(i),
      address: `Kaosveien ${i + 1}, 4016 Stavanger`,
      source: 'municipal',
      availableFrom: today(),
    }),
    type: 'housing-offer',
  },
  {
    name: 'accept',
    role: 'hf-team',
    step: 'offerResponse',
    body: () => ({ accepted: true, date: today() }),
    type: 'offer-accepted',
  },
  {
    name: 'lease',
    role: 'housing-provider',
    step: 'lease',
    body: (i) => ({ unitId: unitOf(i), signedDate: today(), moveInDate: today() }),
    type: 'lease',
    stage: 'move-in',
  },
  {
    name: 'move-in',
    role: 'hf-team',
    step: 'moveIn',
    body: () => ({ date: today() }),
    type: 'move-in',
    stage: 'follow-up',
  },
  {
    name: 'plans',
    role: 'hf-team',
    step: 'plans',
    body: () => ({ followUpPlan: today(), safetyPlan: today() }),
    type: 'plans',
    stage: 'follow-up',
  },
  {
    name: 'contact-1',
    role: 'hf-team',
    step: 'contact',
    body: () => ({ date: today(), kind: 'home-visit', minutes: 45 }),
    type: 'contact',
    stage: 'follow-up',
  },
  {
    name: 'contact-2',
    role: 'hf-team',
    step: 'contact',
    body: () => ({ date: today(), kind: 'phone', minutes: 10 }),
    type: 'contact',
    stage: 'follow-up',
  },
  {
    name: 'exit',
    role: 'hf-team',
    step: 'exit',
    // Ending a granted service is a decision: its reasons are required (issue 15, item 4).
    body: () => ({
      reason: 'moved-away',
      date: today(),
      reasons: 'Du har flyttet fra kommunen, og teamet har hjulpet deg med å få oppfølging der du bor nå.',
    }),
    type: 'exit',
    stage: 'exited',
  },
];

// A walk that names a role its step does not take would only measure 403s.
for (const s of WALK) {
  if (!STEPS[s.step].roles.includes(s.role))
    throw new Error(`${s.name}: ${s.role} does not report ${s.step}`);
}

/** Events that fit none of the early stages: each must be refused (409) and change nothing. */
export const MISFITS: Step[] = WALK.filter((s) => s.step === 'lease' || s.step === 'moveIn');
export const EARLY = ['first-review', 'mapping', 'second-review', 'decision'];
