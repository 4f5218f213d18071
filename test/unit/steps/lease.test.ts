/**
 * The lease step (domain/steps/lease.ts), as the HF team and the housing provider meet it: a
 * signed lease ends procurement and the move-in is awaited; outside procurement it is refused with
 * the stage and what the case expects; a person registered with a signed lease waits to move in.
 */
import * as pathway from '../../../domain/pathway';
import type { CaseState } from '../../../domain/pathway';
import { lease } from '../../../domain/steps/lease';
import { caseInput } from '../../support/fixtures';

const DAY = 86_400_000;
const now = new Date();
const day = (offset: number) => new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10);
const provider = { id: 'utleier', role: 'housing-provider' as const };

function inHousing(scope: string[] = ['assessment-team', 'hf-team', 'housing-provider']): CaseState {
  const state = pathway.startCase(
    caseInput({
      referredAt: day(-30),
      consent: { given: true, date: day(-30), scope: scope as never },
      existing: { stage: 'housing', stageSince: day(-10) },
    }),
    now,
  );
  expect(state.stage).toBe('housing');
  return state;
}

it('a signed lease moves the case to move-in: procurement closes, the move-in is due on its date', () => {
  const state = inHousing();
  const event = { unitId: 'stv-001', signedDate: day(-1), moveInDate: day(7) };
  expect(lease.check(state, event, now)).toBeUndefined();
  lease.apply(state, provider, event, now);
  expect(state.stage).toBe('move-in');
  const open = state.tasks.map((t) => t.kind);
  for (const kind of lease.tasks.opens) expect(open).toContain(kind);
  for (const kind of lease.tasks.closes) expect(open).not.toContain(kind);
  expect(state.tasks.find((t) => t.kind === 'move-in')!.dueAt.slice(0, 10)).toBe(day(7));
  expect(state.outbox.some((i) => i.system === 'housing' && i.op === 'lease')).toBe(true);
});

it('the housing system hears of the lease only when the consent names the housing provider', () => {
  const state = inHousing(['assessment-team', 'hf-team']);
  lease.apply(state, provider, { unitId: 'stv-001', signedDate: day(-1), moveInDate: day(7) }, now);
  expect(state.outbox.some((i) => i.system === 'housing' && i.op === 'lease')).toBe(false);
});

it('outside procurement a lease is refused with the stage and what the case expects, and nothing changes', () => {
  const state = pathway.startCase(caseInput({ referredAt: day(-1) }), now);
  const before = JSON.stringify(state);
  const refusal = lease.check(state, { unitId: 'stv-001', signedDate: day(-1), moveInDate: day(7) }, now);
  expect(refusal).toMatchObject({ type: 'WrongStage', details: { stage: 'first-review' } });
  expect(refusal!.message).toContain(`${lease.refusal} does not fit`);
  expect(JSON.stringify(state)).toBe(before);
});

it('a person registered with a signed lease waits to move in, reminded from the move-in date', () => {
  const state = pathway.startCase(
    caseInput({
      referredAt: day(-60),
      existing: {
        stage: 'move-in',
        stageSince: day(-5),
        lease: { unitId: 'stv-002', signedDate: day(-5), moveInDate: day(3) },
      },
    }),
    now,
  );
  expect(lease.enter?.stage).toBe('move-in');
  expect(state.stage).toBe('move-in');
  expect(state.housing).toMatchObject({ status: 'lease-signed', lease: { unitId: 'stv-002' } });
  expect(state.tasks.find((t) => t.kind === 'move-in')!.dueAt.slice(0, 10)).toBe(day(3));
});
