/**
 * Forms about the case as a whole rather than one stage's event: the review of a case waiting
 * for a place (domain/steps/waiting-review.ts), a change of whom the consent covers
 * (consent-scope.ts), and a correction of the person's details stored at the start
 * (correct-person.ts), each in the stages its step names, for the roles it names.
 */
import { stepRoute } from './step-route';
import type { CaseView } from '../../../../domain/case';
import { isTerminal } from '../../../../domain/stages';
import { CONSENT_PARTIES, PERSON_CORRECTION_REASONS } from '../../../../domain/types';
import type { Texts } from '../../texts/nb';
import type { EventForm } from './events';

const text = (v: string | boolean | undefined) => (typeof v === 'string' ? v.trim() : '');
const opt = (key: string, v: string | boolean | undefined) => (text(v) ? { [key]: text(v) } : {});

export function waitingReviewForms(c: CaseView, t: Texts): EventForm[] {
  if (c.stage !== 'waiting-for-place') return [];
  const e = t.events;
  return [
    {
      key: 'waiting-review',
      title: e.waitingReview,
      ...stepRoute('waitingReview'),
      fields: [
        { name: 'date', label: e.date, type: 'date' },
        { name: 'note', label: e.waitingNote, type: 'textarea', optional: true },
      ],
      body: (v) => ({ date: v.date, ...opt('note', v.note) }),
    },
  ];
}

/**
 * The consent's scope, starting from today's. The API holds the rule on who may widen it (the
 * caseworker or the team lead on the person's word; the HF team only takes itself out).
 */
export function consentForms(c: CaseView, t: Texts): EventForm[] {
  if (isTerminal(c.stage)) return [];
  const e = t.events;
  return [
    {
      key: 'consent-scope',
      title: e.consentScope,
      ...stepRoute('consentScope'),
      fields: [
        {
          name: 'scope',
          label: e.consentScopeParties,
          type: 'checkboxes',
          options: CONSENT_PARTIES.map((p) => [p, t.parties[p]]),
          initial: c.consentScope.join(','),
        },
        { name: 'date', label: e.date, type: 'date' },
      ],
      body: (v) => ({ scope: text(v.scope).split(',').filter(Boolean), date: v.date }),
    },
  ];
}

/** Only the fields filled in are corrected; the course and the access log name them, never the values. */
export function correctPersonForms(c: CaseView, t: Texts): EventForm[] {
  if (isTerminal(c.stage)) return [];
  const e = t.events;
  return [
    {
      key: 'correct-person',
      title: e.correctPerson,
      ...stepRoute('correctPerson'),
      fields: [
        { name: 'name', label: e.correctName, type: 'text', optional: true, apiPath: 'person.name' },
        {
          name: 'nationalId',
          label: e.correctNationalId,
          type: 'text',
          optional: true,
          apiPath: 'person.nationalId',
        },
        {
          name: 'pseudonym',
          label: e.correctPseudonym,
          type: 'text',
          optional: true,
          apiPath: 'person.pseudonym',
        },
        { name: 'phone', label: e.correctPhone, type: 'text', optional: true, apiPath: 'person.phone' },
        {
          name: 'reason',
          label: e.correctionReason,
          type: 'select',
          options: PERSON_CORRECTION_REASONS.map((r) => [r, e.correctionReasons[r]]),
        },
      ],
      body: (v) => ({
        person: {
          ...opt('name', v.name),
          ...opt('nationalId', text(v.nationalId).replace(/\s/g, '')),
          ...opt('pseudonym', v.pseudonym),
          ...opt('phone', v.phone),
        },
        reason: v.reason,
      }),
    },
  ];
}
