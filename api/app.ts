/**
 * The caseworkers' API: routes → zod → Temporal client. Nothing here holds state; every case
 * lives in its workflow.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Client } from '@temporalio/client';
import type { Logger } from '../platform/logger';
import type { Municipalities } from '../platform/municipalities';
import { authenticate, type User } from './auth';
import { ProblemError, sendProblem } from './problem';
import { referralRoutes } from './routes/referrals';

export interface ApiDeps {
  client: Client;
  taskQueue: string;
  municipalities: Municipalities;
  verifyToken: (token: string) => Promise<User>;
  /** Key for idempotent case IDs (HMAC). */
  idempotencySecret: Uint8Array;
  log: Logger;
  publicUrl: string;
}

export function createApp(deps: ApiDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(express.json({ limit: '64kb', type: ['application/json', 'application/*+json'] }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.client.connection.workflowService.getSystemInfo({});
      res.json({ status: 'ready', temporal: 'reachable' });
    } catch {
      res.status(503).json({ status: 'not-ready', temporal: 'unreachable' });
    }
  });

  app.use(authenticate(deps.verifyToken));
  app.use('/referrals', referralRoutes(deps));

  app.use((_req, _res, next) => next(new ProblemError(404, 'Not found', 'no such route')));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ProblemError) return sendProblem(res, err);
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.too.large')
      return sendProblem(res, new ProblemError(413, 'Body too large', 'the limit is 64 kB'));
    if (e.type === 'entity.parse.failed') {
      return sendProblem(
        res,
        new ProblemError(400, 'Malformed JSON', 'the body is not valid JSON', {
          errors: [{ path: '(body)', message: 'not valid JSON' }],
        }),
      );
    }
    if (e.status && e.status >= 400 && e.status < 500) {
      return sendProblem(res, new ProblemError(e.status, 'Bad request', e.message));
    }
    deps.log.error({ route: req.route?.path, method: req.method, error: e.message }, 'unhandled error');
    sendProblem(res, new ProblemError(500, 'Internal error', 'the error was logged'));
  });
  return app;
}
