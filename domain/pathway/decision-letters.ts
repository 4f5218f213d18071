/**
 * Decisions where the law sees one (issue 15, item 4), and the letters they send:
 *
 * - **Ending a granted service** (an exit after a decision): a decision (vedtak om opphør) with the
 *   team lead's individual reasons and appeal rights, sent and archived like the decision letter.
 *   When the person ends it themselves ("no-longer-wants") it is a written confirmation that says
 *   so; a death sends nothing; an exit before any decision ends no service and sends nothing.
 * - **A place refused after the need was confirmed** (the second review's "no place", after the
 *   mapping): a decision (avslag) with reasons and appeal rights, instead of the information
 *   letter that said "this is not a decision".
 * - **The waiting list**: a person put on it gets an interim reply (forvaltningsloven § 11 a) that
 *   says why it takes time and by when they can expect an answer: the next review of the wait.
 *   Each review of the wait that finds them still waiting sends the next one.
 *
 * The workflow runs these from a rule it decides once per run with `patched()` (see
 * PATCH_DECISION_LETTERS in workflows/case-patches.ts): a run recorded before them replays without them.
 * Every letter is queued with its own journal entry, which keeps the very PDF that was sent.
 */
import { after, today } from '../deadlines';
import { LIMITS as L } from '../limits';
import type { Actor, ExitDestination, ExitEvent, ExitReason, IsoDate, ReviewEvent, Role } from '../types';
import { exit } from '../steps/exit';
import { review } from '../steps/review';
import { invalid, nonEmpty, type Check } from './checks';
import { enqueue } from './outbox';
import type { CaseState, JournalKind, LetterState } from './state';
import { nextWaitingReviewAt } from './waiting';

/** What a letter says beyond the decision: who decided and why, or when an answer can be expected. */
export interface LetterFacts {
  /** The individual reasons (forvaltningsloven §§ 24–25), as the team wrote them. */
  reasons?: string;
  /** Who made the decision, and in which role. */
  decidedBy?: { name: string; role?: Role | 'system' };
  /** For an ending: why the case ended, where the person went, the date it ended. */
  exitReason?: ExitReason;
  destination?: ExitDestination;
  endedOn?: IsoDate;
  /** For an interim reply: the day by which the person can expect an answer, and their place in line. */
  expectedBy?: IsoDate;
  position?: number;
}

/** The letters of this module. */
export const DECISION_LETTER_PURPOSES = [
  'ending',
  'ending-confirmation',
  'capacity-refusal',
  'interim-reply',
] as const;
export type DecisionLetterPurpose = (typeof DECISION_LETTER_PURPOSES)[number];

/** Letters that are decisions (vedtak): they carry appeal rights, and an appeal deadline is kept. */
export const APPEALABLE_LETTERS: readonly string[] = ['decision', 'ending', 'capacity-refusal'];

/** The reasons an exit needs: an ending of a granted service decided by the team, not by the person. */
export function endingLetterOf(
  state: CaseState,
  reason: ExitReason,
): 'ending' | 'ending-confirmation' | undefined {
  if (state.decisions.length === 0 || reason === 'deceased') return undefined;
  return reason === 'no-longer-wants' ? 'ending-confirmation' : 'ending';
}

/** The exit's extra fields: the reasons and who decided (the API fills `decidedBy` in). */
export type ExitWithReasons = ExitEvent;
export type ReviewWithReasons = ReviewEvent;

const REASONS_MIN = 40;

/** The second review's outcome as its journal entry states it: before, and as a refusal decision. */
const REVIEW_NO_PLACE_INFO = 'ingen plass – personen informeres; dette er ikke et vedtak';
const REVIEW_NO_PLACE_REFUSAL =
  'ingen plass – vedtak om avslag på plass i Bolig først, med begrunnelse, sendes personen; saksbehandleren informerer personen';

function missingReasons(field: string, reasons: unknown, what: string) {
  if (nonEmpty(reasons, L.longText) && reasons.trim().length >= REASONS_MIN) return undefined;
  return invalid(
    field,
    `${what} is a decision: write the facts and the main considerations for this person (at least ${REASONS_MIN} characters)`,
  );
}

/** The exit's check, with the reasons an ending of a granted service needs when the rule is on. */
export function checkExitWithLetters(letters: boolean): Check<ExitWithReasons> {
  return (state, e, now, rules) =>
    exit.check(state, e, now, rules) ??
    (letters && endingLetterOf(state, e.reason) === 'ending'
      ? missingReasons('reasons', e.reasons, 'ending a granted service')
      : undefined);
}

/** The review's check, with the reasons a refused place needs when the rule is on. */
export function checkReviewWithLetters(letters: boolean): Check<ReviewWithReasons> {
  return (state, e, now, rules) =>
    review.check(state, e, now, rules) ??
    (letters && e.round === 2 && e.outcome === 'no-place'
      ? missingReasons('reasons', e.reasons, 'refusing a place')
      : undefined);
}

