/**
 * The pathway as a BPMN 2.0 process with its diagram (BPMNDI shapes and edges with coordinates),
 * so it opens in bpmn.io and in Camunda Modeler. Generated from the stages and transitions
 * (domain/): each open stage is a task that waits for the event its arrows name (a receive task
 * where the case waits for the places coordinator), each ending stage an end event.
 */
import { EXPECTS } from '../domain/pathway/texts';
import { FLOW_LABEL_CHARS, pathwayLayout, wrap, type DiagramNode, type Layout } from './layout';

const NS = {
  bpmn: 'http://www.omg.org/spec/BPMN/20100524/MODEL',
  bpmndi: 'http://www.omg.org/spec/BPMN/20100524/DI',
  dc: 'http://www.omg.org/spec/DD/20100524/DC',
  di: 'http://www.omg.org/spec/DD/20100524/DI',
};

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

const ELEMENT: Record<DiagramNode['kind'], string> = {
  start: 'startEvent',
  task: 'userTask',
  receive: 'receiveTask',
  end: 'endEvent',
};

const bounds = (x: number, y: number, w: number, h: number) =>
  `<dc:Bounds x="${Math.round(x)}" y="${Math.round(y)}" width="${Math.round(w)}" height="${Math.round(h)}" />`;

/** Room for an arrow's label, as wrapped in the SVG. */
function labelBounds(label: string, x: number, y: number): string {
  const lines = wrap(label, FLOW_LABEL_CHARS);
  return bounds(x, y - lines.length * 12, Math.max(...lines.map((l) => l.length)) * 6 + 8, lines.length * 14);
}

export function pathwayBpmn(layout: Layout = pathwayLayout()): string {
  const incoming = (id: string) => layout.edges.filter((e) => e.to === id).map((e) => e.id);
  const outgoing = (id: string) => layout.edges.filter((e) => e.from === id).map((e) => e.id);

  const elements = layout.nodes.map((n) => {
    const tag = `bpmn:${ELEMENT[n.kind]}`;
    const doc = n.stage
      ? `\n      <bpmn:documentation>Expects ${esc(EXPECTS[n.stage])}</bpmn:documentation>`
      : '';
    const refs = [
      ...incoming(n.id).map((f) => `\n      <bpmn:incoming>${f}</bpmn:incoming>`),
      ...outgoing(n.id).map((f) => `\n      <bpmn:outgoing>${f}</bpmn:outgoing>`),
    ].join('');
    return `    <${tag} id="${n.id}" name="${esc(n.label)}">${doc}${refs}\n    </${tag}>`;
  });
  const flows = layout.edges.map(
    (e) =>
      `    <bpmn:sequenceFlow id="${e.id}"${e.label ? ` name="${esc(e.label)}"` : ''} sourceRef="${e.from}" targetRef="${e.to}" />`,
  );
  const shapes = layout.nodes.map((n) => {
    const label =
      n.kind === 'start' || n.kind === 'end'
        ? `\n        <bpmndi:BPMNLabel>\n          ${bounds(n.x - 30, n.y + n.h + 4, n.w + 60, 28)}\n        </bpmndi:BPMNLabel>`
        : '';
    return `      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}">\n        ${bounds(n.x, n.y, n.w, n.h)}${label}\n      </bpmndi:BPMNShape>`;
  });
  const edges = layout.edges.map((e) => {
    const points = e.points
      .map((p) => `\n        <di:waypoint x="${Math.round(p.x)}" y="${Math.round(p.y)}" />`)
      .join('');
    const label =
      e.label && e.labelAt
        ? `\n        <bpmndi:BPMNLabel>\n          ${labelBounds(e.label, e.labelAt.x, e.labelAt.y)}\n        </bpmndi:BPMNLabel>`
        : '';
    return `      <bpmndi:BPMNEdge id="${e.id}_di" bpmnElement="${e.id}">${points}${label}\n      </bpmndi:BPMNEdge>`;
  });

  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated from the pathway's stages and transitions (npm run diagram); do not edit by hand. -->
<bpmn:definitions xmlns:bpmn="${NS.bpmn}" xmlns:bpmndi="${NS.bpmndi}" xmlns:dc="${NS.dc}" xmlns:di="${NS.di}" id="Definitions_bolig_forst" targetNamespace="https://bolig-forst.example/pathway" exporter="bolig-forst" exporterVersion="1">
  <bpmn:process id="Process_housing_first_pathway" name="Bolig først: fra henvisning til bolig og oppfølging" isExecutable="false">
${[...elements, ...flows].join('\n')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_pathway">
    <bpmndi:BPMNPlane id="Plane_pathway" bpmnElement="Process_housing_first_pathway">
${[...shapes, ...edges].join('\n')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
