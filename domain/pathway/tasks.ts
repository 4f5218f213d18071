/**
 * Tasks with deadlines, and the one scheduler that turns due reminders and escalations into
 * messages. Each step is sent once, with a purpose unique within the case (`<task id>:reminder`,
 * `eviction:<riskId>:escalation`), which is also the email's idempotency key. A task closed
 * before its step is due sends nothing.
 */
import type { TaskKind } from '../case';
import { after, anchorOf, deliveryTime, ladderTimes, rebase, urgentRecipient } from '../deadlines';
import { STAGE_LABELS } from '../stages';
import type { IsoDate } from '../types';
import { enqueue } from './outbox';
import { iso, openTask, TASK_KINDS, type CaseState, type PathwayTask, type StaffMessage } from './state';

/** Opens a task whose reminder and escalation follow its kind's policy ladder from `anchor`. */
export function openLadderTask(
  state: CaseState,
  kind: TaskKind,
  id: string,
  anchor: Date,
  now: Date,
  opts: { dueAt?: Date; title?: string; facts?: Record<string, string | number> } = {},
): PathwayTask {
  const ladderKey = TASK_KINDS[kind].ladder;
  if (!ladderKey) throw new Error(`task kind ${kind} has no ladder`);
  const times = ladderTimes(state.policy, state.policy.ladders[ladderKey], anchor, now);
  return openTask(state, {
    id,
    kind,
    now,
    anchor,
    dueAt: opts.dueAt ?? times.remindAt,
    times,
    title: opts.title,
    facts: opts.facts,
  });
}

/** Evaluation at `months` after move-in: due then, reminded then, escalated per the ladder. */
export function openEvaluationTask(state: CaseState, movedInAt: IsoDate, months: number, now: Date) {
  const due = after(state.policy, anchorOf(movedInAt, now, state.policy), `${months} months`);
  return openLadderTask(state, 'evaluation', `evaluation-${months}`, due, now, {
    dueAt: due,
    title: `Evaluering og MANSA etter ${months} måneder`,
    facts: { milestoneMonths: months },
  });
}

/**
 * The yearly review of the decision (vedtak): due `decisionReviewEvery` after the decision, or on
 * the decision's own `reviewBy` date; reminder and escalation keep the ladder's spacing.
 */
export function openDecisionReviewTask(
  state: CaseState,
  decisionNo: number,
  date: IsoDate,
  reviewBy: IsoDate | undefined,
  now: Date,
) {
  const p = state.policy;
  const anchor = anchorOf(date, now, p);
  const ladder = p.ladders.decisionReview;
  let remindAt = after(p, anchor, ladder.remindAfter);
  let escalateAt = after(p, anchor, ladder.escalateAfter);
  let dueAt = after(p, anchor, p.decisionReviewEvery);
  if (reviewBy) {
    const by = anchorOf(reviewBy, now, p);
    const shift = by.getTime() - remindAt.getTime();
    remindAt = by;
    escalateAt = new Date(escalateAt.getTime() + shift);
    dueAt = by;
  }
  closeDecisionReviews(state);
  return openTask(state, {
    id: `decision-review-${decisionNo}`,
    kind: 'decision-review',
    now,
    anchor,
    dueAt,
    times: rebase({ remindAt, escalateAt }, now),
  });
}

function closeDecisionReviews(state: CaseState) {
  state.tasks = state.tasks.filter((t) => t.kind !== 'decision-review');
}

/**
 * An eviction risk's ladder: the team lead is alerted when it is reported (urgent when the
 * eviction was carried out), the action plan is due `actionPlanDue` later (working days), and
 * the unit leader is alerted if none is registered by then.
 */
export function openActionPlanTask(
  state: CaseState,
  riskId: string,
  urgent: boolean,
  kind: string,
  now: Date,
) {
  const dueAt = after(state.policy, now, state.policy.actionPlanDue);
  return openTask(state, {
    id: `eviction:${riskId}`,
    kind: 'action-plan',
    now,
    anchor: now,
    dueAt,
    times: { remindAt: now, escalateAt: dueAt },
    alert: true,
    urgent,
    facts: { risk: kind },
  });
}

