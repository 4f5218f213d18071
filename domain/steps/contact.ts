/**
 * A contact with the person (home visit, accompanying, phone, meeting): from the mapping on. In
 * follow-up it counts towards the intensity of follow-up and resets the stale-contact clock.
 */
import { addMinutes } from '../follow-up-intensity';
import { anchorOf } from '../deadlines';
import { LIMITS as L } from '../limits';
import { CONTACT_KINDS, type ContactEvent } from '../types';
import {
  badDate,
  first,
  invalid,
  OPEN_AFTER_FIRST_REVIEW,
  optionalText,
  wrongStage,
} from '../pathway/checks';
import { keepNote } from '../pathway/common';
import { closeTasks, record } from '../pathway/state';
import { openLadderTask } from '../pathway/tasks';
import type { Step } from './step';

export const contact: Step<'contact', ContactEvent> = {
  name: 'contact',
  route: {
    path: '/referrals/:id/contacts',
    operationId: 'logContact',
    summary: 'Log a contact (home visit, accompanying, phone, …): resets the stale-contact clock',
  },
  roles: ['hf-team'],
  stages: OPEN_AFTER_FIRST_REVIEW,
  refusal: 'a contact',
  limits: ['contactMinutes', 'contactNote', 'teamNotes', 'intensityWeeks'],
  tasks: { opens: ['contact'], closes: ['contact'] },

  check: (state, e, now) => {
    if (!OPEN_AFTER_FIRST_REVIEW.includes(state.stage)) return wrongStage(state, contact.refusal);
    if (!(CONTACT_KINDS as readonly string[]).includes(e.kind)) {
      return invalid('kind', `expected one of ${CONTACT_KINDS.join(', ')}`);
    }
    if (
      e.minutes !== undefined &&
      !(Number.isInteger(e.minutes) && e.minutes >= 0 && e.minutes <= L.contactMinutes)
    ) {
      return invalid('minutes', `expected whole minutes from 0 to ${L.contactMinutes}`);
    }
    return first(optionalText('note', e.note, L.contactNote), badDate(state, 'date', e.date, now));
  },

  apply(state, actor, e, now) {
    record(
      state,
      now,
      'contact',
      actor,
      `${e.kind}${e.minutes !== undefined ? `, ${e.minutes} min` : ''}`,
      e.date,
    );
    if (e.note) keepNote(state, { date: e.date, kind: 'contact', text: e.note, by: actor.id });
    const f = state.followUp;
    if (!f) return;
    f.contacts++;
    if (e.minutes) addMinutes((f.minutesByWeek ??= []), e.date, e.minutes, L.intensityWeeks);
    if (!f.lastContactAt || e.date > f.lastContactAt) {
      f.lastContactAt = e.date;
      // Every contact resets the stale-contact clock.
      closeTasks(state, (t) => t.kind === 'contact');
      openLadderTask(
        state,
        'contact',
        `contact-${++state.seq.contact}`,
        anchorOf(e.date, now, state.policy),
        now,
      );
    }
  },
};
