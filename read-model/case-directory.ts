/**
 * Reads across cases: lists from Temporal visibility (search attributes only, no personal data),
 * and details through each case's query (decoded by the codec). Used by the API's lists and
 * reports and by the activities that build the weekly digest and the programme's figures.
 *
 * The read model sits above the workflows: it imports the domain's types and the case workflow's
 * public definitions (its query and search attributes) and nothing else of ours, so the API and
 * the worker may both use it without either importing the other.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { OutcomeFigures } from '../domain/programme';
import type { CaseView, Task } from '../domain/case';
import type { Stage } from '../domain/stages';
import type { Role } from '../domain/types';
import { nameTokens } from '../platform/person-index';
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
  PersonIndex,
  ReferredAt,
} from '../workflows/search-attributes';

/**
 * A case's view: from its query while it runs, and from the result it ended with once it has
 * completed (the same view, as the workflow's last act). A closed case is read without a worker
 * replaying its whole history, years of it, for one page.
 */
export async function readCase(client: Client, id: string): Promise<CaseView> {
  const handle = client.workflow.getHandle(id);
  const { status } = await handle.describe();
  if (status.name === 'COMPLETED') return (await handle.result()) as CaseView;
  return handle.query(getCaseQuery);
}

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

/** How each outcome figure is counted (shown with the report). */
export const OUTCOME_DEFINITIONS = {
  referred: 'cases referred (ReferredAt) within the period',
  housed: 'people who moved in (MovedInAt) within the period',
  inFollowUp:
    'people in follow-up at some time in the period: moved in before its end, case not ended before its start',
  exitsByReason: 'exits (avslutning) dated within the period, by reason',
  housingStability12m:
    'of those whose first move-in was 12 months before a day in the period, the share with no housing lost ' +
    'and no exit in those 12 months (deaths left out); null when there are none',
  medianDaysReferralToMoveIn: 'median days from referral to move-in of those housed within the period',
  notRelevant: 'cases the first review found not relevant on a day in the period',
  noPlace: 'cases the second review gave no place on a day in the period',
  withdrawn: 'cases stopped because the person withdrew consent on a day in the period',
  exitsByDestination: 'of the exits dated within the period with reason "transferred", where the person went',
  medianDaysInStage:
    'for each stage, the median days cases spent in it, over stays that ended within the period ' +
    '(cases referred before stage stays were kept count from then on)',
  mansa:
    'people whose latest MANSA evaluation lies in the period and who have a baseline (at mapping) or an earlier ' +
    'evaluation: their number and the median change of the mean score from the first (1–7; positive is better)',
  casesRead:
    'cases active in the period whose own records the stage, review, withdrawal and MANSA figures come from',
} as const;

const DAY_MS = 86_400_000;

