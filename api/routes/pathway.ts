/**
 * The pathway diagram drawn from the code (diagram/): an SVG for the web app and anyone reading
 * the API, and the BPMN 2.0 file for bpmn.io or Camunda Modeler. Open to anyone: it shows the
 * process, never a case.
 */
import type { Response } from 'express';
import { pathwayBpmn } from '../../diagram/bpmn';
import { pathwaySvg } from '../../diagram/svg';
import type { RouteRegistry } from '../registry';

/** The SVG carries its own style sheet; a page elsewhere (the web app) may show it as an image. */
function diagramHeaders(res: Response) {
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Cache-Control', 'public, max-age=3600');
}

export function pathwayRoutes(registry: RouteRegistry) {
  const svg = pathwaySvg();
  const bpmn = pathwayBpmn();
  registry.add(
    {
      method: 'get',
      path: '/pathway.svg',
      operationId: 'pathwayDiagram',
      tag: 'Pathway',
      summary: 'The pathway as a picture (SVG): stages and the events that move a case between them',
      roles: 'public',
      responses: { 200: { description: 'An SVG image', contentType: 'image/svg+xml' } },
    },
    (_req, res) => {
      diagramHeaders(res);
      res.type('image/svg+xml').send(svg);
    },
  );
  registry.add(
    {
      method: 'get',
      path: '/pathway.bpmn',
      operationId: 'pathwayBpmn',
      tag: 'Pathway',
      summary: 'The pathway as BPMN 2.0 XML with its diagram (opens in bpmn.io and Camunda Modeler)',
      roles: 'public',
      responses: { 200: { description: 'BPMN 2.0 XML', contentType: 'application/xml' } },
    },
    (_req, res) => {
      diagramHeaders(res);
      res.attachment('bolig-forst-pathway.bpmn').type('application/xml').send(bpmn);
    },
  );
}
