/**
 * Correcting the person's details (name, national identity number, pseudonym, phone) stored when
 * the case started: the way out for a case an outside system refuses because of them. Cases
 * started before names were checked could hold a name with control characters (`\u0000`), which
 * the archive refuses for ever; the caseworker or the team lead corrects the name with a reason,
 * and the administrator's next retry sends the corrected details (every outside call reads the
 * person from the case when it leaves). The course records which fields changed and the reason
 * code, never the values; the access log records the same.
 */
import { nameProblem, normaliseName, textProblem } from '../input-rules';
import { nationalIdProblem } from '../national-id';
import { isTerminal, STAGES } from '../stages';
import { PERSON_CORRECTION_REASONS, type Person, type PersonCorrectionEvent } from '../types';
import { first, invalid, isObject, wrongStage, type Rejection } from '../pathway/checks';
import { record } from '../pathway/state';
import type { Step } from './step';

export const PERSON_FIELDS = ['name', 'nationalId', 'pseudonym', 'phone'] as const;
const PHONE = /^\+?[0-9 ]{8,15}$/;
const MAX = { name: 200, pseudonym: 100 };

/** Why a corrected field's value is not acceptable (the same rules as at referral). */
function fieldProblem(field: keyof Person, value: unknown): Rejection | undefined {
  const path = `person.${field}`;
  if (typeof value !== 'string') return invalid(path, 'expected a string');
  switch (field) {
    case 'name': {
      const name = normaliseName(value);
      if (name.length === 0 || name.length > MAX.name)
        return invalid(path, `expected 1–${MAX.name} characters`);
      const problem = nameProblem(name);
      return problem ? invalid(path, problem) : undefined;
    }
    case 'nationalId': {
      const problem = nationalIdProblem(value);
      return problem ? invalid(path, `not a valid national identity number: ${problem}`) : undefined;
    }
    case 'pseudonym': {
      if (value.trim().length === 0 || value.length > MAX.pseudonym)
        return invalid(path, `expected 1–${MAX.pseudonym} characters`);
      const problem = textProblem(value);
      return problem ? invalid(path, problem) : undefined;
    }
    case 'phone':
      return PHONE.test(value) ? undefined : invalid(path, 'expected a phone number of 8–15 digits');
  }
}

/** The fields an event corrects, in a fixed order. */
export function correctedFields(e: PersonCorrectionEvent): (keyof Person)[] {
  return PERSON_FIELDS.filter((f) => isObject(e.person) && e.person[f] !== undefined);
}

export const correctPerson: Step<'correctPerson', PersonCorrectionEvent> = {
  name: 'correctPerson',
  route: {
    path: '/referrals/:id/person-correction',
    operationId: 'correctPerson',
    summary: 'Correct the person’s details stored at the start (name, national ID, pseudonym, phone)',
    description:
      'Addition to the contract. The way out for a case an outside system refuses because of the details it ' +
      'started with (e.g. a name with control characters, refused by the archive): the corrected fields and a ' +
      '`reason` code; the administrator’s next retry of the incident sends the corrected details. The course ' +
      'and the access log name the fields and the reason, never the values.',
  },
  roles: ['caseworker', 'team-lead'],
  stages: STAGES.filter((s) => !isTerminal(s)),
  refusal: 'a correction of the person’s details (the case has ended)',
  limits: [],
  tasks: { opens: [], closes: [] },

  check: (state, e) => {
    if (isTerminal(state.stage)) return wrongStage(state, correctPerson.refusal);
    if (!isObject(e.person)) return invalid('person', 'expected the corrected fields');
    const unknownField = Object.keys(e.person).find((k) => !(PERSON_FIELDS as readonly string[]).includes(k));
    if (unknownField) return invalid(`person.${unknownField}`, 'unknown field');
    if (correctedFields(e).length === 0) return invalid('person', 'name at least one field to correct');
    if (!(PERSON_CORRECTION_REASONS as readonly unknown[]).includes(e.reason))
      return invalid('reason', `expected one of: ${PERSON_CORRECTION_REASONS.join(', ')}`);
    return first(...correctedFields(e).map((f) => fieldProblem(f, e.person[f])));
  },

  apply(state, actor, e, now) {
    const fields = correctedFields(e);
    const corrected: Partial<Person> = {};
    for (const f of fields) {
      const value = e.person[f]!;
      corrected[f] = f === 'name' ? normaliseName(value) : f === 'pseudonym' ? value.trim() : value;
    }
    state.person = { ...state.person, ...corrected };
    record(
      state,
      now,
      'person-correction',
      actor,
      `person's details corrected (${fields.join(', ')}); reason: ${e.reason}`,
    );
  },
};
