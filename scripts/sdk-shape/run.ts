/** Reproduction: signal, poll query until it shows the signal, then update at once; replay all. */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { quietBundle } from './bundle';
import { decideUpdate, getQuery, goSignal } from './workflows';

const ADDR = process.env.ADDR ?? '127.0.0.1:7299';
const N = Number(process.env.N ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 10);
const BURN = Number(process.env.BURN ?? 20_000_000);
const CACHE = process.env.CACHE ? Number(process.env.CACHE) : undefined;
const RACE = Number(process.env.RACE ?? 0);
const TQ = `shape-${Date.now()}`;

async function main() {
  const bundle = await quietBundle();
  const nc = await NativeConnection.connect({ address: ADDR });
  const worker = await Worker.create({
    connection: nc,
    taskQueue: TQ,
    workflowBundle: bundle,
    ...(CACHE !== undefined ? { maxCachedWorkflows: CACHE } : {}),
    ...(process.env.STICKY ? { stickyQueueScheduleToStartTimeout: process.env.STICKY as '1s' } : {}),
    ...(process.env.WFT ? { maxConcurrentWorkflowTaskExecutions: Number(process.env.WFT) } : {}),
  });
  const client = new Client({ connection: await Connection.connect({ address: ADDR }) });
  const ids: string[] = [];
  const stats = { queriesSeenSignal: 0, updateErrors: 0, queryErrors: 0, firstQueryError: '' };
  const queryFailed = (e: unknown) => {
    stats.queryErrors++;
    stats.firstQueryError ||= String((e as Error).message).slice(0, 300);
    return undefined;
  };
  await worker.runUntil(async () => {
    await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const id = `${TQ}-${i}`;
        ids.push(id);
        const h = await client.workflow.start('shape', {
          taskQueue: TQ,
          workflowId: id,
          args: [BURN, ROUNDS],
        });
        for (let r = 0; r < ROUNDS; r++) {
          // A query sent just BEFORE the signal is dispatched directly (no workflow task pending);
          // the signal lands while the query task waits for a poller.
          const early = RACE ? h.query(getQuery).catch(queryFailed) : undefined;
          if (RACE) await new Promise((r) => setTimeout(r, Math.random() * RACE));
          await h.signal(goSignal);
          let v = early ? await early : undefined;
          if (v && v.stage >= 2 * r + 1) stats.queriesSeenSignal++;
          while (!(v && v.stage >= 2 * r + 1)) v = await h.query(getQuery).catch(queryFailed);
          await h.executeUpdate(decideUpdate, { args: [r] }).catch(() => {
            stats.updateErrors++;
          });
        }
        await h.result();
      }),
    );
  });
  // Replay every history.
  let nde = 0;
  const bad: string[] = [];
  for (const id of ids) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    try {
      await Worker.runReplayHistory({ workflowBundle: bundle, replayName: id }, history);
    } catch (e) {
      nde++;
      bad.push(`${id}: ${(e as Error).message.slice(0, 200)}`);
    }
  }
  console.log(
    JSON.stringify(
      {
        TQ,
        N,
        ROUNDS,
        BURN,
        CACHE,
        RACE,
        STICKY: process.env.STICKY,
        GUARD: process.env.GUARD,
        nde,
        stats,
        bad: bad.slice(0, 5),
      },
      null,
      1,
    ),
  );
  await nc.close();
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
