/**
 * Every route is declared once, as data: method, path, roles, body and query schemas, answers.
 * The same declaration mounts the route (with its access-log note and role check) and writes its
 * part of the OpenAPI document, so the documentation cannot drift from what the API does.
 */
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Role } from '../domain/types';
import { startAccess } from './audit';
import { roleFor } from './auth';
import { ProblemError, validationProblem } from './problem';
import type { AuditAction } from './store';

export type JsonSchema = Record<string, unknown>;

export interface RouteSpec {
  method: 'get' | 'post';
  /** Express path; `:id` is always a case ID. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** Roles that may call it; `public` needs no token. */
  roles: readonly Role[] | 'public';
  body?: z.ZodType;
  query?: z.ZodType;
  params?: Record<string, string>;
  idempotent?: boolean;
  /** Request headers it reads besides the usual ones: name → description. */
  headers?: Record<string, string>;
  /** Successful answers: status → description and schema (zod or JSON Schema). */
  responses: Record<number, { description: string; schema?: z.ZodType | JsonSchema; contentType?: string }>;
  /** Problems this route can answer besides the ones every authenticated route can. */
  problems?: number[];
  /** When set, each call leaves an access-log entry. */
  audit?: AuditAction;
}

export class RouteRegistry {
  /** `specs` may be shared by several registries (one per router) to document them together. */
  constructor(
    private readonly router: Router,
    readonly specs: RouteSpec[] = [],
  ) {}

  add(spec: RouteSpec, handler: (req: Request, res: Response) => Promise<void> | void): void {
    this.specs.push(spec);
    const chain: RequestHandler[] = [];
    if (spec.audit) chain.push(startAccess(spec.audit, spec.path));
    if (spec.roles !== 'public') chain.push(checkRole(spec.roles));
    chain.push(async (req: Request, res: Response, next: NextFunction) => {
      try {
        await handler(req, res);
      } catch (err) {
        next(err);
      }
    });
    this.router[spec.method](spec.path, ...chain);
  }
}

function checkRole(allowed: readonly Role[]): RequestHandler {
  return (req, _res, next) => {
    const role = req.user && roleFor(req.user, allowed);
    if (!role) {
      return next(
        new ProblemError(403, 'Not allowed', `this route needs one of the roles: ${allowed.join(', ')}`),
      );
    }
    req.role = role;
    next();
  };
}

/** Parses a body against a route's schema, or throws a 400 naming each bad field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw validationProblem(parsed.error);
  return parsed.data;
}

export function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) throw validationProblem(parsed.error, 'query');
  return parsed.data;
}
