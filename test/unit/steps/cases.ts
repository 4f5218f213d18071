/** Cases at a given point of the pathway, for the step tests: registered as the API would. */
import type { ExistingCase } from '../../../domain/case';
import * as pathway from '../../../domain/pathway';
import type { CaseState } from '../../../domain/pathway';
import type { ConsentParty } from '../../../domain/types';
import { caseInput } from '../../support/fixtures';

const DAY = 86_400_000;
export const now = new Date();
/** The date `offset` days from today (negative: in the past). */
export const day = (offset: number) => new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10);

export const team = { id: 'hf', role: 'hf-team' as const };
export const lead = { id: 'leder', role: 'team-lead' as const };
export const meeting = { id: 'vt', role: 'assessment-team' as const };
export const nav = { id: 'nav', role: 'nav' as const };
export const caseworker = { id: 'saksbehandler', role: 'caseworker' as const };

export function registered(existing?: ExistingCase, scope?: ConsentParty[]): CaseState {
  return pathway.startCase(
    caseInput({
      referredAt: day(-400),
      existing,
      ...(scope ? { consent: { given: true, date: day(-400), scope } } : {}),
    }),
    now,
  );
}

export const inHousing = (scope?: ConsentParty[]) =>
  registered({ stage: 'housing', stageSince: day(-10) }, scope);

export const inFollowUp = (scope?: ConsentParty[]) =>
  registered(
    {
      stage: 'follow-up',
      stageSince: day(-100),
      movedInAt: day(-100),
      lease: { unitId: 'stv-001', signedDate: day(-110), moveInDate: day(-100) },
    },
    scope,
  );

export const openKinds = (state: CaseState) => state.tasks.map((t) => t.kind);
export const sent = (state: CaseState) => state.outbox.map((i) => `${i.system}:${i.op}`);
