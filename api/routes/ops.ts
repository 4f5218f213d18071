/**
 * Operations, open to anyone: liveness, readiness (Temporal reachable), Prometheus metrics, the
 * OpenAPI document and a page to read and try it (Swagger UI, served from this API: no CDN).
 */
import path from 'node:path';
import express, { type Router } from 'express';
import type { ApiContext } from '../context';
import { buildOpenApi } from '../openapi';
import type { JsonSchema, RouteRegistry } from '../registry';
import { RETRY_AFTER_SECONDS } from '../problem';

/** swagger-ui-dist ships no types; its folder is all we need. */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bolig først API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

// A file of its own: the page's Content-Security-Policy allows scripts from this API only.
const DOCS_INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  tryItOutEnabled: true,
});`;

const status = { type: 'object', properties: { status: { type: 'string' } } } satisfies JsonSchema;

export function opsRoutes(registry: RouteRegistry, router: Router, ctx: ApiContext) {
  registry.add(
    {
      method: 'get',
      path: '/healthz',
      operationId: 'healthz',
      tag: 'Operations',
      summary: 'Liveness: the process answers',
      roles: 'public',
      responses: { 200: { description: 'Alive', schema: status } },
    },
    (_req, res) => {
      res.json({ status: 'ok' });
    },
  );

  registry.add(
    {
      method: 'get',
      path: '/readyz',
      operationId: 'readyz',
      tag: 'Operations',
      summary: 'Readiness: Temporal is reachable',
      roles: 'public',
      responses: {
        200: { description: 'Ready', schema: status },
        503: { description: 'Temporal is not reachable', schema: status },
      },
    },
    async (_req, res) => {
      try {
        await ctx.client.withDeadline(Date.now() + 5_000, () =>
          ctx.client.connection.workflowService.getSystemInfo({}),
        );
        res.json({ status: 'ready', temporal: 'reachable' });
      } catch {
        res
          .status(503)
          .set('Retry-After', String(RETRY_AFTER_SECONDS))
          .json({ status: 'not-ready', temporal: 'unreachable' });
      }
    },
  );

  registry.add(
    {
      method: 'get',
      path: '/metrics',
      operationId: 'metrics',
      tag: 'Operations',
      summary: 'Prometheus metrics: requests and latencies per route, process figures',
      description:
        'The worker’s Temporal SDK metrics are on its own port (WORKER_METRICS_PORT, default 9464).',
      roles: 'public',
      responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
    },
    async (_req, res) => {
      res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
    },
  );

  let spec: JsonSchema | undefined;
  registry.add(
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'openapi',
      tag: 'Operations',
      summary: 'This API’s OpenAPI 3.1 document, generated from its zod schemas',
      roles: 'public',
      responses: { 200: { description: 'The document', schema: { type: 'object' } } },
    },
    (_req, res) => {
      spec ??= buildOpenApi(registry.specs, ctx.publicUrl);
      res.json(spec);
    },
  );

  registry.add(
    {
      method: 'get',
      path: '/docs',
      operationId: 'docs',
      tag: 'Operations',
      summary: 'A page to read and try the API (Swagger UI)',
      roles: 'public',
      responses: { 200: { description: 'HTML', contentType: 'text/html' } },
    },
    (_req, res) => {
      res.type('html').send(DOCS_PAGE);
    },
  );
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(DOCS_INIT);
  });
  router.use('/docs/assets', express.static(SWAGGER_UI_DIR, { index: false, maxAge: '1h' }));
}
