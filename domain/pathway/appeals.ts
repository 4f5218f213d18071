/**
 * The case's side of appeals (domain/appeals.ts): the appeal tasks with their deadlines, and the
 * appeal window as a task on the case. The steps that register an appeal, the team lead's review
 * and Statsforvalteren's outcome are in domain/steps/appeal*.ts.
 */
import type { AppealState } from '../appeals';
import type { TaskKind } from '../case';
import { addDaysToDate } from '../calendar';
import { anchorOf, ladderTimes } from '../deadlines';
import type { Ladder } from '../policy';
import type { IsoDate } from '../types';
import { isTerminal } from '../stages';
import {
  closeTask,
  closeTasks,
  openTask,
  record,
  SYSTEM_ACTOR,
  type CaseState,
  type PathwayTask,
} from './state';

export function appealsOf(state: CaseState): AppealState[] {
  return (state.appeals ??= []);
}

export function findAppeal(state: CaseState, appealId: unknown): AppealState | undefined {
  return state.appeals?.find((a) => a.appealId === appealId);
}

/** The decision letter's appeal deadline (its last day), once the letter was delivered. */
export function appealDeadlineOf(state: CaseState, decisionNo: number): IsoDate | undefined {
  return state.letters.find((l) => l.purpose === 'decision' && l.decisionNo === decisionNo)?.appealDeadline;
}

/** An appeal task whose deadlines follow one of the profile's appeal ladders from `from`. */
export function openAppealTask(
  state: CaseState,
  kind: TaskKind,
  appeal: AppealState,
  ladder: Ladder,
  from: IsoDate,
  now: Date,
): PathwayTask {
  const anchor = anchorOf(from, now, state.policy);
  const times = ladderTimes(state.policy, ladder, anchor, now);
  return openTask(state, {
    id: `${kind}:${appeal.appealId}`,
    kind,
    now,
    anchor,
    dueAt: times.escalateAt,
    times,
    facts: { decision: appeal.decisionNo, ...(appeal.late ? { late: 'ja' } : {}) },
  });
}

const windowTaskId = (decisionNo: number) => `appeal-window-${decisionNo}`;

/**
 * The appeal window of each delivered decision is a task on the case, due when the window closes
 * (the morning after its last day): it closes when an appeal arrives, or when the window closes
 * (recorded on the timeline), before any reminder would go out. Only the latest decision's window
 * is watched: a revised decision replaces the one before it. Run from the scheduler, behind
 * `patched('appeal-windows')`; idempotent.
 */
export function settleAppealWindows(state: CaseState, now: Date): void {
  // A case that ended keeps no task (an appeal on an ending is a letter of its own, not this window).
  if (isTerminal(state.stage)) {
    closeTasks(state, (t) => t.kind === 'appeal-window');
    return;
  }
  const latest = state.decisions[state.decisions.length - 1];
  for (const task of state.tasks.filter((t) => t.kind === 'appeal-window')) {
    const closesAt = new Date(task.dueAt);
    const appealed = state.appeals?.some((a) => windowTaskId(a.decisionNo) === task.id);
    if (appealed || task.id !== windowTaskId(latest?.no ?? 0)) {
      closeTask(state, task.id);
    } else if (closesAt.getTime() <= now.getTime()) {
      closeTask(state, task.id);
      record(
        state,
        now,
        'appeal-window-closed',
        SYSTEM_ACTOR,
        `appeal window for decision ${latest.no} closed, no appeal`,
        appealDeadlineOf(state, latest.no),
      );
    }
  }
  if (!latest || state.tasks.some((t) => t.id === windowTaskId(latest.no))) return;
  const deadline = appealDeadlineOf(state, latest.no);
  if (!deadline || state.appeals?.some((a) => a.decisionNo === latest.no)) return;
  const closesAt = anchorOf(addDaysToDate(deadline, 1), now, state.policy);
  if (closesAt.getTime() <= now.getTime()) return;
  openTask(state, {
    id: windowTaskId(latest.no),
    kind: 'appeal-window',
    now,
    anchor: now,
    dueAt: closesAt,
    // The task closes at `closesAt`, before these would send anything (see above).
    times: { remindAt: closesAt, escalateAt: closesAt },
    facts: { decision: latest.no, deadline },
  });
  record(
    state,
    now,
    'appeal-window',
    SYSTEM_ACTOR,
    `appeal window open until ${deadline} for decision ${latest.no}`,
  );
}
