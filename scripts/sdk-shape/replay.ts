import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { quietBundle } from './bundle';
async function main() {
  const bundle = await quietBundle();
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
