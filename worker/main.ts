/**
 * The worker process: connects to Temporal, registers the workflows and activities, and shuts
 * down cleanly on SIGINT/SIGTERM (the SDK drains running activities first).
 */
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { Municipalities } from '../platform/municipalities';
import { dataConverter } from '../platform/temporal';

async function main() {
  const config = loadConfig();
  const log = createLogger('worker', config.logLevel);
  const municipalities = Municipalities.load(config.municipalitiesDir);
  Runtime.install({
    telemetryOptions: {
      metrics: { prometheus: { bindAddress: `0.0.0.0:${config.workerMetricsPort}` } },
    },
  });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: require.resolve('../workflows'),
    dataConverter: dataConverter(config.codec),
    activities: createActivities({
      smtp: config.smtp,
      contactsFor: (m) => municipalities.require(m).contacts,
      caseLink: (id) => `${config.api.publicUrl}/referrals/${id}`,
    }),
  });
  log.info(
    {
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      metricsPort: config.workerMetricsPort,
    },
    'worker started',
  );
  await worker.run();
  await connection.close();
  log.info('worker stopped');
}

main().catch((err) => {
  // The message only: errors from payload handling could quote data.
  createLogger('worker').fatal({ error: err instanceof Error ? err.message : String(err) }, 'worker failed');
  process.exit(1);
});
