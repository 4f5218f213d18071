/** The reproduction's quiet runtime and its workflow bundle, shared by run.ts and replay.ts. */
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';

export async function quietBundle() {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
  return bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'workflows.ts'),
    // GUARD=1: with the guard every bundle of the service carries (workflows/stale-activations.ts).
    ...(process.env.GUARD
      ? { workflowInterceptorModules: [require.resolve('../../workflows/stale-activations')] }
      : {}),
    logger: new DefaultLogger('ERROR'),
  });
}
