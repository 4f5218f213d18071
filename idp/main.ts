/**
 * The development identity provider as its own process (`npm start` runs it). Development only:
 * it signs in anyone who picks a test user.
 */
import path from 'node:path';
import { ROOT } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createIdp } from './provider';

async function main() {
  const env = process.env;
  const log = createLogger('idp', env.LOG_LEVEL ?? 'info');
  if (env.NODE_ENV === 'production')
    throw new Error('the development identity provider never runs in production');
  const port = Number(env.IDP_PORT ?? 4020);
  const issuer = env.OIDC_ISSUER ?? `http://localhost:${port}`;
  const appUrl = (env.PUBLIC_URL ?? `http://localhost:${env.API_PORT ?? 3000}`).replace(/\/$/, '');
  const { app } = await createIdp({
    issuer,
    audience: env.AUTH_AUDIENCE ?? 'bolig-forst',
    client: {
      id: env.OIDC_CLIENT_ID ?? 'bolig-forst-web',
      secret: env.OIDC_CLIENT_SECRET ?? 'dev-web-secret',
      redirectUris: [`${appUrl}/auth/callback`],
      postLogoutRedirectUris: [`${appUrl}/app/`],
    },
    dataDir: env.BF_DATA_DIR ?? path.join(ROOT, '.data'),
    tokenTtlSeconds: env.IDP_TOKEN_TTL ? Number(env.IDP_TOKEN_TTL) : undefined,
    claimStyle: env.IDP_CLAIM_STYLE === 'foreign' ? 'foreign' : 'ours',
  });
  const server = app.listen(port, '127.0.0.1', () => log.info({ issuer }, 'identity provider listening'));
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
