/**
 * A local OpenID Connect provider for development and the browser tests, built on panva's
 * `oidc-provider`: authorization code flow with PKCE (S256, required), a confidential client for
 * the API's backend-for-frontend, JWT access tokens for the API's audience signed with a key the
 * API fetches from the provider's JWKS (the path production uses), and RP-initiated logout.
 * Its sign-in page lists the test users (idp/users.ts); pick one, no password.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider' with { 'resolution-mode': 'import' };
import { foreignClaims } from './foreign';
import { IDP_TEXTS as T } from './texts';
import { TEST_USERS, testUser, type TestUser } from './users';

export interface IdpOptions {
  /** The provider's public URL, e.g. http://localhost:4020 (tokens' `iss`). */
  issuer: string;
  /** The audience of the access tokens (the API's AUTH_AUDIENCE). */
  audience: string;
  client: { id: string; secret: string; redirectUris: string[]; postLogoutRedirectUris: string[] };
  /** Where the signing key and cookie secret are kept, so a restart keeps sessions valid. */
  dataDir: string;
  /** Lifetime of access and ID tokens, seconds (at most 12 hours). */
  tokenTtlSeconds?: number;
  /** `foreign`: tokens carry a provider's own claims instead of ours (idp/foreign.ts). */
  claimStyle?: 'ours' | 'foreign';
}

/** The resource (RFC 8707) the app's access tokens are for; its audience is `opts.audience`. */
export const API_RESOURCE = 'urn:bolig-forst:api';
export const API_SCOPE = 'bolig';
const TWELVE_HOURS = 12 * 3600;

interface IdpSecrets {
  jwk: JWK;
  cookieKey: string;
}

async function secrets(dataDir: string): Promise<IdpSecrets> {
  const file = path.join(dataDir, 'dev-idp-keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as IdpSecrets;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = {
    ...(await exportJWK(privateKey)),
    kid: `dev-${Date.now().toString(36)}`,
    alg: 'RS256',
    use: 'sig',
  };
  const created = { jwk, cookieKey: crypto.randomUUID() + crypto.randomUUID() };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>
body{font-family:system-ui,sans-serif;margin:0;padding:1rem;color:#1e2b3c;background:#fff;line-height:1.5}
main{max-width:60rem;margin:0 auto}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #c4c9d0}
button{font:inherit;padding:.4rem .8rem;border:2px solid #0062ba;background:#0062ba;color:#fff;border-radius:4px;cursor:pointer}
button:focus-visible{outline:3px solid #1e2b3c;outline-offset:2px}
</style></head><body><main>${body}</main></body></html>`;
}

function municipalityName(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

function loginPage(uid: string): string {
  const rows = TEST_USERS.map(
    (u: TestUser) => `<tr><td>${escapeHtml(u.name)}</td><td>${u.roles.map((r) => T.roles[r]).join(', ')}</td>
<td>${escapeHtml(u.office ?? '–')}</td><td>${escapeHtml(municipalityName(u.municipality))}</td>
<td><form method="post" action="/interaction/${uid}/login"><input type="hidden" name="user" value="${escapeHtml(u.id)}">
<button type="submit" aria-label="${escapeHtml(T.signInAs(u.name))}">${escapeHtml(T.signInAs(u.name.split(' ')[0]))}</button></form></td></tr>`,
  ).join('');
  return page(
    T.title,
    `<h1>${T.heading}</h1><p>${T.lead}</p><table><thead><tr><th scope="col">${T.name}</th><th scope="col">${T.role}</th>
<th scope="col">${T.office}</th><th scope="col">${T.municipality}</th><th scope="col"><span style="position:absolute;left:-9999px">${T.signInAs('')}</span></th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export async function createIdp(opts: IdpOptions) {
  const { default: Provider, errors } = await import('oidc-provider');
  const { jwk, cookieKey } = await secrets(opts.dataDir);
  const ttl = Math.min(opts.tokenTtlSeconds ?? 8 * 3600, TWELVE_HOURS);
  const claimsOf = (u: TestUser) =>
    opts.claimStyle === 'foreign'
      ? foreignClaims(u)
      : {
          name: u.name,
          roles: u.roles,
          municipality: u.municipality,
          ...(u.office ? { office: u.office } : {}),
        };

  const provider = new Provider(opts.issuer, {
    clients: [
      {
        client_id: opts.client.id,
        client_secret: opts.client.secret,
        redirect_uris: opts.client.redirectUris,
        post_logout_redirect_uris: opts.client.postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    jwks: { keys: [jwk] },
    cookies: { keys: [cookieKey] },
    scopes: ['openid', 'profile', API_SCOPE],
    claims: { openid: ['sub'], profile: ['name'], [API_SCOPE]: ['roles', 'municipality', 'office'] },
    conformIdTokenClaims: false,
    ttl: {
      AccessToken: ttl,
      IdToken: ttl,
      Session: ttl,
      Grant: ttl,
      Interaction: 3600,
      AuthorizationCode: 60,
    },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      const user = testUser(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...claimsOf(user) }) };
    },
    // The app is first-party: the person never sees a consent screen for it.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const oidc = ctx.oidc;
      const existing = oidc.session?.grantIdFor(oidc.client!.clientId);
      if (existing) {
        const found = await oidc.provider.Grant.find(existing);
        if (found) return found;
      }
      const grant = new oidc.provider.Grant({
        clientId: oidc.client!.clientId,
        accountId: oidc.session!.accountId,
      });
      grant.addOIDCScope(`openid profile ${API_SCOPE}`);
      grant.addOIDCClaims(['name', 'roles', 'municipality', 'office']);
      grant.addResourceScope(API_RESOURCE, API_SCOPE);
      await grant.save();
      return grant;
    },
    async extraTokenClaims(_ctx: KoaContextWithOIDC, token: { kind: string; accountId?: string }) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const user = testUser(token.accountId);
      return user ? claimsOf(user) : undefined;
    },
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: KoaContextWithOIDC, resource: string) => {
          if (resource !== API_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPE,
            audience: opts.audience,
            accessTokenTTL: ttl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        // Sign-out needs no second question in development: the form submits itself.
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html';
          ctx.body = page(
            T.signOutTitle,
            `<h1>${T.signOutTitle}</h1>${form.replace('</form>', `<input type="hidden" name="logout" value="yes"><button type="submit">${T.signOutButton}</button></form>`)}
<script nonce="x">document.getElementById('op.logoutForm').submit()</script>`,
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html';
          ctx.body = page(T.signedOut, `<h1>${T.signedOut}</h1>`);
        },
      },
    },
    async renderError(ctx: KoaContextWithOIDC, out: object) {
      ctx.type = 'html';
      ctx.body = page(T.error, `<h1>${T.error}</h1><pre>${escapeHtml(JSON.stringify(out, null, 2))}</pre>`);
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.get('/interaction/:uid', async (req: Request, res: Response, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      res.type('html').send(loginPage(details.uid));
    } catch (err) {
      next(err);
    }
  });
  app.post('/interaction/:uid/login', express.urlencoded({ extended: false }), async (req, res, next) => {
    try {
      const user = testUser(String(req.body?.user ?? ''));
      if (!user) {
        res
          .status(400)
          .type('html')
          .send(page(T.error, `<h1>${T.error}</h1>`));
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.id } },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      next(err);
    }
  });
  app.use(provider.callback());
  return { app, provider };
}
