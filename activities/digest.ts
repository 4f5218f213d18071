/**
 * The weekly digest: for one municipality, every open task across its running cases that is
 * overdue or due within seven days, mailed to the team lead. Read through the case directory
 * (Temporal visibility + each case's query), so it lists exactly what the cases themselves say.
 */
import type { MunicipalityProfile } from '../domain/policy';
import type { CaseFilter, TaskRow } from '../read-model/case-directory';
import { formatMoment, messageIdFor, type Mailer } from './email';
import type { CaseView } from '../domain/case';
import { intensityShortfall } from '../domain/follow-up-intensity';
import { digest, type DigestRow, type IntensityRow } from './email-templates/digest';
import { topicLabel } from './email-templates/labels';
import type { DigestRequest, DigestResult } from './types';

export const DIGEST_HORIZON_DAYS = 7;
const DAY = 24 * 60 * 60 * 1000;

/** The part of the case directory the digest reads. */
export interface TaskSource {
  openTasks(filter: CaseFilter, now: Date): Promise<TaskRow[]>;
  followUpViews(filter: CaseFilter, now: Date): Promise<CaseView[]>;
}

/** The hours a week the case's latest decision grants. */
export function grantedHours(view: CaseView): number {
  return (view.decision?.services ?? []).reduce((sum, s) => sum + s.hoursPerWeek, 0);
}

export interface DigestDeps {
  directory: TaskSource;
  profile(municipality: string): MunicipalityProfile;
  caseLink(caseId: string): string;
  mailer: Mailer;
}

export function createDigestActivities(deps: DigestDeps) {
  async function sendDigest(req: DigestRequest): Promise<DigestResult> {
    const profile = deps.profile(req.municipality);
    const { language, timezone } = profile.policy;
    const asOf = new Date(req.asOf);
    const horizon = asOf.getTime() + DIGEST_HORIZON_DAYS * DAY;
    const tasks = await deps.directory.openTasks({ municipality: req.municipality }, asOf);
    const row = (t: TaskRow): DigestRow => {
      const due = new Date(t.dueAt).getTime();
      return {
        reference: t.caseId,
        task: topicLabel(t.kind, language),
        office: profile.offices.find((o) => o.id === t.office)?.name ?? t.office,
        due: formatMoment(t.dueAt, timezone, language),
        daysOverdue: due < asOf.getTime() ? Math.floor((asOf.getTime() - due) / DAY) : undefined,
        link: deps.caseLink(t.caseId),
      };
    };
    const overdue = tasks.filter((t) => new Date(t.dueAt).getTime() < asOf.getTime()).map(row);
    const dueSoon = tasks
      .filter((t) => {
        const due = new Date(t.dueAt).getTime();
        return due >= asOf.getTime() && due < horizon;
      })
      .map(row);
    // Follow-up short of the decision, week after week (seed 003: the follow-up is the service).
    const short: IntensityRow[] = [];
    for (const view of await deps.directory.followUpViews({ municipality: req.municipality }, asOf)) {
      const found = intensityShortfall(
        {
          grantedHours: grantedHours(view),
          followUpStartedAt: view.followUp?.startedAt,
          minutesByWeek: view.followUp?.minutesByWeek ?? [],
        },
        profile.followUp,
        asOf,
        timezone,
      );
      if (!found) continue;
      short.push({
        reference: view.caseId,
        office: profile.offices.find((o) => o.id === view.office)?.name ?? view.office,
        grantedHours: found.grantedHours,
        deliveredHours: found.deliveredHours,
        link: deps.caseLink(view.caseId),
      });
    }
    const to = profile.contacts.teamLead;
    const messageId = messageIdFor(`${req.municipality}/${req.purpose}`);
    await deps.mailer.send({
      to,
      messageId,
      ...digest({
        language,
        municipalityName: profile.name,
        asOf: formatMoment(req.asOf, timezone, language),
        overdue,
        dueSoon,
        shortOfDecision: short,
        intensity: profile.followUp,
      }),
    });
    return { messageId, to, overdue: overdue.length, dueSoon: dueSoon.length, shortOfDecision: short.length };
  }
  return { sendDigest };
}
