/**
 * Sign-in for the web app: a backend-for-frontend (BFF) session. The API is the OpenID Connect
 * client (authorization code flow with PKCE, confidential client); the browser only ever holds an
 * HttpOnly, SameSite=Strict cookie. The cookie carries the tokens encrypted (AES-256-GCM under a
 * key every API instance shares), so any instance can serve any request and no JavaScript in the
 * page — ours or an injected script — can read a token. Unsafe methods sent with the cookie must
 * also carry the session's CSRF token in `X-CSRF-Token` (and a same-origin `Origin` when the browser
 * sends one). Requests with a bearer token (scripts, other systems) are unaffected.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { User, Verifier } from './auth';
import { ProblemError } from './problem';

export interface SessionOptions {
  /** The identity provider's issuer URL (discovery at /.well-known/openid-configuration). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** RFC 8707 resource to ask access tokens for (providers that need it, e.g. the dev provider). */
  resource?: string;
  /** The app's public URL: redirect URI and allowed Origin. */
  publicUrl: string;
  /** 32 bytes: encrypts the session and login cookies. */
  secret: Uint8Array;
  /** The Temporal Web UI's workflow list, for the administrators' link to a case. */
  temporalUi?: string;
}

export const SESSION_COOKIE = 'bf_session';
const LOGIN_COOKIE = 'bf_login';
export const APP_BASE = '/app/';

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
}

interface SessionData {
  /** access token, ID token, CSRF token, expiry (epoch seconds) */
  at: string;
  it?: string;
  csrf: string;
  exp: number;
}

