/** Steps several events share: letters, the place, the start of follow-up. */
import { anchorOf, isValidDate } from '../deadlines';
import type { EvaluationEvent, IsoDate, PlansEvent } from '../types';
import { enqueue } from './outbox';
import { setStage, type CaseState, type LetterState } from './state';
import { openEvaluationTask, openLadderTask } from './tasks';

/** A reported date when it is one, else the fallback (registering a case already under way). */
export function dateOr(value: IsoDate | undefined, fallback: IsoDate): IsoDate {
  return value && isValidDate(value) ? value : fallback;
}

/**
 * The idempotency key of decision (vedtak) number `no` within its case: "decision" for the first,
 * "decision-2" for a revision. The archive entry, the care-system registration, the letter and the
 * specialist health service's notice of one decision all carry it, so it is built here only.
 */
export function decisionKey(no: number): string {
  return no > 1 ? `decision-${no}` : 'decision';
}

/** A letter to the person through digital mail; its delivery is watched after it is sent. */
export function queueLetter(
  state: CaseState,
  purpose: LetterState['purpose'],
  date: IsoDate,
  now: Date,
  decisionNo?: number,
): void {
  const key = purpose === 'decision' && decisionNo ? decisionKey(decisionNo) : purpose;
  state.letters.push({ purpose, key, date, decisionNo, attempt: 1, status: 'queued' });
  enqueue(state, { system: 'letters', op: 'send', letterNo: state.letters.length - 1 }, now);
}

/** Gives the place (held or waited for) back to the municipality's coordinator. */
export function releasePlace(state: CaseState, now: Date): void {
  if (!state.place || state.place.status === 'released') return;
  state.place = { status: 'released' };
  enqueue(state, { system: 'places', op: 'release' }, now);
}

/**
 * Follow-up starts at the (first) move-in: the plans are due, the stale-contact clock runs, and
 * each evaluation milestone counts from this date. Nothing here ever ends follow-up.
 */
export function completeFollowUpStart(
  state: CaseState,
  movedInAt: IsoDate,
  now: Date,
  known: { lastContactAt?: IsoDate; plans?: PlansEvent; evaluations?: EvaluationEvent[]; contacts?: number },
): void {
  const p = state.policy;
  state.housing.status = 'housed';
  state.housing.movedInAt = movedInAt;
  const plans = { ...known.plans };
  const evaluations = [...(known.evaluations ?? [])];
  state.followUp = {
    startedAt: movedInAt,
    lastContactAt: known.lastContactAt,
    contacts: known.contacts ?? 0,
    plans,
    evaluations,
  };
  setStage(state, 'follow-up', now);
  const movedIn = anchorOf(movedInAt, now, p);
  if (!(plans.followUpPlan && plans.safetyPlan && plans.individualPlanOffered)) {
    openLadderTask(state, 'plans', 'plans', movedIn, now);
  }
  const lastContact =
    known.lastContactAt && known.lastContactAt > movedInAt ? known.lastContactAt : movedInAt;
  openLadderTask(state, 'contact', `contact-${++state.seq.contact}`, anchorOf(lastContact, now, p), now);
  for (const months of p.evaluationMonths) {
    if (!evaluations.some((e) => e.milestone === months)) openEvaluationTask(state, movedInAt, months, now);
  }
}
