/**
 * The weekly digest: for one municipality, every open task across its running cases that is
 * overdue or due within seven days, mailed to the team lead. Read through the case directory
 * (Temporal visibility + each case's query), so it lists exactly what the cases themselves say.
 */
import type { MunicipalityProfile } from '../domain/policy';
import type { CaseFilter, TaskRow } from '../read-model/case-directory';
import { formatMoment, messageIdFor, type Mailer } from './email';
import { digest, type DigestRow } from './email-templates/digest';
import { topicLabel } from './email-templates/labels';
import type { DigestRequest, DigestResult } from './types';

export const DIGEST_HORIZON_DAYS = 7;
const DAY = 24 * 60 * 60 * 1000;

/** The part of the case directory the digest reads. */
export interface TaskSource {
  openTasks(filter: CaseFilter, now: Date): Promise<TaskRow[]>;
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
      }),
    });
    return { messageId, to, overdue: overdue.length, dueSoon: dueSoon.length };
  }
  return { sendDigest };
}
