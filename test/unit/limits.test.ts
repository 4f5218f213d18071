/**
 * The two validators of every event — the API's request schema and the workflow's check — read
 * one limits table (domain/limits.ts), so they cannot disagree: at each limit both accept, one
 * character past it both refuse, naming the same field. The dates that must come in order are
 * checked on both sides too (the workflow from the `dates-in-order` patch on).
 */
import type { z } from 'zod';
import { LIMITS as L } from '../../domain/limits';
import * as pathway from '../../domain/pathway';
import { STEPS } from '../../domain/steps';
import type { CaseState, Check } from '../../domain/pathway';
import * as schemas from '../../domain/schemas/events';
import type { Stage } from '../../domain/stages';
import { completeFollowUpStart } from '../../domain/pathway/common';
import { caseInput } from '../support/fixtures';

const now = new Date();
const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const past = day(-10);
const x = (n: number) => 'x'.repeat(n);

function caseAt(stage: Stage): CaseState {
  const state = pathway.startCase(
    caseInput({ referredAt: day(-40) }),
    new Date(now.getTime() - 40 * 86_400_000),
  );
  if (stage === 'follow-up') {
    completeFollowUpStart(state, day(-20), now, {});
  } else {
    state.stage = stage;
  }
  return state;
}

interface Case<E> {
  what: string;
  stage: Stage;
  schema: z.ZodType;
  check: Check<E>;
  /** The body at the limit; `over` makes it one past. */
  body: (over: boolean) => Record<string, unknown>;
  path: string;
  /** What the path adds to the body (an offer's or a risk's ID). */
  fromPath?: (state: CaseState) => Record<string, unknown>;
}

const mapping = (patch: Record<string, unknown>) => ({
  followUpWorker: 'Oppfølger',
  housingWishes: { areas: ['Madla'], needs: [], ...((patch.housingWishes as object) ?? {}) },
  forms: {},
  ...Object.fromEntries(Object.entries(patch).filter(([k]) => k !== 'housingWishes')),
});

const cases: Case<any>[] = [
  {
    what: 'review notes',
    stage: 'first-review',
    schema: schemas.reviewSchema,
    check: STEPS.review.check,
    body: (o) => ({ round: 1, outcome: 'relevant', meetingDate: past, notes: x(L.longText + +o) }),
    path: 'notes',
  },
  {
    what: 'follow-up worker',
    stage: 'mapping',
    schema: schemas.mappingSchema,
    check: STEPS.mapping.check,
    body: (o) => mapping({ followUpWorker: x(L.followUpWorker + +o) }),
    path: 'followUpWorker',
  },
  {
    what: 'a wished area',
    stage: 'mapping',
    schema: schemas.mappingSchema,
    check: STEPS.mapping.check,
    body: (o) => mapping({ housingWishes: { areas: [x(L.wishArea + +o)] } }),
    path: 'housingWishes.areas.0',
  },
  {
    what: 'a need',
    stage: 'mapping',
    schema: schemas.mappingSchema,
    check: STEPS.mapping.check,
    body: (o) => mapping({ housingWishes: { needs: ['trapp', x(L.wishNeed + +o)] } }),
    path: 'housingWishes.needs.1',
  },
  {
    what: 'how many areas',
    stage: 'mapping',
    schema: schemas.mappingSchema,
    check: STEPS.mapping.check,
    body: (o) =>
      mapping({ housingWishes: { areas: Array.from({ length: L.wishItems + +o }, () => 'Madla') } }),
    path: 'housingWishes.areas',
  },
  {
    what: 'service kind',
    stage: 'decision',
    schema: schemas.decisionSchema,
    check: STEPS.decision.check,
    body: (o) => ({
      services: [{ kind: x(L.serviceKind + +o), hoursPerWeek: 4 }],
      date: past,
      reasons: 'Personen har hatt mange brudd i bolig og trenger tett oppfølging i hjemmet.',
    }),
    path: 'services.0.kind',
  },
  {
    what: 'hours a week',
    stage: 'decision',
    schema: schemas.decisionSchema,
    check: STEPS.decision.check,
    body: (o) => ({
      services: [{ kind: 'oppfølging', hoursPerWeek: L.hoursPerWeek + +o }],
      date: past,
      reasons: 'Personen har hatt mange brudd i bolig og trenger tett oppfølging i hjemmet.',
    }),
    path: 'services.0.hoursPerWeek',
  },
  {
    what: 'address',
    stage: 'housing',
    schema: schemas.housingOfferSchema,
    check: STEPS.housingOffer.check,
    body: (o) => ({
      unitId: 'stv-001',
      address: x(L.address + +o),
      source: 'municipal',
      availableFrom: past,
    }),
    path: 'address',
  },
  {
    what: 'unit ID',
    stage: 'housing',
    schema: schemas.leaseSchema,
    check: STEPS.lease.check,
    body: (o) => ({ unitId: `u${x(L.reference - 1 + +o)}`, signedDate: past, moveInDate: past }),
    path: 'unitId',
  },
  {
    what: 'reason for an answer to an offer',
    stage: 'housing',
    schema: schemas.offerResponseSchema,
    check: STEPS.offerResponse.check,
    body: (o) => ({ accepted: false, reason: x(L.offerReason + +o), date: past }),
    path: 'reason',
    fromPath: (state) =>
      STEPS.housingOffer.apply(
        state,
        { id: 'hf', role: 'hf-team' },
        { unitId: 'stv-001', address: 'Gata 1', source: 'municipal', availableFrom: past },
        now,
      ),
  },
  {
    what: 'contact note',
    stage: 'follow-up',
    schema: schemas.contactSchema,
    check: STEPS.contact.check,
    body: (o) => ({ date: past, kind: 'home-visit', note: x(L.contactNote + +o) }),
    path: 'note',
  },
  {
    what: 'contact minutes',
    stage: 'follow-up',
    schema: schemas.contactSchema,
    check: STEPS.contact.check,
    body: (o) => ({ date: past, kind: 'home-visit', minutes: L.contactMinutes + +o }),
    path: 'minutes',
  },
  {
    what: 'evaluation feedback',
    stage: 'follow-up',
    schema: schemas.evaluationSchema,
    check: STEPS.evaluation.check,
    body: (o) => ({ milestone: 6, date: past, feedback: x(L.longText + +o) }),
    path: 'feedback',
  },
  {
    what: 'MANSA score',
    stage: 'follow-up',
    schema: schemas.evaluationSchema,
    check: STEPS.evaluation.check,
    body: (o) => ({ milestone: 6, date: past, mansaScore: L.mansaMax + +o }),
    path: 'mansaScore',
  },
  {
    what: 'eviction risk detail',
    stage: 'follow-up',
    schema: schemas.evictionRiskSchema,
    check: STEPS.evictionRisk.check,
    body: (o) => ({ kind: 'rent-arrears', date: past, detail: x(L.riskDetail + +o) }),
    path: 'detail',
  },
  {
    what: 'action plan summary',
    stage: 'follow-up',
    schema: schemas.actionPlanSchema,
    check: STEPS.actionPlan.check,
    body: (o) => ({ date: past, summary: x(L.longText + +o) }),
    path: 'summary',
    fromPath: (state) =>
      STEPS.evictionRisk.apply(state, { id: 'nav', role: 'nav' }, { kind: 'rent-arrears', date: past }, now),
  },
  {
    what: 'housing-lost reason',
    stage: 'follow-up',
    schema: schemas.housingLostSchema,
    check: STEPS.housingLost.check,
    body: (o) => ({ date: past, reason: x(L.housingLostReason + +o) }),
    path: 'reason',
  },
];

