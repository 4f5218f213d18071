/**
 * Builds the activities the worker registers, each outside system behind its own module and every
 * HTTP system through the one shared client (activities/http.ts):
 *
 *   email.ts        staff email (SMTP), templates in email-templates/
 *   digest.ts       the weekly digest (case directory + email)
 *   archive.ts      Noark 5 through KS Fiks Arkiv (arkivmelding.xml)
 *   letters.ts      letters to the person through KS SvarUt (forsendelse + PDF)
 *   care-system.ts  the care case system (our JSON contract)
 *   party-notices.ts notices to NAV and the specialist health service (our JSON contract; consent-checked)
 *   housing.ts      the housing system (our JSON contract)
 *   outcomes.ts     programme figures (case directory)
 *   person-index.ts the person search's hashes for cases from before the index
 */
import type { Client } from '@temporalio/client';
import type { MunicipalityProfile } from '../domain/policy';
import type { CaseFilter, CaseSummary, TaskRow } from '../read-model/case-directory';
import { createArchiveActivities } from './archive';
import { createCareSystemActivities } from './care-system';
import { createCoordinationActivities } from './coordination';
import type { CaseView } from '../domain/case';
import { createDigestActivities } from './digest';
import { createEmailActivities, createMailer, journaledMailer, type SmtpSettings } from './email';
import { createHousingActivities } from './housing';
import { createHttpClient } from './http';
import { createLetterActivities } from './letters';
import { createPartyNoticeActivities } from './party-notices';
import { createPersonIndexActivities } from './person-index';
import { createOutcomeActivities, type OutcomeSource } from './outcomes';
import type { Config } from '../platform/config';
import type { DigestActivities, PathwayActivities } from './types';

/** The URLs and credentials of the municipal systems (platform/config.ts). */
export type SystemsConfig = Config['systems'];

export interface ActivityDeps {
  smtp: SmtpSettings;
  systems: SystemsConfig;
  profile(municipality: string): MunicipalityProfile;
  caseLink(caseId: string): string;
  /** The case directory (read-model/case-directory.ts) for the digest and the figures. */
  directory: {
    list(filter: CaseFilter, now?: Date): Promise<CaseSummary[]>;
    openTasks(filter: CaseFilter, now: Date): Promise<TaskRow[]>;
    followUpViews(filter: CaseFilter, now: Date): Promise<CaseView[]>;
  } & OutcomeSource;
  /** HTTP timeout for every municipal system, ms (default 15 s). */
  httpTimeoutMs?: number;
  smtpTimeoutMs?: number;
  /** File of Message-IDs the SMTP server accepted (see journaledMailer); none: no journal. */
  sentMailJournal?: string;
  /**
   * For the places coordination (signal-with-start to the municipality's coordinator). The worker
   * always passes them; without them requestPlace / releasePlace refuse (an incident).
   */
  client?: Client;
  taskQueue?: string;
  /** Key of the person search's blind index (config `BF_PERSON_INDEX_SECRET`). */
  personIndexKey: Uint8Array;
}

export function createActivities(deps: ActivityDeps): PathwayActivities & DigestActivities {
  const timeoutMs = deps.httpTimeoutMs;
  const smtpMailer = createMailer(deps.smtp, deps.smtpTimeoutMs);
  const mailer = deps.sentMailJournal ? journaledMailer(smtpMailer, deps.sentMailJournal) : smtpMailer;
  const http = (system: string, baseUrl: string, basicAuth?: { user: string; pass: string }) =>
    createHttpClient({ system, baseUrl, timeoutMs, basicAuth });
  return {
    ...createEmailActivities(deps, mailer),
    ...createDigestActivities({ ...deps, mailer }),
    ...createArchiveActivities({ http: http('archive', deps.systems.archiveUrl), profile: deps.profile }),
    ...createLetterActivities({
      http: http('svarut', deps.systems.svarutUrl, {
        user: deps.systems.svarutUser,
        pass: deps.systems.svarutPass,
      }),
      profile: deps.profile,
    }),
    ...createCareSystemActivities({ http: http('care', deps.systems.careSystemUrl) }),
    ...createPartyNoticeActivities({
      http: {
        nav: http('nav', deps.systems.navUrl),
        'specialist-health': http('specialist-health', deps.systems.specialistHealthUrl),
      },
      teamName: (m) => `Housing First-teamet, ${deps.profile(m).name}`,
    }),
    ...createHousingActivities({ http: http('housing', deps.systems.housingUrl) }),
    ...createOutcomeActivities({ directory: deps.directory }),
    ...createPersonIndexActivities({ key: deps.personIndexKey }),
    ...createCoordinationActivities({
      client: deps.client,
      taskQueue: deps.taskQueue,
      capacityFor: (m) => deps.profile(m).places,
    }),
  };
}
