/**
 * The worker process: connects to Temporal, registers the workflows and activities, makes sure
 * the weekly digest schedules exist, and shuts down cleanly on SIGINT/SIGTERM (the SDK drains
 * running activities first).
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { createActivities } from '../activities';
import { CaseDirectory } from '../read-model/case-directory';
import { loadConfig } from '../platform/config';
import { createLogger, temporalLogger } from '../platform/logger';
import { Municipalities } from '../platform/municipalities';
import { dataConverter, WORKFLOW_BUNDLER_OPTIONS, WORKFLOW_INTERCEPTOR_MODULES } from '../platform/temporal';
import { taskProblemSinks } from './task-problems';
import { startDoctor } from './doctor';
import { bootstrapCoordinators } from './bootstrap';
import { ensureDigestSchedules } from './schedules';
import { CaseWorkers } from './workers';

async function main() {
  const config = loadConfig();
  const log = createLogger('worker', config.logLevel);
  const municipalities = Municipalities.load(config.municipalitiesDir);
  Runtime.install({
    logger: temporalLogger(createLogger('temporal-sdk', config.logLevel)),
    telemetryOptions: {
      logging: { forward: {}, filter: { core: 'WARN', other: 'WARN' } },
      metrics: { prometheus: { bindAddress: `${config.listenHost}:${config.workerMetricsPort}` } },
    },
  });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  // A client of its own for the case directory (digest, figures), the schedules, the places
  // coordination activities and the bootstrap of coordinators and programmes.
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({
    connection: clientConnection,
    namespace: config.temporal.namespace,
    dataConverter: dataConverter(config.codec),
  });
  // The case worker and its mail worker (worker/workers.ts).
  const workers = await CaseWorkers.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    // A bundle built beforehand (BF_WORKFLOW_BUNDLE) starts the worker in a second instead of the
    // seconds webpack takes: the chaos run restarts the worker a hundred times.
    ...(process.env.BF_WORKFLOW_BUNDLE
      ? { workflowBundle: { codePath: process.env.BF_WORKFLOW_BUNDLE } }
      : {
          workflowsPath: require.resolve('../workflows'),
          interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES },
          bundlerOptions: WORKFLOW_BUNDLER_OPTIONS,
        }),
    dataConverter: dataConverter(config.codec),
    // The sticky cache (SDK default: about 600 cases per GiB of heap). Each cached case costs
    // heap (docs/heap-per-case.md); a bound set here keeps the worker's memory flat.
    ...(process.env.WORKER_MAX_CACHED_WORKFLOWS
      ? { maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS) }
      : {}),
    // A workflow task that keeps failing: a metric, and one email to the administrator per streak.
    sinks: taskProblemSinks({
      client,
      taskQueue: config.temporal.taskQueue,
      meter: Runtime.instance().metricMeter,
      log,
      serves: (m) => municipalities.get(m) !== undefined,
    }),
    activities: createActivities({
      smtp: config.smtp,
      // A message the SMTP server accepted is not sent again by a retry after a crash.
      sentMailJournal: path.join(config.dataDir, 'sent-mail.log'),
      systems: config.systems,
      profile: (m) => municipalities.require(m),
      // "Åpne saken" opens the case page of the web app (through sign-in when needed).
      caseLink: (id) => `${config.api.publicUrl}/app/saker/${encodeURIComponent(id)}`,
      directory: new CaseDirectory(client),
      client,
      taskQueue: config.temporal.taskQueue,
      personIndexKey: config.personIndexSecret,
    }),
  });
  const schedules = await ensureDigestSchedules(client, municipalities.all(), config.temporal.taskQueue);
  const coordinators = await bootstrapCoordinators({
    client,
    taskQueue: config.temporal.taskQueue,
    profiles: municipalities.all(),
  });
  log.info({ coordinators }, 'coordinators and programmes running');
  log.info(
    {
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      metricsPort: config.workerMetricsPort,
      schedulesCreated: schedules.created,
      schedulesUpdated: schedules.updated,
    },
    'worker started',
  );
  // Cases stuck on the SDK's cold-start nondeterminism are set back and run again (worker/doctor.ts).
  const doctor =
    config.doctorIntervalSeconds > 0
      ? startDoctor({
          client,
          meter: Runtime.instance().metricMeter,
          log,
          intervalMs: config.doctorIntervalSeconds * 1000,
        })
      : undefined;
  await workers.run();
  doctor?.stop();
  await connection.close();
  await clientConnection.close();
  log.info('worker stopped');
}

main().catch((err) => {
  // The message only: errors from payload handling could quote data.
  createLogger('worker').fatal({ error: err instanceof Error ? err.message : String(err) }, 'worker failed');
  process.exit(1);
});
