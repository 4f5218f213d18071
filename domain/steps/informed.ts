/**
 * The person was informed (of "not relevant" or "no place"): the caseworker records how and when
 * the person was told, and the case closes.
 */
import type { InformedEvent } from '../types';
import { badDate, invalid, wrongStage } from '../pathway/checks';
import { closeTasks, record, setStage } from '../pathway/state';
import type { Step } from './step';

const CHANNELS = ['in-person', 'phone', 'letter', 'digital', 'other'];

export const informed: Step<'informed', InformedEvent> = {
  name: 'informed',
  route: {
    path: '/referrals/:id/informed',
    operationId: 'recordInformed',
    summary: 'Record that the person was told a "not relevant" or "no place" outcome',
  },
  roles: ['caseworker'],
  stages: ['not-relevant', 'no-place'],
  refusal: 'that the person was informed',
  limits: [],
  tasks: { opens: [], closes: ['inform-person'] },

  check: (state, e, now) => {
    if (state.stage !== 'not-relevant' && state.stage !== 'no-place') {
      return wrongStage(state, informed.refusal);
    }
    if (!CHANNELS.includes(e.channel)) {
      return invalid('channel', 'expected in-person, phone, letter, digital or other');
    }
    return badDate(state, 'date', e.date, now);
  },

  apply(state, actor, e, now) {
    record(state, now, 'informed', actor, `person informed (${e.channel}) of: ${state.stage}`, e.date);
    closeTasks(state, () => true);
    setStage(state, 'closed', now);
  },
};