function judge(c: Case<any>, over: boolean) {
  const state = caseAt(c.stage);
  const extra = c.fromPath?.(state) ?? {};
  const body = c.body(over);
  const parsed = c.schema.safeParse(body);
  const api = parsed.success ? 'accepted' : parsed.error.issues.map((i) => i.path.join('.')).join(', ');
  const refusal = c.check(state, { ...(parsed.success ? (parsed.data as object) : body), ...extra }, now);
  const workflow = refusal ? (refusal.details?.path ?? refusal.message) : 'accepted';
  return { api, workflow };
}

describe.each(cases)('$what', (c) => {
  it('at the limit, the API and the workflow both accept it', () => {
    expect(judge(c, false)).toEqual({ api: 'accepted', workflow: 'accepted' });
  });
  it('one past the limit, both refuse it, naming the same field', () => {
    expect(judge(c, true)).toEqual({ api: c.path, workflow: c.path });
  });
});

describe('dates that must come in order', () => {
  const decision = {
    services: [{ kind: 'oppfølging', hoursPerWeek: 4 }],
    date: past,
    reviewBy: past,
    reasons: 'Personen har hatt mange brudd i bolig og trenger tett oppfølging i hjemmet.',
  };
  const lease = { unitId: 'stv-001', signedDate: past, moveInDate: day(-11) };

  it('a review date on the decision’s own day is refused by both', () => {
    expect(schemas.decisionSchema.safeParse(decision).error?.issues[0].path).toEqual(['reviewBy']);
    expect(STEPS.decision.check(caseAt('decision'), decision, now)?.details).toEqual({ path: 'reviewBy' });
  });

  it('a move-in before the lease was signed is refused by both', () => {
    expect(schemas.leaseSchema.safeParse(lease).error?.issues[0].path).toEqual(['moveInDate']);
    expect(STEPS.lease.check(caseAt('housing'), lease, now)?.details).toEqual({ path: 'moveInDate' });
  });

  it('a run that started before the rule keeps the rules it started with', () => {
    const before = { datesInOrder: false };
    expect(STEPS.decision.check(caseAt('decision'), decision, now, before)).toBeUndefined();
    expect(STEPS.lease.check(caseAt('housing'), lease, now, before)).toBeUndefined();
  });
});
