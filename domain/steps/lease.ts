/**
 * The lease (husleieloven): the housing provider or the HF team registers a signed lease and the
 * move-in date. Procurement ends, the move-in is awaited; the housing system registers the lease
 * when the person's consent lets the housing provider be told.
 */
import { mayTell } from '../consent';
import { anchorOf } from '../deadlines';
import type { LeaseEvent } from '../types';
import {
  badDate,
  CURRENT_RULES,
  first,
  invalid,
  isReference,
  procuring,
  wrongStage,
} from '../pathway/checks';
import { dateOr } from '../pathway/common';
import { enqueue } from '../pathway/outbox';
import { checkPrivateRental, recordPrivateRental } from '../pathway/private-rental';
import { closeTasks, record, setStage } from '../pathway/state';
import { openLadderTask } from '../pathway/tasks';
import type { Step } from './step';

export const lease: Step<'lease', LeaseEvent> = {
  name: 'lease',
  route: {
    path: '/referrals/:id/lease',
    operationId: 'registerLease',
    summary: 'Register a signed lease (husleieloven) and the move-in date',
  },
  roles: ['housing-provider', 'hf-team'],
  // In follow-up only after the home was lost (procurement again).
  stages: ['housing', 'follow-up'],
  refusal: 'a lease',
  limits: ['reference', 'partyName', 'phone', 'securityAmount'],
  // (A private lease also opens `lease-security`: domain/pathway/private-rental.ts.)
  tasks: { opens: ['move-in'], closes: ['housing'] },

  check: (state, e, now, rules = CURRENT_RULES) => {
    if (!procuring(state)) return wrongStage(state, lease.refusal);
    if (!isReference(e.unitId)) return invalid('unitId', 'expected the unit');
    return first(
      badDate(state, 'signedDate', e.signedDate, now),
      badDate(state, 'moveInDate', e.moveInDate, now, false),
      rules.datesInOrder && e.moveInDate < e.signedDate
        ? invalid('moveInDate', 'cannot come before signedDate')
        : undefined,
      checkPrivateRental(state, e.unitId, e.privateRental, e.moveInDate, now),
    );
  },

  apply(state, actor, e, now) {
    state.housing.lease = { unitId: e.unitId, signedDate: e.signedDate, moveInDate: e.moveInDate };
    state.housing.status = 'lease-signed';
    // Only leases that carry it (none did before it existed): recorded histories replay unchanged.
    if (e.privateRental) recordPrivateRental(state, e.privateRental, now);
    record(
      state,
      now,
      'lease',
      actor,
      `lease signed for unit ${e.unitId}, move-in ${e.moveInDate}`,
      e.signedDate,
    );
    closeTasks(state, (t) => t.kind === 'housing');
    const moveIn = anchorOf(e.moveInDate, now, state.policy);
    openLadderTask(state, 'move-in', `move-in-${state.seq.housingRound}`, moveIn, now, { dueAt: moveIn });
    if (mayTell(state.consent.scope, 'housing-provider')) {
      enqueue(
        state,
        {
          system: 'housing',
          op: 'lease',
          unitId: e.unitId,
          signedDate: e.signedDate,
          moveInDate: e.moveInDate,
        },
        now,
      );
    }
    if (state.stage === 'housing') setStage(state, 'move-in', now);
  },

  // A person registered with a signed lease, waiting to move in.
  enter: {
    stage: 'move-in',
    apply(state, e, since, now) {
      state.seq.housingRound = 1;
      state.housing.status = 'lease-signed';
      if (e.lease) state.housing.lease = { ...e.lease };
      const moveIn = anchorOf(dateOr(e.lease?.moveInDate, since.date), now, state.policy);
      openLadderTask(state, 'move-in', 'move-in-1', moveIn, now, { dueAt: moveIn });
    },
  },
};
