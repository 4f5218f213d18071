/**
 * Reads across cases: lists from Temporal visibility (search attributes only, no personal data),
 * and details through each case's query (decoded by the codec). Used by the API's lists and
 * reports and by the activities that build the weekly digest and the programme's figures.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { CaseView, Task } from '../domain/case';
import type { Stage } from '../domain/stages';
import type { Role } from '../domain/types';
import { getCaseQuery } from '../workflows/messages';
import {
  ExitReason,
  HasIncident,
  HousingStatus,
  HskOffice,
  Municipality,
  MovedInAt,
  NextDueAt,
  PathwayStage,
  ReferredAt,
} from '../workflows/search-attributes';

export interface CaseFilter {
  municipality?: string;
  office?: string;
  stage?: Stage;
  /** Only cases whose earliest task is past due. */
  overdue?: boolean;
  incident?: boolean;
  /** Include closed cases (default: running only). */
  includeClosed?: boolean;
  limit?: number;
}

export interface CaseSummary {
  caseId: string;
  municipality?: string;
  office?: string;
  stage?: string;
  nextDueAt?: string;
  overdue: boolean;
  hasIncident: boolean;
  referredAt?: string;
  movedInAt?: string;
  housingStatus?: string;
  exitReason?: string;
  status: string;
}

export interface TaskRow extends Task {
  caseId: string;
  municipality: string;
  office: string;
  stage: Stage;
  overdue: boolean;
}

/** Quotes a value for a visibility query; our values are IDs and enum words. */
function q(value: string): string {
  if (!/^[A-Za-z0-9_.:+-]*$/.test(value)) throw new Error(`unsafe value in a visibility query: ${value}`);
  return `"${value}"`;
}

export function visibilityQuery(filter: CaseFilter, now: Date = new Date()): string {
  const parts = ['WorkflowType = "caseWorkflow"'];
  if (!filter.includeClosed) parts.push('ExecutionStatus = "Running"');
  if (filter.municipality) parts.push(`${Municipality.name} = ${q(filter.municipality)}`);
  if (filter.office) parts.push(`${HskOffice.name} = ${q(filter.office)}`);
  if (filter.stage) parts.push(`${PathwayStage.name} = ${q(filter.stage)}`);
  if (filter.overdue) parts.push(`${NextDueAt.name} < ${q(now.toISOString())}`);
  if (filter.incident) parts.push(`${HasIncident.name} = true`);
  return parts.join(' AND ');
}

function summarise(wf: WorkflowExecutionInfo, now: Date): CaseSummary {
  const sa = wf.typedSearchAttributes;
  const nextDue = sa.get(NextDueAt);
  return {
    caseId: wf.workflowId,
    municipality: sa.get(Municipality),
    office: sa.get(HskOffice),
    stage: sa.get(PathwayStage),
    nextDueAt: nextDue?.toISOString(),
    overdue: !!nextDue && nextDue.getTime() < now.getTime() && wf.status.name === 'RUNNING',
    hasIncident: sa.get(HasIncident) ?? false,
    referredAt: sa.get(ReferredAt)?.toISOString(),
    movedInAt: sa.get(MovedInAt)?.toISOString(),
    housingStatus: sa.get(HousingStatus),
    exitReason: sa.get(ExitReason),
    status: wf.status.name,
  };
}

export class CaseDirectory {
  constructor(private readonly client: Client) {}

  async list(filter: CaseFilter = {}, now: Date = new Date()): Promise<CaseSummary[]> {
    const out: CaseSummary[] = [];
    const limit = filter.limit ?? 500;
    for await (const wf of this.client.workflow.list({ query: visibilityQuery(filter, now) })) {
      out.push(summarise(wf, now));
      if (out.length >= limit) break;
    }
    return out;
  }

  async view(caseId: string): Promise<CaseView> {
    return this.client.workflow.getHandle(caseId).query(getCaseQuery);
  }

  /** Open tasks across running cases, soonest due first. Queries each case with a due date. */
  async openTasks(filter: CaseFilter & { assignee?: Role } = {}, now: Date = new Date()): Promise<TaskRow[]> {
    const cases = await this.list({ ...filter, overdue: false, includeClosed: false }, now);
    const rows: TaskRow[] = [];
    await forEachLimited(
      cases.filter((c) => c.nextDueAt),
      8,
      async (c) => {
        const view = await this.view(c.caseId);
        for (const t of view.tasks) {
          if (filter.assignee && t.assignee !== filter.assignee) continue;
          const overdue = new Date(t.dueAt).getTime() < now.getTime();
          if (filter.overdue && !overdue) continue;
          rows.push({
            ...t,
            caseId: view.caseId,
            municipality: view.municipality,
            office: view.office,
            stage: view.stage,
            overdue,
          });
        }
      },
    );
    return rows.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.caseId.localeCompare(b.caseId));
  }
}

/** Runs `fn` over items with at most `limit` in flight (queries are cheap but not free). */
export async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(lanes);
}
