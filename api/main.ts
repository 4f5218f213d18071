/** The API process. Stops accepting on SIGINT/SIGTERM, finishes requests in flight, then exits. */
import { Client, Connection } from '@temporalio/client';
import { DEV_JWT_SECRET_FILE, devSecret } from '../platform/dev-secrets';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { Municipalities } from '../platform/municipalities';
import { dataConverter } from '../platform/temporal';
import { createApp } from './app';
import { createVerifier } from './auth';
import { housingDirectory } from './housing';
import { DEV_TOKEN_ISSUER } from '../platform/dev-tokens';
import { openStores } from './store';

/**
 * The Web UI origins allowed to call the codec from a browser. On the dev stack the UI answers on
 * both localhost and 127.0.0.1, so both are allowed; production allows exactly the configured one.
 */
export function uiOrigins(uiUrl: string, production: boolean): string[] {
  const url = new URL(uiUrl);
  const origins = [url.origin];
  if (!production && (url.hostname === 'localhost' || url.hostname === '127.0.0.1')) {
    const twin = new URL(url.origin);
    twin.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    origins.push(twin.origin);
  }
  return origins;
}

async function main() {
  const config = loadConfig();
  const log = createLogger('api', config.logLevel);
  const municipalities = Municipalities.load(config.municipalitiesDir);
  const stores = await openStores({ dataDir: config.dataDir, databaseUrl: config.auditDatabaseUrl });
  // Lazy: the API starts (and answers 503 with Retry-After) while Temporal is away, instead of
  // failing to start and leaving callers with refused connections.
  const connection = Connection.lazy({ address: config.temporal.address });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: dataConverter(config.codec),
  });
  // Development keeps `npm run token` working next to the local identity provider.
  const jwtSecret = config.production ? undefined : devSecret(config.dataDir, DEV_JWT_SECRET_FILE);
  const app = createApp({
    client,
    taskQueue: config.temporal.taskQueue,
    municipalities,
    verifyToken: createVerifier({
      ...config.auth,
      devSecret: jwtSecret,
      devIssuer: DEV_TOKEN_ISSUER,
      municipalities,
    }),
    idempotencySecret: config.idempotencySecret,
    personIndexKey: config.personIndexSecret,
    log,
    publicUrl: config.api.publicUrl,
    trustedProxies: config.api.trustedProxies,
    stores,
    housing: housingDirectory({ url: config.systems.housingUrl }),
    codecKeys: config.codec,
    uiOrigins: uiOrigins(config.temporal.uiUrl, config.production),
    session: config.oidc && {
      issuer: config.oidc.issuer,
      clientId: config.oidc.clientId,
      clientSecret: config.oidc.clientSecret,
      scopes: config.oidc.scopes,
      resource: config.oidc.resource,
      publicUrl: config.api.publicUrl,
      secret: config.oidc.sessionSecret,
    },
    webDir: config.webDir,
  });
  const server = app.listen(config.api.port, config.api.host, (err?: Error) => {
    // Express 5 hands a failed listen (the port taken) to this callback; without this the process
    // had nothing left to do and exited 0, as if stopped on purpose.
    if (err) {
      log.fatal({ port: config.api.port, error: err.message }, 'api could not listen');
      process.exit(1);
    }
    log.info(
      {
        port: config.api.port,
        auditStore: stores.kind,
        codecKeys: [...config.codec.keys.keys()],
        activeKey: config.codec.activeKeyId,
      },
      'api listening',
    );
  });
  const stop = (signal: string) => {
    log.info({ signal }, 'api stopping');
    server.close(() => {
      void Promise.allSettled([connection.close(), stores.close()]).finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((err) => {
    createLogger('api').fatal({ error: err instanceof Error ? err.message : String(err) }, 'api failed');
    process.exit(1);
  });
}
