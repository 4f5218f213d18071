/**
 * For bench/heap-profile.ts only: a workflow that loads every module of the case workflow's
 * bundle (workflows/index.ts) and then waits, holding no case. Its heap per cached workflow is
 * what the bundle's modules cost each workflow; the case's own state is the rest.
 */
import { condition } from '@temporalio/workflow';
export * from '../workflows';

export async function idleWorkflow(): Promise<void> {
  await condition(() => false);
}
