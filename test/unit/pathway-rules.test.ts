/**
 * The pathway's rules as properties of the pure state machine (domain/pathway), checked over
 * thousands of random event sequences: whatever people report, in whatever order, the
 * principles hold and the state stays carryable across continue-as-new.
 */
import fc from 'fast-check';
import type { CaseInput } from '../../domain/case';
import * as pathway from '../../domain/pathway';
import { STEPS } from '../../domain/steps';
import type { CaseState } from '../../domain/pathway';
import type { Actor } from '../../domain/types';
import { caseInput } from '../support/fixtures';

const T0 = new Date('2026-11-24T09:00:00Z');
const DAY = 86_400_000;
const actor: Actor = { id: 'someone', role: 'hf-team' };

type Step = { kind: string; event: any };

const date = (now: Date) => now.toISOString().slice(0, 10);

/** Every event a person can report, with plausible (and sometimes implausible) payloads. */
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('review'),
    event: fc.record({
      round: fc.constantFrom(1, 2),
      outcome: fc.constantFrom('relevant', 'not-relevant', 'place-offered', 'no-place'),
    }),
  }),
  fc.constant({ kind: 'informed', event: { channel: 'phone' } }),
  fc.constant({
    kind: 'mapping',
    event: { followUpWorker: 'Oppfølger', housingWishes: { areas: ['Madla'], needs: [] }, forms: {} },
  }),
  fc.constant({ kind: 'placeGranted', event: {} }),
  fc.constant({ kind: 'decision', event: { services: [{ kind: 'oppfølging', hoursPerWeek: 5 }] } }),
  fc.constant({ kind: 'offer', event: { unitId: 'U1', address: 'Gata 1', source: 'municipal' } }),
  fc.record({ kind: fc.constant('offerResponse'), event: fc.record({ accepted: fc.boolean() }) }),
  fc.constant({ kind: 'lease', event: { unitId: 'U1' } }),
  fc.constant({ kind: 'moveIn', event: {} }),
  fc.constant({
    kind: 'plans',
    event: { followUpPlan: 'today', safetyPlan: 'today', individualPlanOffered: 'today' },
  }),
  fc.record({
    kind: fc.constant('contact'),
    event: fc.record({ kind: fc.constantFrom('phone', 'home-visit') }),
  }),
  fc.record({
    kind: fc.constant('evaluation'),
    event: fc.record({ milestone: fc.constantFrom(6, 12, 24, 7) }),
  }),
  fc.record({
    kind: fc.constant('risk'),
    event: fc.record({
      kind: fc.constantFrom(
        'rent-arrears',
        'neighbour-complaint',
        'eviction-warning',
        'eviction-petition',
        'eviction-executed',
      ),
    }),
  }),
  fc.constant({ kind: 'actionPlan', event: { summary: 'tiltak' } }),
  fc.constant({ kind: 'housingLost', event: { reason: 'utkastet' } }),
  fc.record({
    kind: fc.constant('exit'),
    event: fc.record({ reason: fc.constantFrom('no-longer-wants', 'moved-away', 'transferred', 'deceased') }),
  }),
  fc.constant({ kind: 'withdrawal', event: {} }),
  fc.record({
    kind: fc.constant('consentScope'),
    event: fc.record({
      scope: fc.subarray(['hf-team', 'nav', 'specialist-health', 'housing-provider'], { minLength: 1 }),
    }),
  }),
  fc.record({ kind: fc.constant('wait'), event: fc.record({ days: fc.integer({ min: 1, max: 60 }) }) }),
);

