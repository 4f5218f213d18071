/**
 * Prometheus metrics of the API (prom-client): requests and their latencies per route pattern,
 * method and status, plus the process's own figures. Labels are route patterns, never URLs, so a
 * case ID or anything typed into a URL never becomes a label. The worker's Temporal SDK metrics
 * are on the worker's own port (WORKER_METRICS_PORT).
 */
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface ApiMetrics {
  registry: Registry;
  middleware: (req: Request, res: Response, next: NextFunction) => void;
  /** Counts events refused by a workflow's validator, by update name (a stage mix-up signal). */
  refusedEvents: Counter<'update'>;
}

/** The matched route's pattern, e.g. `/referrals/:id/reviews`; `unmatched` for 404s on no route. */
function routeLabel(req: Request): string {
  const pattern = req.route?.path;
  if (typeof pattern === 'string') return `${req.baseUrl}${pattern}` || '/';
  if (req.baseUrl) return `${req.baseUrl}/*`;
  return 'unmatched';
}

export function createMetrics(): ApiMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'bolig-forst-api' });
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const refusedEvents = new Counter({
    name: 'case_events_refused_total',
    help: 'Events a case refused because they did not fit its stage, by update',
    labelNames: ['update'] as const,
    registers: [registry],
  });
  const middleware = (req: Request, res: Response, next: NextFunction) => {
    const end = duration.startTimer();
    res.once('finish', () => {
      const labels = { route: routeLabel(req), method: req.method, status: String(res.statusCode) };
      requests.inc(labels);
      end(labels);
    });
    next();
  };
  return { registry, middleware, refusedEvents };
}