// ---------------------------------------------------------------------------------------------
// The scheduler

type Step = 'reminder' | 'escalation';

function stepAt(task: PathwayTask, step: Step): Date | undefined {
  const at = step === 'reminder' ? task.remindAt : task.escalateAt;
  return at ? new Date(at) : undefined;
}

function sent(task: PathwayTask, step: Step): boolean {
  return !!(step === 'reminder' ? task.reminded : task.escalated);
}

function deliverAt(state: CaseState, task: PathwayTask, step: Step, now: Date): Date | undefined {
  const at = stepAt(task, step);
  if (!at) return undefined;
  return deliveryTime(state.policy, at, now, step === 'reminder' && !!task.urgent);
}

/**
 * The version of these rules a run follows, decided by the workflow with `patched()` (pure code
 * cannot ask Temporal): a run recorded under version 1 replays under version 1. See the README,
 * "Years of life".
 *   1  the first rules.
 *   2  the scheduler wakes only for a step `fireDueSteps` would send: an escalation is not
 *      awaited before its reminder has gone (a policy with `escalateAfter < remindAfter` made
 *      a case wake every millisecond until the reminder was due).
 */
export type RulesVersion = 1 | 2;
export const LATEST_RULES: RulesVersion = 2;

/** The next instant a reminder or escalation is due to go out, if any. */
export function nextWakeAt(state: CaseState, now: Date, rules: RulesVersion = 1): Date | undefined {
  let next: Date | undefined;
  for (const task of state.tasks) {
    for (const step of ['reminder', 'escalation'] as const) {
      if (sent(task, step)) continue;
      const at = deliverAt(state, task, step, now);
      if (at && (!next || at.getTime() < next.getTime())) next = at;
      // As fireDueSteps: the escalation waits for its reminder, so it is not a reason to wake.
      if (rules >= 2) break;
    }
  }
  return next;
}

/**
 * Sends (queues) every step due at `now`; returns how many. `toWorker`: a reminder of an HF-team
 * task names the person's follow-up worker (domain/team.ts; patch tasks-to-named-worker).
 */
export function fireDueSteps(state: CaseState, now: Date, toWorker = false): number {
  let fired = 0;
  for (const task of state.tasks) {
    for (const step of ['reminder', 'escalation'] as const) {
      if (sent(task, step)) continue;
      const at = deliverAt(state, task, step, now);
      if (!at || at.getTime() > now.getTime()) break; // escalation never before the reminder
      const urgent = step === 'reminder' && !!task.urgent;
      const message: StaffMessage = {
        purpose: `${task.id}:${step === 'escalation' ? 'escalation' : task.alert ? 'alert' : 'reminder'}`,
        kind: step === 'escalation' ? 'escalation' : task.alert ? 'alert' : 'reminder',
        recipient:
          step === 'escalation' ? 'unit-leader' : urgent ? urgentRecipient(state.policy, now) : 'team-lead',
        topic: task.kind,
        stage: STAGE_LABELS[state.stage],
        dueAt: task.dueAt,
        since: task.createdAt,
        facts: task.facts,
      };
      const worker = state.mapping?.followUpWorker;
      if (toWorker && worker && step === 'reminder' && !urgent && task.assignee === 'hf-team')
        message.worker = worker;
      enqueue(state, { system: urgent ? 'urgent' : 'email', op: 'notify', message }, now);
      if (step === 'reminder') task.reminded = iso(now);
      else task.escalated = iso(now);
      fired++;
    }
  }
  return fired;
}

/**
 * Moves unsent steps of open tasks to a newer policy's ladders (an administrator's explicit
 * choice; see workflows/case.ts for why cases otherwise keep their snapshot).
 */
export function recomputeLadders(state: CaseState, now: Date): void {
  for (const task of state.tasks) {
    // A decision review may follow the decision's own review date; it keeps its deadlines.
    if (!task.ladder || task.kind === 'decision-review') continue;
    const times = ladderTimes(state.policy, state.policy.ladders[task.ladder], new Date(task.anchor), now);
    if (!task.reminded) task.remindAt = iso(times.remindAt);
    if (!task.escalated) task.escalateAt = iso(times.escalateAt);
  }
}
