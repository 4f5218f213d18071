/**
 * The programme around the cases: per municipality a start date and milestones (first
 * evaluation after 12 months of operation, midway report, end of the project period, a yearly
 * fidelity self-assessment), each reminding the project group with the outcome figures for the
 * period. Pure: the programme workflow waits for `nextOccurrence` and sends it.
 */
import { localDate } from './calendar';
import { after, anchorOf } from './deadlines';
import type { MunicipalityProfile, PolicySnapshot } from './policy';
import type { IsoDate, IsoTimestamp } from './types';

export type Programme = MunicipalityProfile['programme'];
type Timing = Pick<PolicySnapshot, 'timezone' | 'workingHours'>;

export interface ProgrammeInput {
  municipality: string;
  programme: Programme;
  timing: Timing;
}

export interface MilestoneOccurrence {
  /** Unique within the programme: `<milestone id>:<n>` (n counts repeats from 1). */
  key: string;
  id: string;
  title: string;
  n: number;
  dueAt: Date;
  /** The period the outcome figures cover. */
  from: IsoDate;
  to: IsoDate;
}

export interface ProgrammeIncident {
  id: string;
  occurrence: string;
  operation: string;
  message: string;
  openedAt: IsoTimestamp;
  status: 'open' | 'retrying' | 'resolved';
  attempts: number;
  resolvedAt?: IsoTimestamp;
  /** Closed without a retry because the programme changed (bokmål, for staff). */
  moot?: string;
}

export interface ProgrammeState {
  /** When the service first ran this programme: milestones due before then are not sent. */
  since: IsoTimestamp;
  done: string[];
  incidents: ProgrammeIncident[];
  seq: number;
}

export interface ProgrammeView {
  municipality: string;
  startDate: IsoDate;
  since: IsoTimestamp;
  done: string[];
  next?: { key: string; title: string; dueAt: IsoTimestamp };
  incidents: ProgrammeIncident[];
}

const MAX_REPEATS = 200;

function occurrence(programme: Programme, timing: Timing, index: number, n: number): MilestoneOccurrence {
  const m = programme.milestones[index];
  const start = anchorOf(programme.startDate, new Date(0), timing);
  const months = (k: number) => m.afterMonths + (k - 1) * (m.repeatEveryMonths ?? 0);
  const dueAt = after(timing, start, `${months(n)} months`);
  const from =
    n === 1
      ? programme.startDate
      : localDate(after(timing, start, `${months(n - 1)} months`), timing.timezone);
  return {
    key: `${m.id}:${n}`,
    id: m.id,
    title: m.title,
    n,
    dueAt,
    from,
    to: localDate(dueAt, timing.timezone),
  };
}

/**
 * The earliest milestone not yet done and due at or after `since` (earlier ones happened before
 * the service ran the programme). Repeating milestones go on for as long as the programme runs.
 */
export function nextOccurrence(
  programme: Programme,
  timing: Timing,
  done: readonly string[],
  since: Date,
): MilestoneOccurrence | undefined {
  let best: MilestoneOccurrence | undefined;
  programme.milestones.forEach((m, index) => {
    const repeats = m.repeatEveryMonths ? MAX_REPEATS : 1;
    for (let n = 1; n <= repeats; n++) {
      const o = occurrence(programme, timing, index, n);
      if (o.dueAt.getTime() < since.getTime() || done.includes(o.key)) continue;
      if (!best || o.dueAt.getTime() < best.dueAt.getTime()) best = o;
      break;
    }
  });
  return best;
}

/** The programme's outcome figures for a period (definitions: read-model/case-directory.ts). */
export interface OutcomeFigures {
  from: IsoDate;
  to: IsoDate;
  referred: number;
  housed: number;
  inFollowUp: number;
  exitsByReason: Record<string, number>;
  /** Share of those housed 12+ months ago who still have housing, or null when none. */
  housingStability12m: number | null;
  medianDaysReferralToMoveIn: number | null;
  /** Cases found not relevant, given no place, or stopped by a consent withdrawal in the period. */
  notRelevant?: number;
  noPlace?: number;
  withdrawn?: number;
  /** Where those transferred in the period went (exit reason `transferred`). */
  exitsByDestination?: Record<string, number>;
  /** Median days a case spent in each stage, over stays that ended in the period. */
  medianDaysInStage?: Record<string, number>;
  /** MANSA (mean score, 1–7): change from a person's first to latest evaluation, latest in the period. */
  mansa?: { people: number; medianChange: number | null };
  /** How many cases' own records the figures above were read from. */
  casesRead?: number;
}

/** The outcome figures as the non-personal facts of a notification. */
export function figureFacts(figures: OutcomeFigures): Record<string, string | number> {
  const facts: Record<string, string | number> = {
    from: figures.from,
    to: figures.to,
    referred: figures.referred,
    housed: figures.housed,
    inFollowUp: figures.inFollowUp,
    housingStability12m: figures.housingStability12m ?? 'n/a',
    medianDaysReferralToMoveIn: figures.medianDaysReferralToMoveIn ?? 'n/a',
  };
  for (const [reason, count] of Object.entries(figures.exitsByReason)) facts[`exits.${reason}`] = count;
  return facts;
}
