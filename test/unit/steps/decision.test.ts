/**
 * The individual decision, vedtak (domain/steps/decision.ts), as the team lead makes it.
 */
import { decision } from '../../../domain/steps/decision';
import { day, inFollowUp, lead, now, openKinds, registered, sent } from './cases';

const services = [{ kind: 'oppfølging i hjemmet', hoursPerWeek: 6 }];

it('the first decision is archived, registered, sent as a letter, and starts the search for a home', () => {
  const state = registered({ stage: 'decision', stageSince: day(-3) }, ['hf-team', 'specialist-health']);
  decision.apply(state, lead, { services, date: day(-1), reviewBy: day(300) }, now);
  expect(state.stage).toBe('housing');
  expect(state.housing.status).toBe('searching');
  expect(sent(state)).toEqual(
    expect.arrayContaining(['archive:journal', 'care:register-decision', 'letters:send', 'parties:notify']),
  );
  expect(openKinds(state)).toEqual(expect.arrayContaining(['housing', 'decision-review']));
  expect(openKinds(state)).not.toContain('decision');
});

it('without the specialist health service in the consent, the team is asked to ask the person instead', () => {
  const state = registered({ stage: 'decision', stageSince: day(-3) }, ['hf-team']);
  decision.apply(state, lead, { services, date: day(-1) }, now);
  expect(sent(state)).not.toContain('parties:notify');
  expect(openKinds(state)).toContain('ask-specialist-health-consent');
});

it('a revised decision in follow-up keeps the stage and carries its own key, "decision-2"', () => {
  const state = inFollowUp();
  decision.apply(state, lead, { services, date: day(-3) }, now);
  decision.apply(
    state,
    lead,
    { services: [{ kind: 'praktisk bistand', hoursPerWeek: 2 }], date: day(-2) },
    now,
  );
  expect(state.stage).toBe('follow-up');
  const journals = state.outbox.filter(
    (i) => i.system === 'archive' && i.op === 'journal' && i.kind === 'decision',
  );
  expect(journals.map((j) => j.system === 'archive' && j.op === 'journal' && j.purpose)).toEqual([
    'decision',
    'decision-2',
  ]);
  expect(state.letters.at(-1)).toMatchObject({ purpose: 'decision', key: 'decision-2' });
});

it('a review date on or before the decision date is refused naming reviewBy, as the API refuses it', () => {
  const state = registered({ stage: 'decision', stageSince: day(-3) });
  expect(decision.check(state, { services, date: day(-1), reviewBy: day(-1) }, now)).toMatchObject({
    type: 'InvalidEvent',
    details: { path: 'reviewBy' },
  });
  expect(
    decision.check(state, { services, date: day(-1), reviewBy: day(-1) }, now, { datesInOrder: false }),
  ).toBe(undefined);
});

it('before a place is held, a decision is refused: the case is told it needs one', () => {
  const state = registered({ stage: 'mapping', stageSince: day(-3) });
  const refusal = decision.check(state, { services, date: day(-1) }, now);
  expect(refusal).toMatchObject({ type: 'WrongStage', details: { stage: 'mapping' } });
  expect(refusal!.message).toContain('which needs a held place');
});
