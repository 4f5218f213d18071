import {
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { getActivator } from '@temporalio/workflow/lib/global-attributes';
import { SdkFlags } from '@temporalio/workflow/lib/flags';

export const goSignal = defineSignal('go');
export const getQuery = defineQuery<{ stage: number; log: string[] }>('get');
export const decideUpdate = defineUpdate<number, [number]>('decide');

function burn(n: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x * 31 + i) % 1000003;
  return x;
}

export async function shape(burnIters: number, rounds: number): Promise<string[]> {
  getActivator().hasFlag(SdkFlags.ProcessWorkflowActivationJobsAsSingleBatch);
  let stage = 0;
  let changed = false;
  const log: string[] = [];
  setHandler(goSignal, () => {
    stage++;
    changed = true;
    log.push(`sig stage=${stage} hl=${workflowInfo().historyLength} t=${new Date().toISOString()}`);
  });
  setHandler(getQuery, () => ({ stage, log }));
  setHandler(decideUpdate, (_n: number) => {
    stage++;
    changed = true;
    log.push(`upd stage=${stage} hl=${workflowInfo().historyLength} t=${new Date().toISOString()}`);
    return stage;
  });
  for (;;) {
    burn(burnIters);
    upsertSearchAttributes({ ShapeStage: [`s${stage}`] });
    if (stage >= rounds * 2) break;
    changed = false;
    await condition(() => changed, '30 days');
  }
  return log;
}
