/**
 * What several steps share: letters, the place, the start of follow-up, procurement, a lost home,
 * the notices to the specialist health service and NAV, the team's notes, the end of a case.
 */
import { mayTell } from '../consent';
import { anchorOf, isValidDate } from '../deadlines';
import { LIMITS as L } from '../limits';
import type { TeamNote } from '../mansa';
import type { Actor, EvaluationEvent, IsoDate, PlansEvent } from '../types';
import { enqueue } from './outbox';
import { closeTasks, record, setStage, type CaseState, type LetterState, type RiskState } from './state';
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

/** Procurement starts (after the decision) or starts again (inside follow-up, after a lost home). */
export function startProcurement(state: CaseState, anchor: Date, now: Date): void {
  state.housing.status = state.stage === 'follow-up' ? 'lost' : 'searching';
  const round = ++state.seq.housingRound;
  openLadderTask(state, 'housing', `housing-${round}`, anchor, now);
}

/**
 * Tells the specialist health service when the consent allows it; otherwise reminds the team
 * to ask the person (once: `ask` is false for a revised decision).
 */
export function tellSpecialistHealth(
  state: CaseState,
  event: 'decision' | 'housing-lost' | 'exit',
  date: IsoDate,
  key: string,
  now: Date,
  ask: boolean,
): void {
  if (mayTell(state.consent.scope, 'specialist-health')) {
    enqueue(
      state,
      {
        system: 'parties',
        op: 'notify',
        party: 'specialist-health',
        event,
        date,
        purpose: `specialist-health:${key}`,
      },
      now,
    );
  } else if (ask && !state.tasks.some((t) => t.kind === 'ask-specialist-health-consent')) {
    openLadderTask(
      state,
      'ask-specialist-health-consent',
      `ask-specialist-health-consent-${++state.seq.consentAsk}`,
      now,
      now,
      { facts: { event } },
    );
  }
}

/** NAV hears of the risk when the person consented to it; otherwise the team is asked to ask. */
export function tellNav(state: CaseState, risk: RiskState, now: Date): void {
  if (mayTell(state.consent.scope, 'nav')) {
    enqueue(
      state,
      {
        system: 'parties',
        op: 'notify',
        party: 'nav',
        event: risk.kind,
        date: risk.date,
        purpose: `nav:${risk.riskId}`,
        riskId: risk.riskId,
      },
      now,
    );
  } else if (!risk.navConsentAsked) {
    risk.navConsentAsked = true;
    openLadderTask(state, 'ask-nav-consent', `ask-nav-consent:${risk.riskId}`, now, now, {
      facts: { risk: risk.kind },
    });
  }
}

/** Separation of housing and services: follow-up goes on, and procurement starts again. */
export function loseHousing(state: CaseState, actor: Actor, date: IsoDate, now: Date, how: string): void {
  state.housing.housingLostAt.push(date);
  closeTasks(state, (t) => t.kind === 'move-in');
  record(
    state,
    now,
    'housing-lost',
    actor,
    `housing lost (${how}); follow-up continues, procurement restarts`,
    date,
  );
  startProcurement(state, anchorOf(date, now, state.policy), now);
  tellSpecialistHealth(
    state,
    'housing-lost',
    date,
    `housing-lost-${state.housing.housingLostAt.length}`,
    now,
    true,
  );
}

/** Keeps a note the team wrote, the latest LIMITS.teamNotes of them (counting those let go). */
export function keepNote(state: CaseState, note: TeamNote): void {
  const notes = (state.teamNotes ??= []);
  notes.push(note);
  const extra = notes.length - L.teamNotes;
  if (extra > 0) {
    notes.splice(0, extra);
    state.teamNotesTrimmed = (state.teamNotesTrimmed ?? 0) + extra;
  }
}

/** What every ending shares: no task stays open, the place is freed, the archive is told. */
export function endCase(
  state: CaseState,
  now: Date,
  journal: {
    purpose: string;
    kind: 'exit' | 'consent-withdrawn';
    date: IsoDate;
    title: string;
    content: string;
  },
): void {
  closeTasks(state, () => true);
  releasePlace(state, now);
  enqueue(state, { system: 'archive', op: 'journal', ...journal }, now);
}