const TITLES: Record<DecisionLetterPurpose, string> = {
  ending: 'Vedtak om avslutning av oppfølging i hjemmet',
  'ending-confirmation': 'Bekreftelse på avslutning av oppfølging',
  'capacity-refusal': 'Vedtak om avslag på plass i Bolig først',
  'interim-reply': 'Foreløpig svar om plass i Bolig først',
};

/** Queues a letter with its facts, and its journal entry (which keeps the letter as sent). */
function queueFactLetter(
  state: CaseState,
  purpose: DecisionLetterPurpose,
  key: string,
  date: IsoDate,
  facts: LetterFacts,
  now: Date,
): void {
  // An ending names the decision whose services end (the letter lists them).
  const decisionNo = purpose === 'ending' ? state.decisions[state.decisions.length - 1]?.no : undefined;
  const letter: LetterState = {
    purpose,
    key,
    date,
    ...(decisionNo ? { decisionNo } : {}),
    attempt: 1,
    status: 'queued',
    facts,
  };
  state.letters.push(letter);
  const letterNo = state.letters.length - 1;
  enqueue(state, { system: 'letters', op: 'send', letterNo }, now);
  enqueue(
    state,
    {
      system: 'archive',
      op: 'journal',
      purpose: `letter:${key}`,
      kind: purpose as JournalKind,
      date,
      title: TITLES[purpose],
      content: TITLES[purpose],
      letterNo,
    },
    now,
  );
}

function decider(actor: Actor, named?: { name: string }): LetterFacts['decidedBy'] {
  return { name: named?.name ?? actor.id, role: actor.role };
}

/** The exit, then the ending's letter: a decision, or the confirmation when the person ended it. */
export function applyExitWithLetters(state: CaseState, actor: Actor, e: ExitWithReasons, now: Date): void {
  const purpose = endingLetterOf(state, e.reason);
  exit.apply(
    state,
    actor,
    { reason: e.reason, date: e.date, ...(e.destination ? { destination: e.destination } : {}) },
    now,
  );
  if (!purpose) return;
  queueFactLetter(
    state,
    purpose,
    purpose,
    e.date,
    {
      ...(e.reasons?.trim() ? { reasons: e.reasons.trim() } : {}),
      decidedBy: decider(actor, e.decidedBy),
      exitReason: e.reason,
      ...(e.destination ? { destination: e.destination } : {}),
      endedOn: e.date,
    },
    now,
  );
}

/** The review; a refused place after the mapping is a decision, and its letter says so. */
export function applyReviewWithLetters(
  state: CaseState,
  actor: Actor,
  e: ReviewWithReasons,
  now: Date,
): void {
  review.apply(
    state,
    actor,
    {
      round: e.round,
      outcome: e.outcome,
      meetingDate: e.meetingDate,
      ...(e.notes ? { notes: e.notes } : {}),
    },
    now,
  );
  if (!(e.round === 2 && e.outcome === 'no-place')) return;
  // The review's journal entry says what the outcome is now: a refusal decision, not information.
  for (const o of state.outbox) {
    if (o.system === 'archive' && o.op === 'journal' && o.purpose === 'review-2') {
      o.content = o.content.replace(REVIEW_NO_PLACE_INFO, REVIEW_NO_PLACE_REFUSAL);
    }
  }
  // applyReview queued the information letter ("not a decision") last: it becomes the refusal.
  const letterNo = state.letters.length - 1;
  state.letters.splice(letterNo, 1);
  state.outbox = state.outbox.filter(
    (o) => !(o.system === 'letters' && o.op === 'send' && o.letterNo === letterNo),
  );
  queueFactLetter(
    state,
    'capacity-refusal',
    'capacity-refusal',
    e.meetingDate,
    { reasons: e.reasons?.trim(), decidedBy: decider(actor, e.decidedBy) },
    now,
  );
}

/**
 * An interim reply for a case on the waiting list: the first when the coordinator first gives it a
 * position (`before` is the position it had), the next at each review of the wait.
 */
export function interimReply(state: CaseState, now: Date, before?: number): void {
  if (state.stage !== 'waiting-for-place' || state.place?.status !== 'waiting') return;
  const position = state.place.position;
  if (before !== undefined || position === undefined) return;
  const next = nextWaitingReviewAt(state) ?? after(state.policy, now, '30 days');
  const no = state.letters.filter((l) => l.purpose === 'interim-reply').length + 1;
  queueFactLetter(
    state,
    'interim-reply',
    `interim-reply-${no}`,
    today(now, state.policy),
    { expectedBy: today(next, state.policy), position },
    now,
  );
}

/** At a review of the wait: the person still waiting hears again, with the next date. */
export function interimReplyAtReview(state: CaseState, now: Date): void {
  if (state.place?.status !== 'waiting' || state.place.position === undefined) return;
  interimReply(state, now, undefined);
}