/** Applies one step the way the workflow does: check first, apply only if it fits. */
function play(state: CaseState, s: Step, now: Date): { applied: boolean; now: Date } {
  const today = date(now);
  const withDate = { ...s.event, date: today };
  const run = <E>(
    check: (st: CaseState, e: E, n: Date) => unknown,
    apply: (st: CaseState, a: Actor, e: E, n: Date) => unknown,
    e: E,
  ) => {
    if (check(state, e, now)) return false;
    apply(state, actor, e, now);
    return true;
  };
  let applied = false;
  switch (s.kind) {
    case 'review':
      applied = run(STEPS.review.check, STEPS.review.apply, { ...s.event, meetingDate: today });
      break;
    case 'informed':
      applied = run(STEPS.informed.check, STEPS.informed.apply, withDate);
      break;
    case 'mapping':
      applied = run(STEPS.mapping.check, STEPS.mapping.apply, s.event);
      break;
    case 'placeGranted':
      pathway.applyPlaceGranted(state, now);
      applied = true;
      break;
    case 'decision':
      applied = run(STEPS.decision.check, STEPS.decision.apply, withDate);
      break;
    case 'offer':
      applied = run(STEPS.housingOffer.check, STEPS.housingOffer.apply, {
        ...s.event,
        availableFrom: today,
      });
      break;
    case 'offerResponse': {
      const open = state.housing.offers.find((o) => !o.response);
      applied = run(STEPS.offerResponse.check, STEPS.offerResponse.apply, {
        ...withDate,
        offerId: open?.offerId ?? 'offer-x',
      });
      break;
    }
    case 'lease':
      applied = run(STEPS.lease.check, STEPS.lease.apply, {
        ...s.event,
        signedDate: today,
        moveInDate: today,
      });
      break;
    case 'moveIn':
      applied = run(STEPS.moveIn.check, STEPS.moveIn.apply, withDate);
      break;
    case 'plans':
      applied = run(STEPS.plans.check, STEPS.plans.apply, {
        followUpPlan: today,
        safetyPlan: today,
        individualPlanOffered: today,
      });
      break;
    case 'contact':
      applied = run(STEPS.contact.check, STEPS.contact.apply, withDate);
      break;
    case 'evaluation':
      applied = run(STEPS.evaluation.check, STEPS.evaluation.apply, withDate);
      break;
    case 'risk':
      applied = run(STEPS.evictionRisk.check, STEPS.evictionRisk.apply, withDate);
      break;
    case 'actionPlan': {
      const open = state.evictionRisks.find((r) => !r.actionPlan);
      applied = run(STEPS.actionPlan.check, STEPS.actionPlan.apply, {
        ...withDate,
        riskId: open?.riskId ?? 'risk-x',
      });
      break;
    }
    case 'housingLost':
      applied = run(STEPS.housingLost.check, STEPS.housingLost.apply, withDate);
      break;
    case 'exit':
      applied = run(STEPS.exit.check, STEPS.exit.apply, withDate);
      break;
    case 'withdrawal':
      applied = run(STEPS.consentWithdrawal.check, STEPS.consentWithdrawal.apply, withDate);
      break;
    case 'consentScope':
      applied = run(STEPS.consentScope.check, STEPS.consentScope.apply, withDate);
      break;
    case 'wait':
      now = new Date(now.getTime() + s.event.days * DAY);
      pathway.fireDueSteps(state, now);
      break;
  }
  return { applied, now };
}

/** The quick way through the pathway; each run starts somewhere along it. */
const HAPPY: Step[] = [
  { kind: 'review', event: { round: 1, outcome: 'relevant' } },
  {
    kind: 'mapping',
    event: { followUpWorker: 'Oppfølger', housingWishes: { areas: [], needs: [] }, forms: {} },
  },
  { kind: 'review', event: { round: 2, outcome: 'place-offered' } },
  { kind: 'placeGranted', event: {} },
  { kind: 'decision', event: { services: [{ kind: 'oppfølging', hoursPerWeek: 5 }] } },
  { kind: 'offer', event: { unitId: 'U1', address: 'Gata 1', source: 'municipal' } },
  { kind: 'offerResponse', event: { accepted: true } },
  { kind: 'lease', event: { unitId: 'U1' } },
  { kind: 'moveIn', event: {} },
];

/** A run: a happy prefix of random length, then random events. */
const run = (maxLength: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: HAPPY.length }), fc.array(step, { maxLength }))
    .map(([prefix, rest]) => [...HAPPY.slice(0, prefix), ...rest]);

function start(): CaseState {
  const input: CaseInput = caseInput({ referredAt: date(T0) });
  return pathway.startCase(input, T0);
}

const decisionLetters = (st: CaseState) => st.letters.filter((l) => l.purpose === 'decision').length;

test('whatever happens, a decision (vedtak) exists only after a team lead made one, and only with a held place', () => {
  fc.assert(
    fc.property(run(60), (steps) => {
      const state = start();
      let now = T0;
      let decisionsMade = 0;
      for (const s of steps) {
        const placeBefore = state.place?.status;
        const r = play(state, s, now);
        now = r.now;
        if (s.kind === 'decision' && r.applied) {
          decisionsMade++;
          expect(placeBefore).toBe('held');
        }
        expect(decisionLetters(state)).toBe(decisionsMade);
        expect(state.outbox.filter((i) => i.op === 'register-decision').length).toBeLessThanOrEqual(
          decisionsMade,
        );
        expect(state.decisions.length).toBe(decisionsMade);
      }
    }),
    { numRuns: 1500 },
  );
});