interface LoginData {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

function b64url(buf: Buffer): string {
  return buf.toString('base64url');
}

export function seal(key: Uint8Array, data: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
  return b64url(Buffer.concat([iv, cipher.getAuthTag(), body]));
}

export function unseal<T>(key: Uint8Array, value: string | undefined): T | undefined {
  if (!value) return undefined;
  try {
    const raw = Buffer.from(value, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** Only a path inside the app: never another site (an open redirect). */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string') return APP_BASE;
  if (!value.startsWith(APP_BASE) || value.startsWith('//') || /[\\\s]/.test(value)) return APP_BASE;
  return value;
}

export function createSession(opts: SessionOptions, verify: Verifier) {
  const secure = opts.publicUrl.startsWith('https:');
  const origin = new URL(opts.publicUrl).origin;
  const redirectUri = `${opts.publicUrl.replace(/\/$/, '')}/auth/callback`;
  let discovery: Promise<Discovery> | undefined;
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  const discover = () => {
    discovery ??= fetch(`${opts.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)
      .then(async (r) => {
        if (!r.ok) throw new Error(`discovery answered ${r.status}`);
        const d = (await r.json()) as Discovery;
        jwks = createRemoteJWKSet(new URL(d.jwks_uri));
        return d;
      })
      .catch((err: unknown) => {
        discovery = undefined; // try again on the next sign-in
        throw err;
      });
    return discovery;
  };

  const cookie = (
    res: Response,
    name: string,
    value: string,
    maxAgeMs: number,
    sameSite: 'strict' | 'lax',
    path: string,
  ) => res.cookie(name, value, { httpOnly: true, secure, sameSite, path, maxAge: maxAgeMs });

  const read = (req: Request): SessionData | undefined => {
    const s = unseal<SessionData>(opts.secret, cookies(req)[SESSION_COOKIE]);
    return s && s.exp * 1000 > Date.now() ? s : undefined;
  };

  const router = Router();

  router.get('/auth/login', async (req, res, next) => {
    try {
      const d = await discover();
      const login: LoginData = {
        state: b64url(randomBytes(24)),
        nonce: b64url(randomBytes(24)),
        verifier: b64url(randomBytes(48)),
        returnTo: safeReturnTo(req.query.returnTo),
      };
      // Lax: the provider sends the browser back here with a top-level navigation from its site.
      cookie(res, LOGIN_COOKIE, seal(opts.secret, login), 10 * 60_000, 'lax', '/auth');
      const url = new URL(d.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: opts.clientId,
        redirect_uri: redirectUri,
        scope: opts.scopes,
        state: login.state,
        nonce: login.nonce,
        code_challenge: b64url(createHash('sha256').update(login.verifier).digest()),
        code_challenge_method: 'S256',
        ...(opts.resource ? { resource: opts.resource } : {}),
      }).toString();
      res.redirect(303, url.toString());
    } catch (err) {
      next(
        new ProblemError(
          503,
          'Sign-in unavailable',
          `the identity provider could not be reached (${(err as Error).message})`,
        ),
      );
    }
  });

  router.get('/auth/callback', async (req, res, next) => {
    const login = unseal<LoginData>(opts.secret, cookies(req)[LOGIN_COOKIE]);
    res.clearCookie(LOGIN_COOKIE, { path: '/auth' });
    if (!login || typeof req.query.state !== 'string' || req.query.state !== login.state) {
      return next(
        new ProblemError(
          400,
          'Sign-in failed',
          'the sign-in was not started here or took too long; start again',
          {
            errors: [{ path: 'state', message: 'does not match the sign-in started in this browser' }],
          },
        ),
      );
    }
    if (typeof req.query.error === 'string') {
      return next(
        new ProblemError(
          401,
          'Sign-in failed',
          `the identity provider said: ${String(req.query.error).slice(0, 100)}`,
        ),
      );
    }
    try {
      const d = await discover();
      const tokenRes = await fetch(d.token_endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(opts.clientId)}:${encodeURIComponent(opts.clientSecret)}`).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: String(req.query.code ?? ''),
          redirect_uri: redirectUri,
          code_verifier: login.verifier,
          ...(opts.resource ? { resource: opts.resource } : {}),
        }),
      });
      if (!tokenRes.ok) throw new Error(`the token endpoint answered ${tokenRes.status}`);
      const tokens = (await tokenRes.json()) as { access_token?: string; id_token?: string };
      if (!tokens.access_token || !tokens.id_token)
        throw new Error('the provider sent no access or ID token');
      const { payload: idClaims } = await jwtVerify(tokens.id_token, jwks!, {
        issuer: opts.issuer,
        audience: opts.clientId,
      });
      if (idClaims.nonce !== login.nonce) throw new Error('the ID token answers another sign-in (nonce)');
      // The access token must be one the API accepts: checked now rather than on the first page.
      await verify(tokens.access_token);
      const { exp } = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString()) as {
        exp: number;
      };
      const session: SessionData = {
        at: tokens.access_token,
        it: tokens.id_token,
        csrf: b64url(randomBytes(24)),
        exp,
      };
      cookie(res, SESSION_COOKIE, seal(opts.secret, session), exp * 1000 - Date.now(), 'strict', '/');
      res.redirect(303, login.returnTo);
    } catch (err) {
      next(new ProblemError(401, 'Sign-in failed', (err as Error).message));
    }
  });

  /** Who is signed in, and the CSRF token the page sends back on every change. */
  router.get('/auth/session', async (req, res, next) => {
    const s = read(req);
    if (!s) return next(new ProblemError(401, 'Not signed in', 'sign in at /auth/login'));
    let user: User;
    try {
      user = await verify(s.at);
    } catch {
      return next(new ProblemError(401, 'Session expired', 'sign in again at /auth/login'));
    }
    res.set('cache-control', 'no-store').json({
      user,
      csrfToken: s.csrf,
      expiresAt: new Date(s.exp * 1000).toISOString(),
      ...(opts.temporalUi && user.roles.includes('admin') ? { temporalUi: opts.temporalUi } : {}),
    });
  });

  router.post('/auth/logout', express.json(), async (req, res) => {
    const s = unseal<SessionData>(opts.secret, cookies(req)[SESSION_COOKIE]);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    let logoutUrl = APP_BASE;
    try {
      const d = await discover();
      if (d.end_session_endpoint) {
        const url = new URL(d.end_session_endpoint);
        url.search = new URLSearchParams({
          client_id: opts.clientId,
          post_logout_redirect_uri: `${opts.publicUrl.replace(/\/$/, '')}${APP_BASE}`,
          ...(s?.it ? { id_token_hint: s.it } : {}),
        }).toString();
        logoutUrl = url.toString();
      }
    } catch {
      /* the provider is down: the local session is gone all the same */
    }
    res.set('cache-control', 'no-store').json({ logoutUrl });
  });

  /**
   * Before the bearer-token check: a request without `Authorization` but with a valid session
   * cookie acts with the session's access token. Changes need the CSRF token and, when the
   * browser names one, this origin.
   */
  const middleware = (req: Request, _res: Response, next: NextFunction) => {
    if (req.headers.authorization) return next();
    const raw = cookies(req)[SESSION_COOKIE];
    if (!raw) return next();
    const s = read(req);
    if (!s) return next(new ProblemError(401, 'Session expired', 'sign in again at /auth/login'));
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const sentOrigin = req.headers.origin;
      if (sentOrigin && sentOrigin !== origin) {
        return next(new ProblemError(403, 'Forbidden', 'a change from another site is refused (Origin)'));
      }
      if (req.headers['x-csrf-token'] !== s.csrf) {
        return next(new ProblemError(403, 'Forbidden', "send the session's CSRF token in X-CSRF-Token"));
      }
    }
    req.headers.authorization = `Bearer ${s.at}`;
    next();
  };

  return { router, middleware };
}
