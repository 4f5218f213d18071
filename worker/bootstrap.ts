/**
 * Long-running workflows the service needs besides the cases, started (or kept current) every
 * time a worker starts: per municipality the places coordinator, told the profile's capacity,
 * and the programme workflow, told the profile's milestones. Signal-with-start makes this
 * idempotent: a running workflow just receives the current configuration.
 */
import type { Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { MunicipalityProfile } from '../domain/policy';
import { placesConfigureSignal, programmeConfigureSignal } from '../workflows/messages';
import type { placesWorkflow } from '../workflows/places';
import type { programmeWorkflow } from '../workflows/programme';

export interface BootstrapOptions {
  client: Client;
  taskQueue: string;
  profiles: MunicipalityProfile[];
  placesWorkflowId?(municipality: string): string;
  programmeWorkflowId?(municipality: string): string;
}

export async function bootstrapCoordinators(opts: BootstrapOptions): Promise<string[]> {
  const placesId = opts.placesWorkflowId ?? ((m: string) => `places-${m}`);
  const programmeId = opts.programmeWorkflowId ?? ((m: string) => `programme-${m}`);
  const started: string[] = [];
  for (const p of opts.profiles) {
    await opts.client.workflow.signalWithStart<typeof placesWorkflow, [{ capacity: number }]>(
      'placesWorkflow',
      {
        workflowId: placesId(p.id),
        taskQueue: opts.taskQueue,
        args: [{ municipality: p.id, capacity: p.places }],
        // Never an empty coordinator in place of one that ended holding the list (see
        // activities/coordination.ts).
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        signal: placesConfigureSignal,
        signalArgs: [{ capacity: p.places }],
      },
    );
    await opts.client.workflow.signalWithStart<
      typeof programmeWorkflow,
      [{ programme: MunicipalityProfile['programme'] }]
    >('programmeWorkflow', {
      workflowId: programmeId(p.id),
      taskQueue: opts.taskQueue,
      args: [
        {
          municipality: p.id,
          programme: p.programme,
          timing: { timezone: p.policy.timezone, workingHours: p.policy.workingHours },
        },
      ],
      signal: programmeConfigureSignal,
      signalArgs: [{ programme: p.programme }],
    });
    started.push(placesId(p.id), programmeId(p.id));
  }
  return started;
}
