/**
 * An appeal on a decision is received (forvaltningsloven § 28, pasient- og
 * brukerrettighetsloven § 7-2): registered with the date it came, in time or late against the
 * decision letter's appeal deadline (fvl. § 31: a late appeal may still be heard). The team lead's
 * own review is due (a reminder, then the unit leader); the appeal window's task closes.
 * Follow-up, housing and every other task go on.
 */
import { appealPolicy, type AppealEvent } from '../appeals';
import { LIMITS as L } from '../limits';
import { badDate, first, invalid, optionalText, unknown, wrongStage } from '../pathway/checks';
import { appealDeadlineOf, appealsOf, openAppealTask } from '../pathway/appeals';
import { record } from '../pathway/state';
import type { Step } from './step';

export const appeal: Step<'appeal', AppealEvent, { appealId: string }> = {
  name: 'appeal',
  route: {
    path: '/referrals/:id/appeals',
    operationId: 'registerAppeal',
    summary: 'Register an appeal on a decision (fvl. § 28, pbrl. § 7-2), in time or late',
    description:
      'The appeal is in time when `receivedDate` is on or before the decision letter’s `appealDeadline`; a ' +
      'later one is registered as late (fvl. § 31). The team lead’s own review is then due. Follow-up goes on.',
  },
  roles: ['team-lead', 'hf-team'],
  // Wherever a decision has been made and the case is still running.
  stages: ['housing', 'move-in', 'follow-up'],
  refusal: 'an appeal',
  limits: ['longText'],
  tasks: { opens: ['appeal-review'], closes: ['appeal-window'] },

  check: (state, e, now) => {
    if (!appeal.stages.includes(state.stage) || state.decisions.length === 0)
      return wrongStage(state, appeal.refusal);
    const no = e.decisionNo ?? state.decisions[state.decisions.length - 1].no;
    const decision = state.decisions.find((d) => d.no === no);
    if (!decision) return unknown('decisionNo', String(e.decisionNo));
    const open = state.appeals?.find((a) => a.decisionNo === no && a.status !== 'closed');
    if (open)
      return invalid('decisionNo', `decision ${no} already has an appeal under way (${open.appealId})`);
    return first(
      badDate(state, 'receivedDate', e.receivedDate, now),
      typeof e.receivedDate === 'string' && e.receivedDate < decision.date
        ? invalid('receivedDate', `cannot come before the decision (${decision.date})`)
        : undefined,
      optionalText('summary', e.summary, L.longText),
    );
  },

  apply(state, actor, e, now) {
    const appeals = appealsOf(state);
    const decisionNo = e.decisionNo ?? state.decisions[state.decisions.length - 1].no;
    const deadline = appealDeadlineOf(state, decisionNo);
    const late = deadline !== undefined && e.receivedDate > deadline;
    const a = {
      appealId: `appeal-${appeals.length + 1}`,
      decisionNo,
      receivedDate: e.receivedDate,
      ...(deadline ? { deadline } : {}),
      late,
      ...(e.summary ? { summary: e.summary } : {}),
      status: 'team-lead-review' as const,
    };
    appeals.push(a);
    record(
      state,
      now,
      'appeal',
      actor,
      `${a.appealId}: appeal on decision ${decisionNo} received${late ? ` late (deadline ${deadline})` : ''}`,
      e.receivedDate,
    );
    // The window's task closes at the scheduler's next look (domain/pathway/appeals.ts).
    openAppealTask(state, 'appeal-review', a, appealPolicy(state.policy).review, e.receivedDate, now);
    return { appealId: a.appealId };
  },
};
