/**
 * The baseline for benchmarks: "raw Temporal" — a workflow with the same message pattern as a
 * case (a query, an update that moves it on, a timer it waits on) but no domain logic, no search
 * attributes and no encryption.
 */
import { condition, defineQuery, defineUpdate, setHandler } from '@temporalio/workflow';

export const rawQuery = defineQuery<{ stage: string; events: number }>('getCase');
export const rawUpdate = defineUpdate<{ stage: string; events: number }, [unknown]>('review');

export async function rawWorkflow(_input: unknown): Promise<void> {
  let stage = 'first-review';
  let events = 0;
  setHandler(rawQuery, () => ({ stage, events }));
  setHandler(rawUpdate, () => {
    stage = 'mapping';
    events++;
    return { stage, events };
  });
  await condition(() => stage !== 'first-review', '14 days');
  await condition(() => false, '30 days');
}