test('"not relevant" and "no place" end only in the information letter and the inform-person task', () => {
  fc.assert(
    fc.property(run(40), (steps) => {
      const state = start();
      let now = T0;
      for (const s of steps) {
        const before = state.stage;
        now = play(state, s, now).now;
        if ((state.stage === 'not-relevant' || state.stage === 'no-place') && before !== state.stage) {
          expect(state.tasks.map((t) => t.kind)).toEqual(['inform-person']);
          expect(state.letters.at(-1)!.purpose).toBe(state.stage);
          expect(state.decisions).toEqual([]);
        }
      }
    }),
    { numRuns: 1000 },
  );
});

test('follow-up is left only by an exit or a consent withdrawal, and never by losing the home', () => {
  fc.assert(
    fc.property(run(80), (steps) => {
      const state = start();
      let now = T0;
      for (const s of steps) {
        const before = state.stage;
        const r = play(state, s, now);
        now = r.now;
        if (before === 'follow-up' && state.stage !== 'follow-up') {
          expect(['exit', 'withdrawal']).toContain(s.kind);
        }
        if (state.stage === 'follow-up') {
          // Follow-up always keeps a stale-contact clock; no task of it ends the case.
          expect(state.tasks.some((t) => t.kind === 'contact')).toBe(true);
        }
      }
    }),
    { numRuns: 1000 },
  );
});

test('a declined offer never costs the place', () => {
  fc.assert(
    fc.property(run(60), (steps) => {
      const state = start();
      let now = T0;
      for (const s of steps) {
        const place = JSON.stringify(state.place);
        const stage = state.stage;
        const r = play(state, s, now);
        now = r.now;
        if (s.kind === 'offerResponse' && r.applied && !s.event.accepted) {
          expect(JSON.stringify(state.place)).toBe(place);
          expect(state.stage).toBe(stage);
        }
      }
    }),
    { numRuns: 1000 },
  );
});

test('nothing is sent to NAV or the specialist health service outside the consent scope, and nothing at all after withdrawal', () => {
  fc.assert(
    fc.property(run(60), (steps) => {
      const state = start();
      let now = T0;
      for (const s of steps) {
        now = play(state, s, now).now;
        for (const item of state.outbox) {
          if (item.system === 'parties') expect(state.consent.scope).toContain(item.party);
        }
        if (state.stage === 'withdrawn') {
          expect(state.outbox.filter((i) => i.system === 'parties' || i.system === 'housing')).toEqual([]);
          expect(state.tasks).toEqual([]);
        }
      }
    }),
    { numRuns: 1000 },
  );
});

test('checks never throw, rejections change nothing, and the state survives JSON (continue-as-new)', () => {
  fc.assert(
    fc.property(run(50), (steps) => {
      const state = start();
      let now = T0;
      for (const s of steps) {
        const before = JSON.stringify(state);
        const r = play(state, s, now);
        if (!r.applied && s.kind !== 'wait' && s.kind !== 'placeGranted')
          expect(JSON.stringify(state)).toBe(before);
        now = r.now;
      }
      const copy = JSON.parse(JSON.stringify(state));
      expect(pathway.toView(copy)).toEqual(pathway.toView(state));
      expect(pathway.nextWakeAt(copy, now)?.getTime()).toBe(pathway.nextWakeAt(state, now)?.getTime());
    }),
    { numRuns: 1000 },
  );
});

test('each message purpose is used once per case (the idempotency key of every email)', () => {
  fc.assert(
    fc.property(run(80), (steps) => {
      const state = start();
      let now = T0;
      // The pure state never drains its outbox here, so every message ever queued is still in it.
      for (const s of steps) now = play(state, s, now).now;
      const sent = state.outbox
        .filter((i) => i.system === 'email' || i.system === 'urgent')
        .map((i) => (i.op === 'notify' && 'message' in i ? i.message.purpose : ''));
      expect(new Set(sent).size).toBe(sent.length);
    }),
    { numRuns: 500 },
  );
});
