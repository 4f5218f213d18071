/**
 * The pathway as an SVG picture, from the same layout as the BPMN file: shown in the README and
 * served by the API (`GET /pathway.svg`) for the web app. Drawn with BPMN's shapes: a thin circle
 * starts, a thick circle ends, a rounded box is a stage where the case waits for an event.
 */
import { busLabels, FLOW_LABEL_CHARS, pathwayLayout, wrap, type DiagramNode, type Layout } from './layout';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function node(n: DiagramNode): string {
  const cx = n.x + n.w / 2;
  const cy = n.y + n.h / 2;
  const id = `data-id="${n.id}"${n.stage ? ` data-stage="${n.stage}"` : ''}`;
  if (n.kind === 'start' || n.kind === 'end') {
    const lines = wrap(n.label, 20)
      .map((l, i) => `<tspan x="${cx}" dy="${i ? 14 : 0}">${esc(l)}</tspan>`)
      .join('');
    return `<g ${id}><circle cx="${cx}" cy="${cy}" r="${n.w / 2}" class="${n.kind}"/><text x="${cx}" y="${n.y + n.h + 16}" class="event-label">${lines}</text></g>`;
  }
  const lines = wrap(n.label, 18);
  const top = cy - ((lines.length - 1) * 15) / 2 + 5;
  const text = lines.map((l, i) => `<tspan x="${cx}" y="${top + i * 15}">${esc(l)}</tspan>`).join('');
  const marker =
    n.kind === 'receive'
      ? `<path d="M${n.x + 8} ${n.y + 8}h18v12h-18z M${n.x + 8} ${n.y + 8}l9 6l9 -6" class="icon"/>`
      : '';
  return `<g ${id}><rect x="${n.x}" y="${n.y}" width="${n.w}" height="${n.h}" rx="10" class="task"/>${marker}<text class="task-label">${text}</text></g>`;
}

/** An arrow's label, its last line just above the point given. */
function flowLabel(label: string, x: number, y: number): string {
  const lines = wrap(label, FLOW_LABEL_CHARS);
  const top = y - (lines.length - 1) * 12;
  return `<text class="flow-label">${lines.map((l, i) => `<tspan x="${x}" y="${top + i * 12}">${esc(l)}</tspan>`).join('')}</text>`;
}

export function pathwaySvg(layout: Layout = pathwayLayout()): string {
  const edges = layout.edges.map((e) => {
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(' ');
    const cls =
      e.transition?.by === 'exit' || e.transition?.by === 'consentWithdrawal' ? 'flow ending' : 'flow';
    const label = e.label && e.labelAt ? flowLabel(e.label, e.labelAt.x, e.labelAt.y) : '';
    return `<g data-id="${e.id}"><path d="${d}" class="${cls}" marker-end="url(#arrow)"/>${label}</g>`;
  });
  const bus = busLabels(layout).map(
    (b) => `<text x="${b.at.x}" y="${b.at.y}" class="flow-label">${esc(b.text)}</text>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated from the pathway's stages and transitions (npm run diagram); do not edit by hand. -->
<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-labelledby="title">
<title id="title">Bolig først: fra henvisning til bolig og oppfølging</title>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#333"/></marker></defs>
<style>
.task{fill:#fff;stroke:#1f3b57;stroke-width:2}
.start{fill:#fff;stroke:#1f3b57;stroke-width:2}
.end{fill:#fff;stroke:#1f3b57;stroke-width:5}
.icon{fill:none;stroke:#1f3b57;stroke-width:1.2}
.flow{fill:none;stroke:#333;stroke-width:1.5}
.flow.ending{stroke:#8a8a8a}
text{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;fill:#1b1b1b}
.task-label{font-size:13px;text-anchor:middle}
.event-label{font-size:12px;text-anchor:middle}
.flow-label{font-size:11px;fill:#444}
</style>
<rect width="100%" height="100%" fill="#fff"/>
${[...edges, ...bus, ...layout.nodes.map(node)].join('\n')}
</svg>
`;
}
