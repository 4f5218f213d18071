/**
 * The pathway diagram is drawn from the code, and stays true to it: the pathway's own rules are
 * played from every stage they can reach, and each stage and each stage change they make must be
 * in the diagram (BPMN and SVG) — a new stage or transition without its place in the diagram
 * fails here. The BPMN file must read cleanly with bpmn-moddle (the parser bpmn.io and Camunda
 * Modeler use), with a shape for every element and an edge for every arrow; and the files in
 * docs/ must be what the code draws today (`npm run diagram`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import BpmnModdle from 'bpmn-moddle';
import { pathwayBpmn } from '../../diagram/bpmn';
import { nodeId, pathwayLayout } from '../../diagram/layout';
import { pathwaySvg } from '../../diagram/svg';
import * as pathway from '../../domain/pathway';
import { STEPS } from '../../domain/steps';
import type { CaseState } from '../../domain/pathway';
import { TRANSITIONS, type FlowTrigger } from '../../domain/pathway/flow';
import { STAGES, type Stage } from '../../domain/stages';
import type { Actor } from '../../domain/types';
import { caseInput } from '../support/fixtures';

const DAY = 86_400_000;
const T0 = new Date(Date.now() - 60 * DAY);
const actor: Actor = { id: 'someone', role: 'hf-team' };
const date = (t: Date) => t.toISOString().slice(0, 10);

type Move = { by: FlowTrigger | 'other'; run: (s: CaseState, now: Date) => boolean };

/** Tries an event: applied when its check lets it through. */
function event<E>(
  by: FlowTrigger | 'other',
  check: (s: CaseState, e: E, now: Date) => unknown,
  apply: (s: CaseState, a: Actor, e: E, now: Date) => unknown,
  build: (s: CaseState, now: Date) => E,
): Move {
  return {
    by,
    run: (s, now) => {
      const e = build(s, now);
      if (check(s, e, now)) return false;
      apply(s, actor, e, now);
      return true;
    },
  };
}

const MOVES: Move[] = [
  ...(['relevant', 'not-relevant'] as const).map((outcome) =>
    event('review', STEPS.review.check, STEPS.review.apply, (_s, now) => ({
      round: 1 as const,
      outcome,
      meetingDate: date(now),
    })),
  ),
  ...(['place-offered', 'no-place'] as const).map((outcome) =>
    event('review', STEPS.review.check, STEPS.review.apply, (_s, now) => ({
      round: 2 as const,
      outcome,
      meetingDate: date(now),
    })),
  ),
  event('informed', STEPS.informed.check, STEPS.informed.apply, (_s, now) => ({
    date: date(now),
    channel: 'phone' as const,
  })),
  event('mapping', STEPS.mapping.check, STEPS.mapping.apply, () => ({
    followUpWorker: 'Oppfølger',
    housingWishes: { areas: ['Madla'], needs: [] },
    forms: {},
  })),
  {
    by: 'placeGranted',
    run: (s, now) => {
      const before = JSON.stringify(s);
      pathway.applyPlaceGranted(s, now);
      return JSON.stringify(s) !== before;
    },
  },
  event('decision', STEPS.decision.check, STEPS.decision.apply, (_s, now) => ({
    services: [{ kind: 'oppfølging', hoursPerWeek: 6 }],
    date: date(now),
  })),
  event('other', STEPS.housingOffer.check, STEPS.housingOffer.apply, (_s, now) => ({
    unitId: 'stv-001',
    address: 'Gata 1',
    source: 'municipal' as const,
    availableFrom: date(now),
  })),
  event('other', STEPS.offerResponse.check, STEPS.offerResponse.apply, (s, now) => ({
    offerId: s.housing.offers.at(-1)?.offerId ?? 'none',
    accepted: true,
    date: date(now),
  })),
  event('lease', STEPS.lease.check, STEPS.lease.apply, (_s, now) => ({
    unitId: 'stv-001',
    signedDate: date(now),
    moveInDate: date(now),
  })),
  event('moveIn', STEPS.moveIn.check, STEPS.moveIn.apply, (_s, now) => ({ date: date(now) })),
  event('other', STEPS.plans.check, STEPS.plans.apply, (_s, now) => ({ followUpPlan: date(now) })),
  event('other', STEPS.contact.check, STEPS.contact.apply, (_s, now) => ({
    date: date(now),
    kind: 'home-visit' as const,
  })),
  event('other', STEPS.evictionRisk.check, STEPS.evictionRisk.apply, (_s, now) => ({
    kind: 'eviction-executed' as const,
    date: date(now),
  })),
  event('housingLost', STEPS.housingLost.check, STEPS.housingLost.apply, (_s, now) => ({
    date: date(now),
    reason: 'utkastet',
  })),
  event('exit', STEPS.exit.check, STEPS.exit.apply, (_s, now) => ({
    reason: 'moved-away' as const,
    date: date(now),
  })),
  event('consentWithdrawal', STEPS.consentWithdrawal.check, STEPS.consentWithdrawal.apply, (_s, now) => ({
    date: date(now),
  })),
];

