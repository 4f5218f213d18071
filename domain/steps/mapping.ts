/**
 * The mapping (kartlegging): the HF team names who follows the person up, records the housing
 * wishes, the forms with their dates and the MANSA baseline; the second review is due.
 */
import { LIMITS as L } from '../limits';
import { isMansaItems } from '../mansa';
import type { MappingEvent } from '../types';
import {
  badDate,
  first,
  invalid,
  isMansa,
  isObject,
  nonEmpty,
  optionalText,
  textList,
  wrongStage,
} from '../pathway/checks';
import { closeTask, record, setStage } from '../pathway/state';
import { openLadderTask } from '../pathway/tasks';
import type { Step } from './step';

export const mapping: Step<'mapping', MappingEvent> = {
  name: 'mapping',
  route: {
    path: '/referrals/:id/mapping',
    operationId: 'completeMapping',
    summary: 'Complete the mapping (kartlegging): follow-up worker, housing wishes, forms, MANSA baseline',
    description:
      'The forms the municipality requires (`mapping.requiredForms` in its profile: Sandnes all four, seed 001) ' +
      'must be recorded with their dates; a MANSA baseline counts as the MANSA form.',
  },
  roles: ['hf-team'],
  stages: ['mapping'],
  refusal: 'a mapping',
  limits: ['followUpWorker', 'wishArea', 'wishType', 'wishNeed', 'wishItems', 'mansaMin', 'mansaMax'],
  tasks: { opens: ['second-review'], closes: ['mapping'] },

  check: (state, e, now) => {
    if (state.stage !== 'mapping') return wrongStage(state, mapping.refusal);
    if (!nonEmpty(e.followUpWorker, L.followUpWorker))
      return invalid('followUpWorker', 'expected who follows the person up');
    const w = e.housingWishes;
    if (!isObject(w) || !Array.isArray(w.areas) || !Array.isArray(w.needs)) {
      return invalid('housingWishes', 'expected { areas: [], needs: [] }');
    }
    const wishes = first(
      textList('housingWishes.areas', w.areas, L.wishArea),
      optionalText('housingWishes.type', w.type, L.wishType),
      textList('housingWishes.needs', w.needs, L.wishNeed),
    );
    if (wishes) return wishes;
    if (e.mansaItems !== undefined && !isMansaItems(e.mansaItems)) {
      return invalid('mansaItems', 'expected the 12 MANSA answers, each a whole number from 1 to 7');
    }
    if (!isObject(e.forms)) return invalid('forms', 'expected an object of form dates');
    for (const key of ['mapping', 'baseline1', 'baseline2'] as const) {
      const d = e.forms[key];
      if (d !== undefined) {
        const bad = badDate(state, `forms.${key}`, d, now);
        if (bad) return bad;
      }
    }
    if (e.mansaBaseline !== undefined && !isMansa(e.mansaBaseline)) {
      return invalid('mansaBaseline', `expected a MANSA mean score from ${L.mansaMin} to ${L.mansaMax}`);
    }
    return undefined;
  },

  apply(state, actor, e, now) {
    state.mapping = e;
    const forms = Object.keys(e.forms).filter((k) => e.forms[k as keyof typeof e.forms]);
    record(state, now, 'mapping', actor, `mapping completed; forms: ${forms.join(', ') || 'none'}`);
    closeTask(state, 'mapping');
    setStage(state, 'second-review', now);
    openLadderTask(state, 'second-review', 'second-review', now, now);
  },

  // A person registered after the mapping: the second review is due.
  enter: {
    stage: 'second-review',
    apply(state, _e, since, now) {
      openLadderTask(state, 'second-review', 'second-review', since.at, now);
    },
  },
};
