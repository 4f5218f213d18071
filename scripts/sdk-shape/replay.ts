import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Worker, bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
async function main() {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'workflows.ts'),
    logger: new DefaultLogger('ERROR'),
  });
  const client = new Client({ connection: await Connection.connect({ address: '127.0.0.1:7299' }) });
  const [tq, n] = [process.argv[2], Number(process.argv[3])];
  let nde = 0;
  for (let i = 0; i < n; i++) {
    const id = `${tq}-${i}`;
    const history = await client.workflow.getHandle(id).fetchHistory();
    try {
      await Worker.runReplayHistory({ workflowBundle: bundle, replayName: id }, history);
    } catch (e) {
      nde++;
      console.log(id, String((e as Error).message).slice(0, 300));
    }
  }
  console.log({ tq, n, nde });
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
