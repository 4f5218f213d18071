/**
 * The dev stack's sign-in for the Temporal Web UI's codec requests. The dev Web UI has no sign-on
 * of its own: an administrator opens `/codec/session`, pastes an admin token, and gets an
 * HttpOnly, SameSite=Strict cookie scoped to `/codec`; the Web UI's requests then carry it when
 * "Include cross-origin credentials" is on. A cookie counts only on requests from the Web UI's
 * origin (checked where the codec is mounted), so another page cannot use it.
 */

export const SESSION_COOKIE = 'bf_codec_session';
/** The longest a session lasts, whatever the token says. */
export const SESSION_MAX_SECONDS = 12 * 3600;

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** Seconds the cookie may live: until the (already verified) token expires, at most 12 h. */
export function sessionSeconds(token: string, nowMs: number = Date.now()): number {
  const exp = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}').exp as
    number | undefined;
  return Math.max(0, Math.min(SESSION_MAX_SECONDS, exp ? exp - Math.floor(nowMs / 1000) : 3600));
}

export function cookieHeader(value: string, maxAge: number, secure: boolean): string {
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

export function sessionPage(): string {
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

export function signedInPage(user: string, maxAge: number, uiOrigins: string[], endpoint: string): string {
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
