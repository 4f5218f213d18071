/**
 * What a case carries for years is bounded: old offers, risks, letters and decisions are dropped
 * when it continues as new, but never one the rules or a queued call still need.
 */
import * as pathway from '../../domain/pathway';
import type { CaseState, OutboxItem, OutboxOp } from '../../domain/pathway';
import { RECORDS_KEPT } from '../../domain/limits';
import { caseInput } from '../support/fixtures';

const T0 = new Date('2027-03-01T09:00:00Z');

function fresh(): CaseState {
  return pathway.startCase(caseInput({ referredAt: '2027-03-01' }), T0);
}

function offer(state: CaseState, n: number, response?: { accepted: boolean }) {
  state.housing.offers.push({
    offerId: `offer-${n}`,
    unitId: `U-${n}`,
    address: `Gata ${n}`,
    source: 'municipal',
    availableFrom: '2027-03-01',
    offeredAt: T0.toISOString(),
    response: response && { ...response, date: '2027-03-02' },
  });
}

function queue(state: CaseState, item: OutboxOp) {
  state.outbox.push({
    ...item,
    id: `out-${state.outbox.length + 100}`,
    queuedAt: T0.toISOString(),
  } as OutboxItem);
}

test('offers: the newest are kept with the open one, the one being reserved and the one leased; the rest counted', () => {
  const state = fresh();
  offer(state, 1, { accepted: true }); // leased
  offer(state, 2, { accepted: true }); // reservation queued
  for (let n = 3; n <= 40; n++) offer(state, n, { accepted: false });
  offer(state, 41); // open
  state.housing.lease = { unitId: 'U-1', signedDate: '2027-03-03', moveInDate: '2027-03-10' };
  queue(state, { system: 'housing', op: 'reserve', unitId: 'U-2', offerId: 'offer-2' });
  pathway.trimRecords(state);
  const ids = state.housing.offers.map((o) => o.offerId);
  expect(ids.slice(0, 2)).toEqual(['offer-1', 'offer-2']);
  expect(ids).toContain('offer-41');
  expect(ids).toHaveLength(RECORDS_KEPT.offers + 2);
  expect(state.recordsTrimmed).toEqual({
    offers: 41 - RECORDS_KEPT.offers - 2,
    evictionRisks: 0,
    letters: 0,
    decisions: 0,
  });
  expect(pathway.toView(state).recordsTrimmed?.offers).toBe(41 - RECORDS_KEPT.offers - 2);
  // The open offer is still there to be answered.
  expect(state.housing.offers.find((o) => o.offerId === 'offer-41')?.response).toBeUndefined();
});

test('letters: one a queued call still sends keeps its place in the outbox, whatever its age', () => {
  const state = fresh();
  for (let n = 0; n < 30; n++) {
    state.letters.push({
      purpose: 'decision',
      key: `decision-${n}`,
      date: '2027-03-01',
      attempt: 1,
      status: 'LEST',
    });
  }
  const old = state.letters[2];
  queue(state, { system: 'letters', op: 'await', letterNo: 2 });
  queue(state, { system: 'letters', op: 'send', letterNo: 29 });
  pathway.trimRecords(state);
  expect(state.letters).toHaveLength(RECORDS_KEPT.letters + 1);
  const [watch, send] = state.outbox.filter((o) => o.system === 'letters') as { letterNo: number }[];
  expect(state.letters[watch.letterNo]).toBe(old);
  expect(state.letters[send.letterNo].key).toBe('decision-29');
  expect(state.recordsTrimmed!.letters).toBe(30 - RECORDS_KEPT.letters - 1);
});

test('decisions: the latest, one a queued call names, and the one a kept letter replaces stay', () => {
  const state = fresh();
  for (let no = 1; no <= 25; no++) {
    state.decisions.push({
      no,
      services: [{ kind: 'miljøarbeidertjeneste', hoursPerWeek: 2 }],
      date: '2027-03-01',
    });
  }
  queue(state, { system: 'care', op: 'register-decision', decisionNo: 4 });
  state.letters.push({
    purpose: 'decision',
    key: 'decision-8',
    date: '2027-03-01',
    decisionNo: 8,
    attempt: 1,
    status: 'sendt',
  });
  queue(state, { system: 'letters', op: 'await', letterNo: 0 });
  pathway.trimRecords(state);
  const nos = state.decisions.map((d) => d.no);
  expect(nos.slice(0, 3)).toEqual([4, 7, 8]);
  expect(nos.at(-1)).toBe(25);
  expect(nos).toHaveLength(RECORDS_KEPT.decisions + 3);
  expect(pathway.toView(state).decision?.date).toBe('2027-03-01');
});

test('risks: one without an action plan, one NAV must still hear of, and one a task names stay; counts add up over runs', () => {
  const state = fresh();
  const risk = (n: number, extra: object) =>
    state.evictionRisks.push({
      riskId: `risk-${n}`,
      kind: 'rent-arrears',
      date: '2027-03-01',
      reportedBy: { id: 'bolig', role: 'housing-provider' },
      actionPlanDueAt: T0.toISOString(),
      actionPlan: { date: '2027-03-02', summary: 'plan' },
      ...extra,
    });
  risk(1, { actionPlan: undefined });
  risk(2, { kind: 'eviction-warning' }); // NAV not told yet
  risk(3, {});
  state.tasks.push({ id: 'ask-nav-consent:risk-3' } as never);
  for (let n = 4; n <= 40; n++) risk(n, {});
  pathway.trimRecords(state);
  expect(state.evictionRisks.map((r) => r.riskId).slice(0, 3)).toEqual(['risk-1', 'risk-2', 'risk-3']);
  expect(state.evictionRisks).toHaveLength(RECORDS_KEPT.evictionRisks + 3);
  const first = state.recordsTrimmed!.evictionRisks;
  for (let n = 41; n <= 45; n++) risk(n, {});
  pathway.trimRecords(state);
  expect(state.recordsTrimmed!.evictionRisks).toBe(first + 5);
});
