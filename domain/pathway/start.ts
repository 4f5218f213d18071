/**
 * A case's first state: a new referral waiting for its first review, or a person already in the
 * programme registered at their stage with their real past dates (milestones and deadlines
 * follow from those dates; anything already due goes out at once, in working hours).
 */
import type { CaseInput, ExistingCase } from '../case';
import { anchorOf, isValidDate } from '../deadlines';
import { dateOr } from './common';
import { enqueue } from './outbox';
import { emptyState, iso, record, SYSTEM_ACTOR, type CaseState } from './state';
import { openDecisionReviewTask, openLadderTask } from './tasks';
import { referralJournal } from './texts';
import { STEP_LIST } from '../steps';

export function startCase(input: CaseInput, now: Date): CaseState {
  const state = emptyState(input, now);
  const referred = isValidDate(input.referredAt) ? input.referredAt : undefined;
  record(state, now, 'referral', input.caseworker, `referral from ${input.office}`, referred);
  enqueue(state, { system: 'archive', op: 'case-file' }, now);
  enqueue(
    state,
    {
      system: 'archive',
      op: 'journal',
      purpose: 'referral',
      kind: 'referral',
      date: referred ?? input.referredAt,
      ...referralJournal(input.criteria, input.notes),
    },
    now,
  );
  if (input.existing) {
    registerExisting(state, input.existing, now);
  } else {
    const anchor = referred ? anchorOf(referred, now, state.policy) : now;
    openLadderTask(state, 'first-review', 'first-review', anchor, now);
  }
  return state;
}

function registerExisting(state: CaseState, e: ExistingCase, now: Date) {
  const p = state.policy;
  const since = dateOr(e.stageSince, dateOr(state.referredAt, iso(now).slice(0, 10)));
  const sinceAt = anchorOf(since, now, p);
  if (isValidDate(state.referredAt)) state.referredInstant = iso(anchorOf(state.referredAt, now, p));
  state.stage = e.stage;
  state.stageSince = iso(sinceAt);
  record(
    state,
    now,
    'registered-existing',
    SYSTEM_ACTOR,
    `registered in stage ${e.stage} since ${since}`,
    since,
  );
  if (e.mapping) state.mapping = e.mapping;
  if (e.decision) {
    const no = ++state.seq.decision;
    state.decisions.push({ ...e.decision, no });
    openDecisionReviewTask(state, no, dateOr(e.decision.date, since), e.decision.reviewBy, now);
  }
  // From the decision on, the person already holds one of the municipality's places.
  if (e.stage !== 'mapping' && e.stage !== 'second-review') {
    state.place = { status: 'held' };
    enqueue(state, { system: 'places', op: 'request', existing: true }, now);
  }
  // Each step says how a case enters the stage it leads to (domain/steps/); the decision stage
  // follows the places coordinator's grant, not a step.
  const entry = STEP_LIST.find((step) => step.enter?.stage === e.stage)?.enter;
  if (entry) return entry.apply(state, e, { date: since, at: sinceAt }, now);
  if (e.stage === 'decision') openLadderTask(state, 'decision', 'decision', sinceAt, now);
}
