/**
 * A milestone evaluation (months after the move-in, from the policy's milestones): the date, the
 * MANSA score or its twelve answers, and the person's feedback. Its milestone task closes.
 */
import { LIMITS as L } from '../limits';
import { isMansaItems } from '../mansa';
import type { EvaluationEvent } from '../types';
import { badDate, first, invalid, isMansa, optionalText, wrongStage } from '../pathway/checks';
import { keepNote } from '../pathway/common';
import { closeTask, record } from '../pathway/state';
import type { Step } from './step';

export const evaluation: Step<'evaluation', EvaluationEvent> = {
  name: 'evaluation',
  route: {
    path: '/referrals/:id/evaluations',
    operationId: 'recordEvaluation',
    summary: 'Record a milestone evaluation (months after move-in), with MANSA and feedback',
  },
  roles: ['hf-team'],
  stages: ['follow-up'],
  refusal: 'an evaluation',
  limits: ['milestoneMonths', 'mansaMin', 'mansaMax', 'longText', 'teamNotes'],
  tasks: { opens: [], closes: ['evaluation'] },

  check: (state, e, now) => {
    if (state.stage !== 'follow-up') return wrongStage(state, evaluation.refusal);
    const months = state.policy.evaluationMonths;
    if (!months.includes(e.milestone)) {
      return invalid('milestone', `expected one of the policy's milestones: ${months.join(', ')} months`);
    }
    if (state.followUp!.evaluations.some((x) => x.milestone === e.milestone)) {
      return invalid('milestone', `the ${e.milestone}-month evaluation is already registered`);
    }
    if (e.mansaScore !== undefined && !isMansa(e.mansaScore)) {
      return invalid('mansaScore', `expected a MANSA mean score from ${L.mansaMin} to ${L.mansaMax}`);
    }
    if (e.mansaItems !== undefined && !isMansaItems(e.mansaItems)) {
      return invalid('mansaItems', 'expected the 12 MANSA answers, each a whole number from 1 to 7');
    }
    return first(optionalText('feedback', e.feedback, L.longText), badDate(state, 'date', e.date, now));
  },

  apply(state, actor, e, now) {
    state.followUp!.evaluations.push({
      milestone: e.milestone,
      date: e.date,
      mansaScore: e.mansaScore,
      ...(e.mansaItems ? { mansaItems: [...e.mansaItems] } : {}),
    });
    record(state, now, 'evaluation', actor, `${e.milestone}-month evaluation`, e.date);
    if (e.feedback) keepNote(state, { date: e.date, kind: 'evaluation', text: e.feedback, by: actor.id });
    closeTask(state, `evaluation-${e.milestone}`);
  },
};
