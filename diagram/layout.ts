/**
 * Where each stage and arrow of the pathway sits, drawn from the stages (domain/stages.ts) and the
 * transitions (domain/pathway/flow.ts); both the BPMN file and the SVG use this one layout. The
 * main line runs left to right from the referral to follow-up; the two "inform the person"
 * branches sit above it, and every exit and consent withdrawal runs along a line below it.
 */
import { TRANSITIONS, type Transition } from '../domain/pathway/flow';
import { isTerminal, STAGE_LABELS, STAGES, type Stage } from '../domain/stages';

export type NodeKind = 'start' | 'task' | 'receive' | 'end';

export interface DiagramNode {
  id: string;
  kind: NodeKind;
  /** The stage it stands for (none for the start event). */
  stage?: Stage;
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface DiagramEdge {
  id: string;
  from: string;
  to: string;
  transition?: Transition;
  label?: string;
  /** Where the label's text starts (the SVG and the BPMN label bounds). */
  labelAt?: Point;
  points: Point[];
}

export interface Layout {
  width: number;
  height: number;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

const MAIN: Stage[] = [
  'first-review',
  'mapping',
  'second-review',
  'waiting-for-place',
  'decision',
  'housing',
  'move-in',
  'follow-up',
];
const ABOVE: Partial<Record<Stage, Stage>> = { 'not-relevant': 'first-review', 'no-place': 'second-review' };

const W = 130;
const H = 70;
const COL = 220;
const X0 = 240;
const TOP = 70; // the branch row
const MAIN_Y = 230;
const EXIT_BUS = MAIN_Y + H + 60;
const WITHDRAW_BUS = EXIT_BUS + 60;
const TOP_BUS = 30;
const R = 18; // event radius

export const nodeId = (stage: Stage) => `Stage_${stage.replace(/-/g, '_')}`;
const edgeId = (t: Transition) =>
  `Flow_${t.from.replace(/-/g, '_')}__${t.to.replace(/-/g, '_')}${t.from === t.to ? `__${t.by}` : ''}`;

const mid = (n: DiagramNode) => ({ x: n.x + n.w / 2, y: n.y + n.h / 2 });

export function pathwayLayout(): Layout {
  const nodes = new Map<string, DiagramNode>();
  const add = (n: DiagramNode) => nodes.set(n.id, n);
  const col = (i: number) => X0 + i * COL;

  add({
    id: 'Start_referral',
    kind: 'start',
    label: 'Henvisning mottatt',
    x: 50,
    y: MAIN_Y + H / 2 - R,
    w: 2 * R,
    h: 2 * R,
  });
  const endX = col(MAIN.length) + 20;
  for (const stage of STAGES) {
    const label = STAGE_LABELS[stage];
    if (isTerminal(stage)) {
      const y = stage === 'closed' ? TOP + H / 2 : stage === 'exited' ? EXIT_BUS : WITHDRAW_BUS;
      const x = stage === 'closed' ? col(3) + W / 2 : endX + R;
      add({ id: nodeId(stage), kind: 'end', stage, label, x: x - R, y: y - R, w: 2 * R, h: 2 * R });
    } else if (ABOVE[stage]) {
      const i = MAIN.indexOf(ABOVE[stage]!);
      add({ id: nodeId(stage), kind: 'task', stage, label, x: col(i), y: TOP, w: W, h: H });
    } else {
      const i = MAIN.indexOf(stage);
      if (i < 0) throw new Error(`the diagram has no place for stage ${stage}`);
      const kind = stage === 'waiting-for-place' ? 'receive' : 'task';
      add({ id: nodeId(stage), kind, stage, label, x: col(i), y: MAIN_Y, w: W, h: H });
    }
  }

  const edges: DiagramEdge[] = [];
  const start = nodes.get('Start_referral')!;
  const first = nodes.get(nodeId('first-review'))!;
  edges.push({
    id: 'Flow_start__first_review',
    from: start.id,
    to: first.id,
    points: [
      { x: start.x + start.w, y: mid(start).y },
      { x: first.x, y: mid(first).y },
    ],
  });

  for (const t of TRANSITIONS) {
    const a = nodes.get(nodeId(t.from))!;
    const b = nodes.get(nodeId(t.to))!;
    const e: DiagramEdge = { id: edgeId(t), from: a.id, to: b.id, transition: t, label: t.label, points: [] };
    const am = mid(a);
    const bm = mid(b);
    if (t.from === t.to) {
      // A loop over the top of the stage.
      e.points = [
        { x: a.x + 30, y: a.y },
        { x: a.x + 30, y: a.y - 35 },
        { x: a.x + a.w - 30, y: a.y - 35 },
        { x: a.x + a.w - 30, y: a.y },
      ];
      e.labelAt = { x: a.x - 10, y: a.y - 42 };
    } else if (t.to === 'exited' || t.to === 'withdrawn') {
      const bus = t.to === 'exited' ? EXIT_BUS : WITHDRAW_BUS;
      delete e.label; // one label on the line, not one per stage
      if (a.y === TOP) {
        // From the branch row: over the top and down the right-hand side.
        const right = b.x + b.w + 40;
        e.points = [
          { x: a.x + 20, y: a.y },
          { x: a.x + 20, y: TOP_BUS - 18 },
          { x: right, y: TOP_BUS - 18 },
          { x: right, y: bus },
          { x: b.x + b.w, y: bus },
        ];
      } else {
        const x = am.x + (t.to === 'exited' ? -15 : 15);
        e.points = [
          { x, y: a.y + a.h },
          { x, y: bus },
          { x: b.x, y: bus },
        ];
      }
    } else if (a.y === MAIN_Y && b.y === MAIN_Y) {
      e.points = [
        { x: a.x + a.w, y: am.y },
        { x: b.x, y: bm.y },
      ];
      e.labelAt = { x: a.x + a.w + 6, y: am.y - 8 };
    } else if (b.y === TOP && a.y === MAIN_Y) {
      e.points = [
        { x: am.x, y: a.y },
        { x: bm.x, y: b.y + b.h },
      ];
      e.labelAt = { x: am.x + 6, y: (a.y + b.y + b.h) / 2 + 4 };
    } else if (t.to === 'closed') {
      if (bm.x > a.x + a.w && bm.x - (a.x + a.w) < COL && Math.abs(bm.y - am.y) < 1) {
        e.points = [
          { x: a.x + a.w, y: am.y },
          { x: b.x, y: bm.y },
        ];
        e.labelAt = { x: a.x + a.w + 4, y: am.y - 8 };
      } else {
        e.points = [
          { x: am.x, y: a.y },
          { x: am.x, y: TOP_BUS },
          { x: bm.x, y: TOP_BUS },
          { x: bm.x, y: b.y },
        ];
        e.labelAt = { x: am.x + 6, y: TOP_BUS + 28 };
      }
    } else {
      throw new Error(`the diagram cannot route ${t.from} → ${t.to}`);
    }
    edges.push(e);
  }
  const all = [...nodes.values()];
  return {
    width: Math.max(...all.map((n) => n.x + n.w)) + 80,
    height: WITHDRAW_BUS + 50,
    nodes: all,
    edges,
  };
}

/** A label's lines (at most `max` characters each), split at spaces. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** How wide an arrow's label may run before it wraps (characters). */
export const FLOW_LABEL_CHARS = 16;

/** Labels along the exit and withdrawal lines (drawn once each). */
export function busLabels(layout: Layout): { text: string; at: Point }[] {
  const exited = layout.nodes.find((n) => n.stage === 'exited')!;
  const withdrawn = layout.nodes.find((n) => n.stage === 'withdrawn')!;
  return [
    { text: 'Avslutning, fra hvert åpent trinn', at: { x: 20, y: exited.y + exited.h / 2 + 4 } },
    { text: 'Samtykke trukket, fra hvert åpent trinn', at: { x: 20, y: withdrawn.y + withdrawn.h / 2 + 4 } },
  ];
}
