/**
 * The exit (avslutning), with its reason (and, for a transfer, where the person went): every task
 * closes, the place is freed, the archive is told, and the specialist health service hears of it
 * when a decision was made and the consent lets it. The case ends.
 */
import { isTerminal, STAGES } from '../stages';
import { EXIT_DESTINATIONS, EXIT_REASONS, type ExitEvent } from '../types';
import { badDate, invalid, wrongStage } from '../pathway/checks';
import { endCase, tellSpecialistHealth } from '../pathway/common';
import { record, setStage } from '../pathway/state';
import { exitJournal } from '../pathway/texts';
import { EVERY_TASK, type Step } from './step';

export const exit: Step<'exit', ExitEvent> = {
  name: 'exit',
  route: {
    path: '/referrals/:id/exit',
    operationId: 'recordExit',
    summary: 'Record the exit (avslutning) with its reason: closes the case',
    description:
      'Ending a granted service is a decision: `reasons` (the facts and the main considerations for this ' +
      'person, at least 40 characters) is required when a decision was made and the reason is `moved-away` or ' +
      '`transferred` (400 naming `reasons` otherwise); the person gets a decision letter with appeal rights, ' +
      'signed by the caller. With `no-longer-wants` the person gets a written confirmation instead.',
  },
  roles: ['hf-team', 'team-lead'],
  stages: STAGES.filter((s) => !isTerminal(s) && s !== 'not-relevant' && s !== 'no-place'),
  refusal: 'an exit',
  limits: [],
  tasks: { opens: [], closes: EVERY_TASK },

  check: (state, e, now) => {
    if (isTerminal(state.stage) || state.stage === 'not-relevant' || state.stage === 'no-place') {
      return wrongStage(state, exit.refusal);
    }
    if (!(EXIT_REASONS as readonly string[]).includes(e.reason)) {
      return invalid('reason', `expected one of ${EXIT_REASONS.join(', ')}`);
    }
    if (e.destination !== undefined) {
      if (e.reason !== 'transferred')
        return invalid('destination', 'a destination is given only when the person was transferred');
      if (!(EXIT_DESTINATIONS as readonly string[]).includes(e.destination))
        return invalid('destination', `expected one of ${EXIT_DESTINATIONS.join(', ')}`);
    }
    return badDate(state, 'date', e.date, now);
  },

  apply(state, actor, e, now) {
    state.exit = { reason: e.reason, date: e.date, ...(e.destination ? { destination: e.destination } : {}) };
    record(state, now, 'exit', actor, `exit: ${e.reason}`, e.date);
    endCase(state, now, { purpose: 'exit', kind: 'exit', date: e.date, ...exitJournal(e.reason, e.date) });
    if (state.decisions.length > 0) tellSpecialistHealth(state, 'exit', e.date, 'exit', now, false);
    setStage(state, 'exited', now);
  },
};