function startOf(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** The day after `date`, so a period `to` date is included whole. */
function endOf(date: string): Date {
  return new Date(startOf(date).getTime() + DAY_MS);
}

function minusMonths(date: string, months: number): string {
  const d = startOf(date);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

function plusMonths(date: string, months: number): string {
  return minusMonths(date, -months);
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export class CaseDirectory {
  constructor(private readonly client: Client) {}

  /** Every case matching a raw visibility query, running or closed. */
  private async scan(query: string, now: Date): Promise<CaseSummary[]> {
    const out: CaseSummary[] = [];
    for await (const wf of this.client.workflow.list({ query })) out.push(summarise(wf, now));
    return out;
  }

  /** A closed case's view, or undefined when it cannot be read now (its figures then come from visibility). */
  private async tryView(caseId: string): Promise<CaseView | undefined> {
    try {
      return await this.view(caseId);
    } catch {
      return undefined;
    }
  }

  /**
   * The programme's outcome figures for a period (see OUTCOME_DEFINITIONS), for one municipality or
   * all. Counts come from visibility (search attributes); exit dates and housing histories, which
   * may have been reported after the fact, come from the cases themselves.
   */
  async outcomes(
    municipality: string | undefined,
    from: string,
    to: string,
    now: Date = new Date(),
  ): Promise<OutcomeFigures> {
    const scope = ['WorkflowType = "caseWorkflow"'];
    if (municipality) scope.push(`${Municipality.name} = ${q(municipality)}`);
    const where = (...parts: string[]) => [...scope, ...parts].join(' AND ');
    const start = q(startOf(from).toISOString());
    const end = q(endOf(to).toISOString());

    const [referred, housed, inFollowUp, exited, cohort, active] = await Promise.all([
      this.client.workflow.count(where(`${ReferredAt.name} >= ${start}`, `${ReferredAt.name} < ${end}`)),
      this.scan(where(`${MovedInAt.name} >= ${start}`, `${MovedInAt.name} < ${end}`), now),
      this.client.workflow.count(
        where(`${MovedInAt.name} < ${end}`, `(ExecutionStatus = "Running" OR CloseTime >= ${start})`),
      ),
      // An exit dated in the period was recorded on or after the period's start.
      this.scan(where(`${ExitReason.name} IS NOT NULL`, `CloseTime >= ${start}`), now),
      this.scan(
        where(
          `${MovedInAt.name} >= ${q(startOf(minusMonths(from, 12)).toISOString())}`,
          `${MovedInAt.name} < ${q(endOf(minusMonths(to, 12)).toISOString())}`,
        ),
        now,
      ),
      // Every case alive at some time in the period: its own record says what happened when.
      this.scan(
        where(`${ReferredAt.name} < ${end}`, `(ExecutionStatus = "Running" OR CloseTime >= ${start})`),
        now,
      ),
    ]);

    const exitsByReason: Record<string, number> = {};
    const exitsByDestination: Record<string, number> = {};
    await forEachLimited(exited, 8, async (c) => {
      const view = await this.tryView(c.caseId);
      const date = view?.exit?.date ?? (c.exitReason ? await this.closeDate(c.caseId) : undefined);
      const reason = view?.exit?.reason ?? c.exitReason;
      if (reason && date && date >= from && date <= to) {
        exitsByReason[reason] = (exitsByReason[reason] ?? 0) + 1;
        if (reason === 'transferred') {
          const where = view?.exit?.destination ?? 'unknown';
          exitsByDestination[where] = (exitsByDestination[where] ?? 0) + 1;
        }
      }
    });

    const periodStart = startOf(from).getTime();
    const periodEnd = endOf(to).getTime();
    const inPeriod = (instant: string) => {
      const t = Date.parse(instant);
      return t >= periodStart && t < periodEnd;
    };
    const stayDays: Record<string, number[]> = {};
    const mansaChanges: number[] = [];
    let notRelevant = 0;
    let noPlace = 0;
    let withdrawn = 0;
    let casesRead = 0;
    await forEachLimited(active, 8, async (c) => {
      const view = await this.tryView(c.caseId);
      if (!view) return;
      casesRead++;
      const stays = view.stageStays ?? [];
      const entered = (stage: Stage) =>
        stays.some((s) => s.stage === stage && inPeriod(s.since)) ||
        (view.stage === stage && !!view.stageSince && inPeriod(view.stageSince));
      if (entered('not-relevant')) notRelevant++;
      if (entered('no-place')) noPlace++;
      if (view.withdrawnAt && view.withdrawnAt >= from && view.withdrawnAt <= to) withdrawn++;
      for (const s of stays) {
        if (!inPeriod(s.until)) continue;
        (stayDays[s.stage] ??= []).push((Date.parse(s.until) - Date.parse(s.since)) / DAY_MS);
      }
      const scores = (view.followUp?.evaluations ?? []).filter((e) => e.mansaScore !== undefined);
      const latest = scores[scores.length - 1];
      const first = view.mansaBaseline ?? (scores.length >= 2 ? scores[0].mansaScore : undefined);
      if (latest && first !== undefined && latest.date >= from && latest.date <= to)
        mansaChanges.push(latest.mansaScore! - first);
    });
    const medianDaysInStage: Record<string, number> = {};
    for (const [stage, values] of Object.entries(stayDays))
      medianDaysInStage[stage] = Math.round(median(values)! * 10) / 10;
    const mansaMedian = median(mansaChanges);

    let stable = 0;
    let counted = 0;
    await forEachLimited(cohort, 8, async (c) => {
      const view = await this.tryView(c.caseId);
      const movedIn = view?.followUp?.startedAt ?? view?.housing.movedInAt ?? c.movedInAt?.slice(0, 10);
      if (!movedIn) return;
      const mark = plusMonths(movedIn, 12);
      const exit = view?.exit;
      if (exit && exit.reason === 'deceased' && exit.date <= mark) return;
      counted++;
      const lost = view
        ? (view.housing.housingLostAt ?? []).some((d) => d > movedIn && d <= mark)
        : c.housingStatus === 'lost';
      const left = exit ? exit.date <= mark : !!c.exitReason;
      if (!lost && !left) stable++;
    });

    const days = housed
      .filter((c) => c.referredAt && c.movedInAt)
      .map((c) => Math.max(0, Math.round((Date.parse(c.movedInAt!) - Date.parse(c.referredAt!)) / DAY_MS)));

    return {
      from,
      to,
      referred: referred.count,
      housed: housed.length,
      inFollowUp: inFollowUp.count,
      exitsByReason,
      housingStability12m: counted ? stable / counted : null,
      medianDaysReferralToMoveIn: median(days),
      notRelevant,
      noPlace,
      withdrawn,
      exitsByDestination,
      medianDaysInStage,
      mansa: {
        people: mansaChanges.length,
        medianChange: mansaMedian === null ? null : Math.round(mansaMedian * 100) / 100,
      },
      casesRead,
    };
  }

  private async closeDate(caseId: string): Promise<string | undefined> {
    const d = await this.client.workflow.getHandle(caseId).describe();
    return d.closeTime?.toISOString().slice(0, 10);
  }

  async list(filter: CaseFilter = {}, now: Date = new Date()): Promise<CaseSummary[]> {
    const out: CaseSummary[] = [];
    const limit = filter.limit ?? 500;
    for await (const wf of this.client.workflow.list({ query: visibilityQuery(filter, now) })) {
      out.push(summarise(wf, now));
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Case IDs (running or closed, newest first) whose person index holds every one of the hashes
   * (platform/person-index.ts), within a municipality and, when given, an office.
   */
  async findByIndex(
    hashes: string[],
    scope: { municipality: string; office?: string; limit: number },
  ): Promise<string[]> {
    const parts = [
      'WorkflowType = "caseWorkflow"',
      `${Municipality.name} = ${q(scope.municipality)}`,
      ...(scope.office ? [`${HskOffice.name} = ${q(scope.office)}`] : []),
      ...hashes.map((h) => `${PersonIndex.name} = ${q(h)}`),
    ];
    const ids: string[] = [];
    for await (const wf of this.client.workflow.list({ query: parts.join(' AND ') })) {
      ids.push(wf.workflowId);
      if (ids.length >= scope.limit) break;
    }
    return ids;
  }

  /**
   * Running cases whose follow-up worker (named at mapping) is this person, soonest due first.
   * Reads each mapped case's view: a Housing First team follows tens of people, not thousands.
   */
  async followedBy(name: string, municipality: string, now: Date = new Date()): Promise<CaseSummary[]> {
    const before = new Set(['first-review', 'not-relevant', 'mapping', 'no-place']);
    const mapped = (await this.list({ municipality, limit: 5000 }, now)).filter(
      (c) => c.stage && !before.has(c.stage),
    );
    const who = nameTokens(name).join(' ');
    const mine: CaseSummary[] = [];
    await forEachLimited(mapped, 8, async (c) => {
      const worker = (await this.view(c.caseId)).followUpWorker;
      if (worker && nameTokens(worker).join(' ') === who) mine.push(c);
    });
    return mine.sort(
      (a, b) => (a.nextDueAt ?? '9').localeCompare(b.nextDueAt ?? '9') || a.caseId.localeCompare(b.caseId),
    );
  }

  async view(caseId: string): Promise<CaseView> {
    return readCase(this.client, caseId);
  }

  /** The running cases in follow-up, as their own queries show them (follow-up intensity). */
  async followUpViews(filter: CaseFilter = {}, now: Date = new Date()): Promise<CaseView[]> {
    const cases = await this.list({ ...filter, stage: 'follow-up', includeClosed: false, limit: 5000 }, now);
    const views: CaseView[] = [];
    await forEachLimited(cases, 8, async (c) => {
      const view = await this.tryView(c.caseId);
      if (view) views.push(view);
    });
    return views.sort((a, b) => a.caseId.localeCompare(b.caseId));
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
