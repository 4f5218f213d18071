/**
 * The codec server for the Temporal Web UI and CLI: `POST /codec/decode` and `/codec/encode` in
 * Temporal's codec-server JSON format (`{"payloads":[{"metadata":{…base64},"data":"base64"}]}`),
 * with the same keys as the API and the worker. Only administrators may use it.
 *
 * How callers prove who they are:
 * - **Bearer token** (`Authorization: Bearer <admin JWT>`): the CLI (`--codec-auth`), and a Web UI
 *   with single sign-on configured to pass its access token (`TEMPORAL_CODEC_PASS_ACCESS_TOKEN`;
 *   the UI sends it only to an https endpoint).
 * - **Session cookie**, for the dev stack's Web UI, which has no sign-on of its own: an
 *   administrator opens `/codec/session`, pastes an admin token, and gets an HttpOnly,
 *   SameSite=Strict cookie scoped to `/codec`; in the Web UI's Codec Server settings they turn on
 *   "Include cross-origin credentials", and the UI's requests then carry the cookie. A cookie is
 *   accepted only on requests whose Origin is the configured Web UI, so another page cannot use it.
 *
 * CORS answers only the Web UI's origin(s), with credentials allowed. Anyone else — no token, no
 * cookie, another origin — is refused, and every decode is in the access log.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import { ENCODING, EncryptionCodec, type CodecKeys } from '../../platform/codec';
import { recordAccess, reply, noteAccess } from '../audit';
import { bearerToken, type Verifier } from '../auth';
import { ProblemError, validationProblem } from '../problem';
import type { JsonSchema, RouteRegistry } from '../registry';
import type { AuditLog } from '../store';

export const SESSION_COOKIE = 'bf_codec_session';
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

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'expected base64');
const payloadJson = z.looseObject({
  metadata: z.record(z.string(), base64).optional(),
  data: base64.optional(),
});
const codecBody = z.looseObject({ payloads: z.array(payloadJson).max(10_000) });
type PayloadJson = z.infer<typeof payloadJson>;

export const codecPayloadsSchema: JsonSchema = {
  type: 'object',
  required: ['payloads'],
  properties: {
    payloads: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string', contentEncoding: 'base64' } },
          data: { type: 'string', contentEncoding: 'base64' },
        },
      },
    },
  },
};

function fromJson(p: PayloadJson): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]),
    ),
    data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
  };
}

function toJson(p: Payload): PayloadJson {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [
        k,
        Buffer.from(v ?? new Uint8Array()).toString('base64'),
      ]),
    ),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}

function isEncrypted(p: Payload): boolean {
  const encoding = p.metadata?.encoding;
  return !!encoding && Buffer.from(encoding).toString() === ENCODING;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

const ALLOWED_HEADERS = 'Content-Type, X-Namespace, Authorization, Authorization-Extras';

export function codecRoutes(registry: RouteRegistry, router: Router, deps: CodecDeps) {
  const codec = new EncryptionCodec(deps.keys);
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
        noteAccess(req, {
          personalData: op === 'decode',
          detail: `payloads: ${parsed.data.payloads.length}${
            namespace && /^[A-Za-z0-9._-]{1,100}$/.test(namespace) ? `, namespace: ${namespace}` : ''
          }`,
        });
        const out: PayloadJson[] = [];
        const errors: { path: string; message: string }[] = [];
        for (const [i, item] of parsed.data.payloads.entries()) {
          try {
            const payload = fromJson(item);
            if (op === 'decode' && !isEncrypted(payload)) {
              out.push(item); // not ours to decode: back exactly as sent
            } else {
              const [result] = await (op === 'decode' ? codec.decode([payload]) : codec.encode([payload]));
              out.push(toJson(result));
            }
          } catch (err) {
            errors.push({
              path: `payloads.${i}`,
              message: err instanceof Error ? err.message : 'cannot be decoded',
            });
          }
        }
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
      const exp = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}').exp as
        number | undefined;
      const maxAge = Math.max(0, Math.min(12 * 3600, exp ? exp - Math.floor(Date.now() / 1000) : 3600));
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

function cookieHeader(value: string, maxAge: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/codec',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAge}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:3rem auto;line-height:1.5}
textarea{width:100%;height:8rem}code{background:#eee;padding:0 .2rem}</style></head>
<body><h1>${title}</h1>${body}</body></html>`;

function sessionPage(): string {
  return page(
    'Bolig først — codec sign-in',
    `<p>Administrators read decrypted payloads in the Temporal Web UI through this API's codec.
Paste an admin token (<code>npm run --silent token -- --role admin</code>) to sign this browser in.</p>
<form method="post" action="/codec/session"><textarea name="token" required></textarea>
<p><button type="submit">Sign in</button></p></form>
<form method="post" action="/codec/session"><input type="hidden" name="signout" value="1">
<button type="submit">Sign out</button></form>`,
  );
}

function signedInPage(user: string, maxAge: number, uiOrigins: string[], endpoint: string): string {
  const ui = uiOrigins[0] ?? 'the Web UI';
  return page(
    'Signed in for the codec',
    `<p>This browser may now decode payloads as <code>${escape(user)}</code> for ${Math.round(maxAge / 60)} minutes.</p>
<p>In the Web UI (<a href="${escape(ui)}">${escape(ui)}</a>, open it as <em>localhost</em>): open the
<strong>Codec Server</strong> settings (the data-encoder icon in the navigation), choose
<em>Use my browser setting</em>, enter the endpoint <code>${escape(endpoint)}</code>, tick
<strong>Include cross-origin credentials</strong> and apply. Then reload the workflow page.</p>`,
  );
}
