/**
 * Programme outcome figures for a period, for the milestone emails. A minimal version computed
 * from the cases' search attributes through the case directory (no personal data is read). The
 * API's reports (`GET /reports/outcomes`) own the full definition; when the case directory gains
 * its own outcome figures, this activity should call them instead (see the report on issue 4).
 */
import type { CaseFilter, CaseSummary } from '../platform/case-directory';
import type { IsoDate } from '../domain/types';
import type { OutcomeFigures } from './types';

export interface CaseListSource {
  list(filter: CaseFilter, now?: Date): Promise<CaseSummary[]>;
}

const DAY = 24 * 60 * 60 * 1000;

function within(iso: string | undefined, from: number, to: number): boolean {
  if (!iso) return false;
  const t = Date.parse(iso);
  return t >= from && t < to;
}

export function figuresFrom(cases: CaseSummary[], from: IsoDate, to: IsoDate): OutcomeFigures {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`) + DAY;
  const referred = cases.filter((c) => within(c.referredAt, start, end));
  const housed = cases.filter((c) => within(c.movedInAt, start, end));
  const inFollowUp = cases.filter(
    (c) => c.status === 'RUNNING' && c.movedInAt && Date.parse(c.movedInAt) < end,
  );
  const exitsByReason: Record<string, number> = {};
  for (const c of cases) {
    if (c.exitReason && c.status !== 'RUNNING')
      exitsByReason[c.exitReason] = (exitsByReason[c.exitReason] ?? 0) + 1;
  }
  const yearAgo = end - 365 * DAY;
  const longHoused = cases.filter((c) => c.movedInAt && Date.parse(c.movedInAt) <= yearAgo);
  const stillHoused = longHoused.filter((c) => c.housingStatus !== 'lost');
  const days = housed
    .filter((c) => c.referredAt)
    .map((c) => Math.round((Date.parse(c.movedInAt!) - Date.parse(c.referredAt!)) / DAY))
    .sort((a, b) => a - b);
  const median =
    days.length === 0
      ? null
      : days.length % 2
        ? days[(days.length - 1) / 2]
        : (days[days.length / 2 - 1] + days[days.length / 2]) / 2;
  return {
    from,
    to,
    referred: referred.length,
    housed: housed.length,
    inFollowUp: inFollowUp.length,
    exitsByReason,
    housingStability12m: longHoused.length ? stillHoused.length / longHoused.length : null,
    medianDaysReferralToMoveIn: median,
  };
}

export function createOutcomeActivities(deps: { directory: CaseListSource }) {
  async function outcomeFigures(req: {
    municipality: string;
    from: IsoDate;
    to: IsoDate;
  }): Promise<OutcomeFigures> {
    const cases = await deps.directory.list({
      municipality: req.municipality,
      includeClosed: true,
      limit: 10_000,
    });
    return figuresFrom(cases, req.from, req.to);
  }
  return { outcomeFigures };
}
