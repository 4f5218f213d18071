/**
 * Bearer JWTs: `sub`, `name`, `roles`, and `office` for caseworkers. Verified with jose against a
 * development secret by default, or a JWKS URL in production.
 */
import type { NextFunction, Request, Response } from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { ROLES, type Role } from '../domain/types';
import { ProblemError } from './problem';

export interface User {
  id: string;
  name: string;
  roles: Role[];
  office?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

export interface AuthOptions {
  issuer: string;
  audience: string;
  /** Symmetric development key (HS256). */
  devSecret?: Uint8Array;
  jwksUrl?: string;
}

export function createVerifier(opts: AuthOptions) {
  const jwks = opts.jwksUrl ? createRemoteJWKSet(new URL(opts.jwksUrl)) : undefined;
  return async (token: string): Promise<User> => {
    const verifyOpts = { issuer: opts.issuer, audience: opts.audience };
    let payload: JWTPayload;
    if (jwks) ({ payload } = await jwtVerify(token, jwks, verifyOpts));
    else if (opts.devSecret) ({ payload } = await jwtVerify(token, opts.devSecret, verifyOpts));
    else throw new Error('no token verification key configured');
    const roles = Array.isArray(payload.roles)
      ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role))
      : [];
    if (!payload.sub || roles.length === 0) throw new Error('token lacks sub or roles');
    const office = typeof payload.office === 'string' ? payload.office : undefined;
    if (roles.includes('caseworker') && !office) throw new Error('a caseworker token must name an office');
    return {
      id: payload.sub,
      name: typeof payload.name === 'string' ? payload.name : payload.sub,
      roles,
      office,
    };
  };
}

export function authenticate(verify: (token: string) => Promise<User>) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      return next(new ProblemError(401, 'Authentication required', 'send a bearer token (npm run token)'));
    }
    try {
      req.user = await verify(header.slice(7));
      next();
    } catch {
      next(new ProblemError(401, 'Invalid token', 'the bearer token could not be verified'));
    }
  };
}

export function requireRole(...allowed: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.user?.roles.some((r) => allowed.includes(r))) {
      return next(
        new ProblemError(403, 'Not allowed', `this route needs one of the roles: ${allowed.join(', ')}`),
      );
    }
    next();
  };
}
