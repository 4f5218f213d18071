/**
 * After the count: can a fresh worker replay every case? A case whose history the workflow code
 * cannot replay still answers while some worker holds it in its cache, so the count above cannot
 * see it; the next worker to pick it up fails its task until the doctor (worker/doctor.ts) sets it
 * back. The full run of 2026-12-02 13:14 UTC found 20 such cases among 200 that all answered in the
 * right stage.
 * Every execution that was not terminated (the doctor terminates the run it replaces) is
 * replayed on the run's own workflow bundle, with the run's own keys.
 */
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { CodecKeys } from '../../platform/codec';
import { dataConverter } from '../../platform/temporal';

export interface ReplayCheck {
  replayed: number;
  /** `<workflow ID>: <the first line of the failure>` for every run that does not replay. */
  failed: string[];
}

export async function replayEveryCase(opts: {
  address: string;
  namespace: string;
  bundlePath: string;
  keys: CodecKeys;
}): Promise<ReplayCheck> {
  const connection = await Connection.connect({ address: opts.address });
  try {
    const converter = dataConverter(opts.keys);
    const client = new Client({ connection, namespace: opts.namespace, dataConverter: converter });
    const histories = client.workflow
      .list({ query: "WorkflowType = 'caseWorkflow' AND ExecutionStatus != 'Terminated'" })
      .intoHistories();
    const failed: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(
      {
        workflowBundle: { codePath: opts.bundlePath },
        dataConverter: converter,
        // The worker's sink for failed tasks is never called during replay; named so the bundle finds it.
        sinks: { taskProblems: { failed: { fn: () => undefined, callDuringReplay: false } } },
      },
      histories,
    )) {
      replayed++;
      if (result.error) failed.push(`${result.workflowId}: ${firstLine(result.error)}`);
    }
    return { replayed, failed };
  } finally {
    await connection.close();
  }
}

function firstLine(err: Error): string {
  const m = /Nondeterminism error: ([^"]*)/.exec(err.message);
  return (m ? m[1] : err.message).split('\n')[0].slice(0, 200);
}