/** Every stage change the rules can make, found by playing each event from each reachable state. */
function explore(): { stages: Set<Stage>; moves: Set<string> } {
  const start = pathway.startCase(caseInput({ referredAt: date(T0) }), T0);
  const seen = new Set<string>();
  const stages = new Set<Stage>([start.stage]);
  const moves = new Set<string>();
  const queue: { state: CaseState; now: Date }[] = [{ state: start, now: T0 }];
  const key = (s: CaseState) =>
    [s.stage, s.housing.status, s.place?.status, s.housing.offers.length > 0, s.decisions.length > 0].join(
      '|',
    );
  while (queue.length) {
    const { state, now } = queue.shift()!;
    for (const move of MOVES) {
      const next = structuredClone(state);
      const later = new Date(now.getTime() + DAY);
      if (!move.run(next, later)) continue;
      stages.add(next.stage);
      if (next.stage !== state.stage || move.by === 'housingLost') {
        moves.add(`${state.stage} → ${next.stage} (${move.by})`);
      }
      if (!seen.has(key(next))) {
        seen.add(key(next));
        queue.push({ state: next, now: later });
      }
    }
  }
  return { stages, moves };
}

const played = explore();
const declared = new Set(TRANSITIONS.map((t) => `${t.from} → ${t.to} (${t.by})`));

it('every stage change the rules make is in the pathway model, and the model holds none they cannot make', () => {
  expect([...played.moves].filter((m) => !declared.has(m))).toEqual([]);
  expect([...declared].filter((m) => !played.moves.has(m))).toEqual([]);
  expect([...played.stages].sort()).toEqual([...STAGES].sort());
});

describe('the BPMN file', () => {
  const xml = pathwayBpmn();
  let definitions: any;
  let warnings: unknown[];
  beforeAll(async () => {
    ({ rootElement: definitions, warnings } = await new BpmnModdle().fromXML(xml));
  });

  it('reads without a warning, as bpmn.io and Camunda Modeler read it', () => {
    expect(warnings).toEqual([]);
    expect(definitions.rootElements[0].$type).toBe('bpmn:Process');
  });

  it('has every stage, and an arrow for every stage change the rules make', () => {
    const process = definitions.rootElements[0];
    const ids = new Set(process.flowElements.map((e: any) => e.id));
    for (const stage of STAGES) expect(ids).toContain(nodeId(stage));
    const arrows = new Set(
      process.flowElements
        .filter((e: any) => e.$type === 'bpmn:SequenceFlow')
        .map((f: any) => `${f.sourceRef.id} → ${f.targetRef.id}`),
    );
    for (const m of played.moves) {
      const [, from, to] = /^(\S+) → (\S+)/.exec(m)!;
      expect(arrows).toContain(`${nodeId(from as Stage)} → ${nodeId(to as Stage)}`);
    }
  });

  it('draws every element: a shape with bounds for each node, an edge with waypoints for each arrow', () => {
    const process = definitions.rootElements[0];
    const drawn = new Map<string, any>(
      definitions.diagrams[0].plane.planeElement.map((d: any) => [d.bpmnElement.id, d]),
    );
    for (const e of process.flowElements) {
      const d = drawn.get(e.id);
      expect({ id: e.id, drawn: !!d }).toEqual({ id: e.id, drawn: true });
      if (e.$type === 'bpmn:SequenceFlow') expect(d.waypoint.length).toBeGreaterThanOrEqual(2);
      else expect(d.bounds.width).toBeGreaterThan(0);
    }
  });
});

it('the SVG shows every stage and every arrow of the model', () => {
  const svg = pathwaySvg();
  for (const stage of STAGES) expect(svg).toContain(`data-stage="${stage}"`);
  for (const edge of pathwayLayout().edges) expect(svg).toContain(`data-id="${edge.id}"`);
});

it('docs/ holds what the code draws today (run `npm run diagram` after changing the pathway)', () => {
  const docs = path.resolve(__dirname, '..', '..', 'docs');
  expect(readFileSync(path.join(docs, 'pathway.bpmn'), 'utf8')).toBe(pathwayBpmn());
  expect(readFileSync(path.join(docs, 'pathway.svg'), 'utf8')).toBe(pathwaySvg());
});
