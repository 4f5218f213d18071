/**
 * The person withdraws consent: nothing more goes to outside parties (their queued messages are
 * dropped), every task closes, the place is freed, the archive is told. The case stops.
 */
import { isTerminal, STAGES } from '../stages';
import type { ConsentWithdrawalEvent } from '../types';
import { badDate, wrongStage } from '../pathway/checks';
import { endCase } from '../pathway/common';
import { dropOutsideItems } from '../pathway/outbox';
import { record, setStage } from '../pathway/state';
import { withdrawalJournal } from '../pathway/texts';
import { EVERY_TASK, type Step } from './step';

export const consentWithdrawal: Step<'consentWithdrawal', ConsentWithdrawalEvent> = {
  name: 'consentWithdrawal',
  route: {
    path: '/referrals/:id/consent-withdrawal',
    operationId: 'withdrawConsent',
    summary: 'Record that the person withdrew consent: stops the case',
  },
  roles: ['caseworker', 'hf-team'],
  stages: STAGES.filter((s) => !isTerminal(s)),
  refusal: 'a consent withdrawal',
  limits: [],
  tasks: { opens: [], closes: EVERY_TASK },

  check: (state, e, now) => {
    if (isTerminal(state.stage)) return wrongStage(state, consentWithdrawal.refusal);
    return badDate(state, 'date', e.date, now);
  },

  apply(state, actor, e, now) {
    state.withdrawnAt = e.date;
    const dropped = dropOutsideItems(state, now);
    state.consent = { ...state.consent, scope: [] };
    record(
      state,
      now,
      'consent-withdrawn',
      actor,
      `consent withdrawn; ${dropped} pending message(s) to outside parties dropped`,
      e.date,
    );
    endCase(state, now, {
      purpose: 'consent-withdrawn',
      kind: 'consent-withdrawn',
      date: e.date,
      ...withdrawalJournal(e.date),
    });
    setStage(state, 'withdrawn', now);
  },
};
