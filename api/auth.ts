/**
 * Bearer JWTs: `sub`, `name`, `roles`, `municipality` (every token), and `office` for caseworkers.
 * Verified with jose against a development secret by default, or a JWKS URL in production.
 *
 * Tokens expire: `exp` is required and lies at most 12 hours after `iat` (or after now, when the
 * token has no `iat`); `nbf` and `iat` are honoured with at most a minute of clock skew.
 */
import type { NextFunction, Request, Response } from 'express';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { ROLES, type Role } from '../domain/types';
import { mapClaims, type ClaimMapping } from '../platform/claims';
import { ProblemError } from './problem';

export interface User {
  id: string;
  name: string;
  roles: Role[];
  /** The municipality whose cases the user works with (there is no national role). */
  municipality: string;
  office?: string;
}

/** The longest a token may live. */
export const MAX_TOKEN_LIFETIME_S = 12 * 3600;
/** How far the identity provider's clock may be from ours. */
export const CLOCK_SKEW_S = 60;

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
    /** The role the caller acts in on the matched route (set by the route's role check). */
    role?: Role;
  }
}

export interface AuthOptions {
  issuer: string;
  audience: string;
  /** Symmetric development key (HS256). */
  devSecret?: Uint8Array;
  /** Issuer of the development tokens when a JWKS is also configured (default: `issuer`). */
  devIssuer?: string;
  jwksUrl?: string;
  /**
   * The municipalities this deployment serves, with their offices: a token naming another, or an
   * office outside its municipality, is refused.
   */
  municipalities?: { get(id: string): { offices: { id: string }[] } | undefined };
  /** How the identity provider's claims map to ours (JWKS tokens only; see ClaimMapping). */
  claims?: ClaimMapping;
}

export type Verifier = (token: string) => Promise<User>;

export function createVerifier(opts: AuthOptions): Verifier {
  const jwks = opts.jwksUrl ? createRemoteJWKSet(new URL(opts.jwksUrl)) : undefined;
  return async (token: string): Promise<User> => {
    const verifyOpts = {
      issuer: opts.issuer,
      audience: opts.audience,
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_SKEW_S,
    };
    let payload: JWTPayload;
    // In development both the local identity provider (JWKS) and `npm run token` (HS256) sign in;
    // production passes no development secret, so only the provider's keys count there.
    const devToken = opts.devSecret && (!jwks || decodeProtectedHeader(token).alg === 'HS256');
    if (devToken)
      ({ payload } = await jwtVerify(token, opts.devSecret!, {
        ...verifyOpts,
        issuer: opts.devIssuer ?? opts.issuer,
        algorithms: ['HS256'],
      }));
    else if (jwks) {
      ({ payload } = await jwtVerify(token, jwks, {
        ...verifyOpts,
        algorithms: ['RS256', 'ES256', 'PS256'],
      }));
      if (opts.claims) payload = mapClaims(payload, opts.claims);
    } else throw new Error('no token verification key configured');
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.exp !== 'number') throw new Error('token lacks exp');
    if (payload.iat !== undefined) {
      if (typeof payload.iat !== 'number') throw new Error('iat is not a number');
      if (payload.iat > now + CLOCK_SKEW_S) throw new Error('token issued in the future');
      if (payload.exp - payload.iat > MAX_TOKEN_LIFETIME_S)
        throw new Error('token lives longer than 12 hours');
    }
    if (payload.exp > now + MAX_TOKEN_LIFETIME_S + CLOCK_SKEW_S) {
      throw new Error('token lives longer than 12 hours');
    }
    const roles = Array.isArray(payload.roles)
      ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role))
      : [];
    if (!payload.sub || roles.length === 0) throw new Error('token lacks sub or roles');
    const municipality = typeof payload.municipality === 'string' ? payload.municipality : undefined;
    if (!municipality) throw new Error('token lacks municipality');
    const profile = opts.municipalities?.get(municipality);
    if (opts.municipalities && !profile) throw new Error('token names an unknown municipality');
    const office = typeof payload.office === 'string' ? payload.office : undefined;
    if (roles.includes('caseworker') && !office) throw new Error('a caseworker token must name an office');
    if (office && profile && !profile.offices.some((o) => o.id === office)) {
      throw new Error('the token’s office is not in its municipality');
    }
    return {
      id: payload.sub,
      name: typeof payload.name === 'string' ? payload.name : payload.sub,
      roles,
      municipality,
      office,
    };
  };
}

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

export function authenticate(verify: Verifier) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    if (!token) {
      return next(new ProblemError(401, 'Authentication required', 'send a bearer token (npm run token)'));
    }
    try {
      req.user = await verify(token);
      next();
    } catch {
      next(new ProblemError(401, 'Invalid token', 'the bearer token could not be verified'));
    }
  };
}

/**
 * The role a user acts in on a route allowing `allowed`. A user holding several prefers a role
 * that is not bound to one office, so a caseworker who is also on the HF team is not limited to
 * their office's cases when acting for the team.
 */
export function roleFor(user: User, allowed: readonly Role[]): Role | undefined {
  const held = allowed.filter((r) => user.roles.includes(r));
  return held.find((r) => r !== 'caseworker') ?? held[0];
}

/** Whether a user acting in `role` is limited to one office's cases. */
export function officeBound(role: Role | undefined): boolean {
  return role === 'caseworker';
}
