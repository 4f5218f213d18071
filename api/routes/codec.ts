/**
 * Mounts the codec server (codec-server/: the protocol and the Web UI's sign-in) into the API, for
 * the Temporal Web UI and CLI: `POST /codec/decode` and `/codec/encode`, administrators only.
 *
 * How callers prove who they are:
 * - **Bearer token** (`Authorization: Bearer <admin JWT>`): the CLI (`--codec-auth`), and a Web UI
 *   with single sign-on configured to pass its access token (`TEMPORAL_CODEC_PASS_ACCESS_TOKEN`;
 *   the UI sends it only to an https endpoint).
 * - **Session cookie** (codec-server/session.ts), for the dev stack's Web UI, accepted only on
 *   requests whose Origin is the configured Web UI.
 *
 * CORS answers only the Web UI's origin(s), with credentials allowed. Anyone else — no token, no
 * cookie, another origin — is refused, and every decode is in the access log.
 *
 * An administrator decodes only their own municipality's payloads (each payload carries its
 * workflow's municipality: platform/codec.ts); a request holding any other is refused whole with a
 * 403 naming each such payload, decrypts nothing, and is in the access log as refused.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { codecBody, codecPayloadsSchema, createTranscoder } from '../../codec-server/protocol';
import {
  cookieHeader,
  parseCookies,
  SESSION_COOKIE,
  sessionPage,
  sessionSeconds,
  signedInPage,
} from '../../codec-server/session';
import type { CodecKeys } from '../../platform/codec';
import { recordAccess, reply, noteAccess } from '../audit';
import { bearerToken, type Verifier } from '../auth';
import { ProblemError, validationProblem } from '../problem';
import type { RouteRegistry } from '../registry';
import type { AuditLog } from '../store';

export { SESSION_COOKIE };
/** Codec requests carry whole histories' payloads; Temporal's own payload limit is 2 MB. */
export const CODEC_BODY_LIMIT = '4mb';

export interface CodecDeps {
  keys: CodecKeys;
  /** Origins of the Temporal Web UI allowed to call with credentials. */
  uiOrigins: string[];
  verifyToken: Verifier;
  audit: AuditLog;
  /** The API's public URL (the codec endpoint is this plus `/codec`); https makes the cookie Secure. */
  publicUrl: string;
}

const ALLOWED_HEADERS = 'Content-Type, X-Namespace, Authorization, Authorization-Extras';

