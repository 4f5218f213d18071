/**
 * The caseworkers' API: routes → zod → Temporal client. Cases live in their workflows; the API
 * keeps only the access log and idempotency records (see store/).
 *
 * Order matters: request ID and metrics first; Helmet; a per-address rate limit; the codec server
 * (its own body limit and its own sign-in); the JSON body parser (64 kB); the public routes; then
 * the bearer token, a per-user rate limit, and the case routes; last the problem+json answers.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { ipKeyGenerator } from 'express-rate-limit';
import { CaseDirectory } from '../read-model/case-directory';
import { recordAccess, requestId } from './audit';
import { authenticate } from './auth';
import { DEFAULT_RATE_LIMITS, type ApiContext, type ApiDeps } from './context';
import { createMetrics } from './metrics';
import { limiter } from './rate-limit';
import { ProblemError, sendProblem } from './problem';
import { RouteRegistry, type RouteSpec } from './registry';
import { codecRoutes } from './routes/codec';
import { eventRoutes } from './routes/events';
import { fidelityRoutes } from './routes/fidelity';
import { listRoutes } from './routes/lists';
import { opsRoutes } from './routes/ops';
import { pathwayRoutes } from './routes/pathway';
import { referralRoutes } from './routes/referrals';
import { searchRoutes } from './routes/search';
import { createSession } from './session';
import { webApp } from './web';

export type { ApiDeps } from './context';

export const BODY_LIMIT = '64kb';

export function createApp(deps: ApiDeps) {
  const ctx: ApiContext = { ...deps, directory: new CaseDirectory(deps.client), metrics: createMetrics() };
  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  const specs: RouteSpec[] = [];

  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For only from the configured proxies: from anyone else it would let a client
  // choose a fresh per-address bucket with every request.
  app.set('trust proxy', deps.trustedProxies?.length ? deps.trustedProxies : false);
  app.use(requestId);
  app.use(ctx.metrics.middleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        // Over plain http (development) upgrading every request to https would break the pages.
        directives: { 'upgrade-insecure-requests': deps.publicUrl.startsWith('https:') ? [] : null },
      },
    }),
  );
  // The counters live in the database next to the access log: shared by every API instance.
  const counted = {
    counters: deps.stores.rateLimits,
    secret: deps.idempotencySecret,
    windowMs: limits.windowMs,
    clock: limits.clock,
  };
  app.use(
    limiter({
      ...counted,
      name: 'address',
      limit: limits.perAddress,
      key: (req) => ipKeyGenerator(req.ip ?? ''),
      what: 'from this address',
    }),
  );

  const codec = Router();
  codecRoutes(new RouteRegistry(codec, specs), codec, {
    keys: deps.codecKeys,
    uiOrigins: deps.uiOrigins,
    verifyToken: deps.verifyToken,
    audit: deps.stores.audit,
    publicUrl: deps.publicUrl,
  });
  app.use(codec);

  // JSON only: a body in another format is a 415, not a silently empty body.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is(['application/json', 'application/*+json'])) {
      return next(new ProblemError(415, 'Unsupported media type', 'send the body as application/json'));
    }
    next();
  });
  app.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));

  const open = Router();
  opsRoutes(new RouteRegistry(open, specs), open, ctx);
  pathwayRoutes(new RouteRegistry(open, specs));
  app.use(open);
  if (deps.webDir) app.use(webApp(deps.webDir));
  const namespace = deps.client.options?.namespace;
  const temporalUi =
    deps.uiOrigins[0] && namespace
      ? `${deps.uiOrigins[0]}/namespaces/${encodeURIComponent(namespace)}/workflows`
      : undefined;
  const session = deps.session ? createSession({ temporalUi, ...deps.session }, deps.verifyToken) : undefined;
  if (session) app.use(session.router);

  const cases = Router();
  const registry = new RouteRegistry(cases, specs);
  referralRoutes(registry, ctx);
  eventRoutes(registry, ctx);
  listRoutes(registry, ctx);
  searchRoutes(registry, ctx);
  fidelityRoutes(registry, ctx);
  if (session) app.use(session.middleware);
  app.use(authenticate(deps.verifyToken));
  app.use(
    limiter({
      ...counted,
      name: 'user',
      limit: limits.perUser,
      key: (req) => `user:${req.user!.id}`,
      what: 'for this user',
    }),
  );
  app.use(cases);

  app.use((_req, _res, next) => next(new ProblemError(404, 'Not found', 'no such route')));
  app.use(async (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toProblem(err);
    if (problem.status >= 500 && !(err instanceof ProblemError)) {
      // The message only: errors from payload handling could quote data.
      deps.log.error(
        {
          route: req.route?.path,
          method: req.method,
          error: (err as Error)?.message,
          // The gRPC status of a Temporal failure (a number, nothing personal).
          code: (err as { cause?: { code?: unknown } })?.cause?.code ?? (err as { code?: unknown })?.code,
          // Temporal's own words for it (IDs and states, never payloads).
          details: String((err as { cause?: { details?: unknown } })?.cause?.details ?? '').slice(0, 200),
        },
        'unhandled error',
      );
    }
    try {
      await recordAccess(deps.stores.audit, req, problem.status);
    } catch (auditErr) {
      deps.log.error({ error: (auditErr as Error).message }, 'access log not written');
    }
    if (res.headersSent) return;
    sendProblem(res, problem);
  });
  return app;
}

/** Every error as the problem the caller should see; nothing a client sent becomes a 5xx. */
function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
  switch (e?.type) {
    case 'entity.too.large':
      return new ProblemError(413, 'Body too large', `the limit is ${BODY_LIMIT}`);
    case 'entity.parse.failed':
      // `null`, `123`, `"x"` are JSON, only not an object: say so.
      if (isJson((err as { body?: unknown }).body)) {
        return new ProblemError(400, 'The request is not valid', 'the body must be a JSON object', {
          errors: [{ path: '(body)', message: 'expected an object' }],
        });
      }
      return new ProblemError(400, 'Malformed JSON', 'the body is not valid JSON', {
        errors: [{ path: '(body)', message: 'not valid JSON' }],
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ProblemError(415, 'Unsupported media type', 'send the body as UTF-8 JSON');
    case 'request.aborted':
    case 'request.size.invalid':
      return new ProblemError(400, 'Bad request', 'the body did not arrive whole');
  }
  const status = e?.status ?? e?.statusCode;
  if (status && status >= 400 && status < 500)
    return new ProblemError(status, 'Bad request', 'the request could not be read');
  return new ProblemError(500, 'Internal error', 'the error was logged');
}

function isJson(raw: unknown): boolean {
  if (typeof raw !== 'string') return false;
  try {
    JSON.parse(raw);
    return true;
  } catch {
    return false;
  }
}
