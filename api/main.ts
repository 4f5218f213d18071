/** The API process. Stops accepting on SIGINT/SIGTERM, finishes requests in flight, then exits. */
import { Client, Connection } from '@temporalio/client';
import { DEV_JWT_SECRET_FILE, devSecret } from '../platform/dev-secrets';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { Municipalities } from '../platform/municipalities';
import { dataConverter } from '../platform/temporal';
import { createApp } from './app';
import { createVerifier } from './auth';

async function main() {
  const config = loadConfig();
  const log = createLogger('api', config.logLevel);
  const municipalities = Municipalities.load(config.municipalitiesDir);
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: dataConverter(config.codec),
  });
  const jwtSecret = config.auth.jwksUrl ? undefined : devSecret(config.dataDir, DEV_JWT_SECRET_FILE);
  const app = createApp({
    client,
    taskQueue: config.temporal.taskQueue,
    municipalities,
    verifyToken: createVerifier({ ...config.auth, devSecret: jwtSecret }),
    idempotencySecret: devSecret(config.dataDir, 'idempotency-secret'),
    log,
    publicUrl: config.api.publicUrl,
  });
  const server = app.listen(config.api.port, config.api.host, () => {
    log.info({ port: config.api.port }, 'api listening');
  });
  const stop = (signal: string) => {
    log.info({ signal }, 'api stopping');
    server.close(() => {
      void connection.close().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  createLogger('api').fatal({ error: err instanceof Error ? err.message : String(err) }, 'api failed');
  process.exit(1);
});
