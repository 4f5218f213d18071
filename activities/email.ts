/**
 * Staff email over SMTP (nodemailer): reminders, escalations, alerts, incident notices, programme
 * milestones and the weekly digest, each from its template in `email-templates/` (bokmål, or
 * English where the municipality's policy says `language: "en"`).
 *
 * - No personal data: templates get the case reference, what is due and since when, and a link.
 * - Idempotent: the Message-ID is derived from the case (or municipality) and the purpose, so a
 *   retried activity sends the same message, which mail clients and archives de-duplicate.
 * - The plain transport: no pool, so nodemailer never re-queues a message on its own; Temporal's
 *   retry policy is the only retry.
 * - A permanent SMTP refusal (5xx) is non-retryable (`SmtpRefused`: the workflow records an
 *   incident); a temporary one (4xx), a timeout or a broken connection is retryable.
 */
import { memberNamed } from '../domain/team';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import nodemailer from 'nodemailer';
import type { Contacts, MunicipalityProfile } from '../domain/policy';
import { alert } from './email-templates/alert';
import type { Language, MailContext, RenderedMail, Template } from './email-templates/common';
import { escalation } from './email-templates/escalation';
import { incident } from './email-templates/incident';
import { factLabel, topicLabel } from './email-templates/labels';
import { milestone } from './email-templates/milestone';
import { reminder } from './email-templates/reminder';
import { stuck } from './email-templates/stuck';
import type { Notification, NotificationKind, NotificationResult, Recipient } from './types';

export const SMTP_REFUSED = 'SmtpRefused';
export const SMTP_UNAVAILABLE = 'SmtpUnavailable';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
}

export interface EmailDeps {
  smtp: SmtpSettings;
  profile(municipality: string): MunicipalityProfile;
  caseLink(caseId: string): string;
  /** SMTP socket timeout in ms (default 20 s); keep it below the activity's start-to-close timeout. */
  smtpTimeoutMs?: number;
}

const recipientKey: Record<Recipient, keyof Contacts> = {
  'team-lead': 'teamLead',
  'unit-leader': 'unitLeader',
  'on-call': 'onCall',
  admin: 'admin',
  'project-group': 'projectGroup',
};

const TEMPLATES: Record<NotificationKind, Template> = {
  reminder,
  escalation,
  alert,
  incident,
  milestone,
  stuck,
};

/** The same case and purpose always give the same Message-ID, so a retry is not a new message. */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@bolig-forst.kommune.test>`;
}

/** "2026-11-24T07:00:00Z" → "24.11.2026 kl. 08:00" (nb) or "24 Nov 2026, 08:00" (en), local time. */
export function formatMoment(iso: string, timezone: string, language: Language): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split('-');
    return language === 'nb' ? `${d}.${m}.${y}` : new Date(`${iso}T12:00:00Z`).toUTCString().slice(5, 16);
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      year: 'numeric',
      month: language === 'nb' ? '2-digit' : 'short',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return language === 'nb'
    ? `${parts.day}.${parts.month}.${parts.year} kl. ${parts.hour}:${parts.minute}`
    : `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}`;
}

export interface Mailer {
  send(mail: { to: string; cc?: string; messageId: string } & RenderedMail): Promise<void>;
}

/** The one place that talks SMTP and sorts its failures into retryable and not. */
export function createMailer(smtp: SmtpSettings, timeoutMs = 20_000): Mailer {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: timeoutMs,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: smtp.from,
          to: mail.to,
          ...(mail.cc ? { cc: mail.cc } : {}),
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        if (typeof code === 'number' && code >= 500) {
          throw ApplicationFailure.nonRetryable(`SMTP refused the message with ${code}`, SMTP_REFUSED, {
            system: 'email',
            operation: 'send',
            status: code,
          });
        }
        throw ApplicationFailure.retryable(
          typeof code === 'number'
            ? `SMTP deferred the message with ${code}`
            : 'SMTP connection failed or timed out',
          SMTP_UNAVAILABLE,
          { system: 'email', operation: 'send', status: code },
        );
      }
    },
  };
}

/**
 * A mailer that remembers, on this host's disk, every Message-ID the SMTP server accepted, and
 * does not send one again. Temporal runs an activity at least once: a worker killed after the
 * server's 250 but before it reported the activity done had the retry send the same message a
 * second time (the chaos run counted such duplicates). The journal is written the moment the 250
 * arrives, so that window shrinks from a round trip to Temporal to an append to a local file.
 * It is per host: workers on several hosts need a shared store for the same guarantee.
 */
export function journaledMailer(inner: Mailer, file: string): Mailer {
  mkdirSync(path.dirname(file), { recursive: true });
  const sent = new Set<string>(
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l.trim())
      : [],
  );
  return {
    async send(mail) {
      if (sent.has(mail.messageId)) return;
      // Another worker process on this host may have sent it since this one started.
      if (existsSync(file) && readFileSync(file, 'utf8').split('\n').includes(mail.messageId)) {
        sent.add(mail.messageId);
        return;
      }
      await inner.send(mail);
      appendFileSync(file, `${mail.messageId}\n`);
      sent.add(mail.messageId);
    },
  };
}

export function createEmailActivities(
  deps: EmailDeps,
  mailer: Mailer = createMailer(deps.smtp, deps.smtpTimeoutMs),
) {
  async function sendNotification(n: Notification): Promise<NotificationResult> {
    let profile: MunicipalityProfile;
    try {
      profile = deps.profile(n.municipality);
    } catch {
      throw ApplicationFailure.nonRetryable(
        `sendNotification: unknown municipality "${n.municipality}"`,
        'BadRequest',
      );
    }
    const language = profile.policy.language;
    const tz = profile.policy.timezone;
    // A task for the HF team goes to the person's own follow-up worker, the team lead in copy.
    const worker = n.worker && n.recipient === 'team-lead' ? memberNamed(profile.team, n.worker) : undefined;
    const to = worker?.email ?? profile.contacts[recipientKey[n.recipient]];
    const cc = worker ? profile.contacts.teamLead : undefined;
    const reference = n.caseId ?? n.municipality;
    const messageId = messageIdFor(`${reference}/${n.purpose}`);
    const programmeMilestone = profile.programme.milestones.find((m) => m.id === n.topic);
    const ctx: MailContext = {
      language,
      reference,
      municipalityName: profile.name,
      topic:
        n.kind === 'milestone' && programmeMilestone
          ? programmeMilestone.title
          : topicLabel(n.topic, language),
      stage: n.stage,
      dueAt: n.dueAt && formatMoment(n.dueAt, tz, language),
      since: n.since && formatMoment(n.since, tz, language),
      link: n.caseId ? deps.caseLink(n.caseId) : undefined,
      facts: Object.entries(n.facts ?? {}).map(([k, v]) => factLabel(k, String(v), language)),
    };
    await mailer.send({ to, ...(cc ? { cc } : {}), messageId, ...TEMPLATES[n.kind](ctx) });
    return { messageId, to };
  }

  return { sendNotification };
}