export function codecRoutes(registry: RouteRegistry, router: Router, deps: CodecDeps) {
  const transcode = createTranscoder(deps.keys);
  const secure = deps.publicUrl.startsWith('https:');
  const endpoint = `${deps.publicUrl.replace(/\/$/, '')}/codec`;
  const isUiOrigin = (origin: string | undefined) => !!origin && deps.uiOrigins.includes(origin);

  // CORS: only the Web UI's origin, with credentials (the UI's "Include cross-origin credentials").
  router.use('/codec', (req: Request, res: Response, next: NextFunction) => {
    const origin = req.header('origin');
    res.setHeader('Vary', 'Origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (isUiOrigin(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin!);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method === 'OPTIONS') {
      if (!isUiOrigin(origin)) {
        return next(
          new ProblemError(
            403,
            'Origin not allowed',
            'only the Temporal Web UI may call the codec from a browser',
          ),
        );
      }
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      return res.status(204).end();
    }
    next();
  });

  // Who is calling: a bearer token, or the session cookie from the Web UI's origin.
  const authenticateCodec = async (req: Request, _res: Response, next: NextFunction) => {
    const bearer = bearerToken(req);
    const cookie = parseCookies(req.header('cookie'))[SESSION_COOKIE];
    const token = bearer ?? (cookie && isUiOrigin(req.header('origin')) ? cookie : undefined);
    if (!token) {
      return next(
        new ProblemError(
          401,
          'Authentication required',
          'send an admin bearer token, or sign in at /codec/session and let the Web UI include credentials',
        ),
      );
    }
    try {
      req.user = await deps.verifyToken(token);
      next();
    } catch {
      next(new ProblemError(401, 'Invalid token', 'the token could not be verified (expired?)'));
    }
  };

  const json = express.json({ limit: CODEC_BODY_LIMIT, type: () => true });
  router.use(['/codec/encode', '/codec/decode'], authenticateCodec, json);

  for (const op of ['decode', 'encode'] as const) {
    registry.add(
      {
        method: 'post',
        path: `/codec/${op}`,
        operationId: `codec${op === 'decode' ? 'Decode' : 'Encode'}`,
        tag: 'Codec server',
        summary:
          op === 'decode'
            ? 'Decrypt payloads (Temporal Web UI / CLI)'
            : 'Encrypt payloads with the active key',
        description:
          'Temporal codec-server protocol. Admins only: a bearer token, or the session cookie from ' +
          '`/codec/session` on requests from the Web UI origin. Every call is in the access log.',
        roles: ['admin'],
        audit: op,
        responses: { 200: { description: 'The payloads, in the same order', schema: codecPayloadsSchema } },
        problems: [400, 401, 403, 413],
      },
      async (req, res) => {
        const parsed = codecBody.safeParse(req.body);
        if (!parsed.success) throw validationProblem(parsed.error);
        const namespace = req.header('x-namespace');
        const municipality = req.user!.municipality;
        const detail = `payloads: ${parsed.data.payloads.length}, municipality: ${municipality}${
          namespace && /^[A-Za-z0-9._-]{1,100}$/.test(namespace) ? `, namespace: ${namespace}` : ''
        }`;
        noteAccess(req, { personalData: false, detail });
        const { payloads: out, errors, refused } = await transcode(op, parsed.data.payloads, municipality);
        if (refused.length) {
          noteAccess(req, { detail: `${detail}; refused: ${refused.length} not of this municipality` });
          throw new ProblemError(
            403,
            'Not your municipality’s payloads',
            `${refused.length} payload(s) belong to no workflow of ${municipality}; nothing was decoded`,
            { errors: refused },
          );
        }
        noteAccess(req, { personalData: op === 'decode' });
        if (errors.length) {
          throw new ProblemError(400, 'Payloads could not be decoded', `${errors.length} payload(s) failed`, {
            errors,
          });
        }
        await reply(deps.audit, req, res, 200, { payloads: out });
      },
    );
  }

  // The dev stack's sign-in for the Web UI: a form to paste an admin token, and the cookie.
  registry.add(
    {
      method: 'get',
      path: '/codec/session',
      operationId: 'codecSessionPage',
      tag: 'Codec server',
      summary: 'Sign the browser in for the Web UI’s codec requests (a page with a form)',
      roles: 'public',
      responses: { 200: { description: 'An HTML form', contentType: 'text/html' } },
    },
    (_req, res) => {
      res.type('html').send(sessionPage());
    },
  );
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  router.post('/codec/session', form, express.json({ limit: '16kb' }));
  registry.add(
    {
      method: 'post',
      path: '/codec/session',
      operationId: 'codecSessionStart',
      tag: 'Codec server',
      summary: 'Exchange an admin token for the codec session cookie',
      description:
        'Form field or JSON member `token`. Sets an HttpOnly, SameSite=Strict cookie for `/codec`, valid until the token expires.',
      roles: 'public',
      audit: 'session',
      responses: {
        200: { description: 'Signed in; the page says how to point the Web UI at the codec' },
        303: { description: 'Signed out (with `signout=1`)' },
      },
      problems: [400, 401, 403],
    },
    async (req, res) => {
      const body = (req.body ?? {}) as { token?: unknown; signout?: unknown };
      if (body.signout !== undefined) {
        res.setHeader('Set-Cookie', cookieHeader('', 0, secure));
        return void res.redirect(303, '/codec/session');
      }
      if (typeof body.token !== 'string' || body.token.trim() === '') {
        throw new ProblemError(400, 'The request is not valid', 'paste a token', {
          errors: [{ path: 'token', message: 'required' }],
        });
      }
      const token = body.token.trim();
      try {
        req.user = await deps.verifyToken(token);
      } catch {
        throw new ProblemError(401, 'Invalid token', 'the token could not be verified (expired?)');
      }
      if (!req.user.roles.includes('admin')) {
        throw new ProblemError(403, 'Not allowed', 'only administrators may decode payloads');
      }
      req.role = 'admin';
      const maxAge = sessionSeconds(token);
      res.setHeader('Set-Cookie', cookieHeader(token, maxAge, secure));
      await recordAccess(deps.audit, req, 200);
      if (req.is('application/json')) {
        res.json({ signedIn: true, expiresIn: maxAge, uiOrigins: deps.uiOrigins });
      } else {
        res.type('html').send(signedInPage(req.user.id, maxAge, deps.uiOrigins, endpoint));
      }
    },
  );
}
