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
import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
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
  /**
   * Sends one message. `handedOver`, when given, runs the moment the message's last byte (SMTP's
   * terminating dot) is handed to the connection, before the server's answer: from then on a
   * crash of this process no longer keeps the message from the server.
   */
  send(
    mail: { to: string; cc?: string; messageId: string } & RenderedMail,
    handedOver?: () => void,
  ): Promise<void>;
}

/**
 * nodemailer's logger as a signal: the SMTP connection logs its message stream's end (an info
 * entry with `tnx: "message"` and the byte counts) once the stream, terminating dot and all, has
 * been written to the socket. Nothing is logged: the entries are only looked at.
 */
function handOverWatch(handedOver: () => void) {
  const ignore = () => undefined;
  return {
    level: ignore,
    trace: ignore,
    debug: ignore,
    info(entry: unknown) {
      const e = entry as { tnx?: unknown; outByteCount?: unknown } | undefined;
      if (e?.tnx === 'message' && typeof e.outByteCount === 'number') handedOver();
    },
    warn: ignore,
    error: ignore,
    fatal: ignore,
  };
}

/** The one place that talks SMTP and sorts its failures into retryable and not. */
export function createMailer(smtp: SmtpSettings, timeoutMs = 20_000): Mailer {
  const options = {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: timeoutMs,
  };
  const shared = nodemailer.createTransport(options);
  return {
    async send(mail, handedOver) {
      // Without a pool every message has its own connection anyway; a transport of its own lets
      // its logger tell this message's hand-over.
      const transport = handedOver
        ? nodemailer.createTransport({ ...options, logger: handOverWatch(handedOver) })
        : shared;
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
 * The journal's lines, read as the file grows: a Message-ID sent, or "-" and one whose send failed
 * after all. Each read takes only the bytes appended since the last (by this process or another
 * on the host), up to the last whole line, so a send costs the same in a journal of years.
 */
class JournalReader {
  readonly sent = new Set<string>();
  private offset = 0;

  constructor(private readonly file: string) {}

  catchUp(): Set<string> {
    if (!existsSync(this.file)) return this.sent;
    const fd = openSync(this.file, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return this.sent;
      const buf = Buffer.alloc(size - this.offset);
      const read = readSync(fd, buf, 0, buf.length, this.offset);
      const end = buf.lastIndexOf(0x0a, read - 1) + 1; // a line still being written waits
      for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
        if (line.startsWith('-')) this.sent.delete(line.slice(1));
        else if (line.trim()) this.sent.add(line);
      }
      this.offset += end;
      return this.sent;
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * A mailer that remembers, on this host's disk, every message it handed to the SMTP server, and
 * does not send one again. Temporal runs an activity at least once: a worker killed after the
 * server had the message but before the activity was reported done had the retry send the same
 * message a second time (the chaos run counted such duplicates).
 *
 * The Message-ID is journaled the moment the message's last byte goes to the socket, before the
 * server answers (journaling at the 250 left a window of a round trip and the server's own
 * storing, and the chaos run of 2026-12-02 still found one duplicate in it). A process killed
 * after that moment cannot stop the delivery: the kernel still sends what the socket holds. An
 * answer other than 250, or a connection lost before it, strikes the entry out again ("-" line)
 * and the activity's retry sends the message. What is left: a server that refuses the message at
 * the very moment this process dies (the message is then not sent again), and the few event-loop
 * ticks between the dot and the journal (a second send). It is per host: workers on several hosts
 * need a shared store for the same guarantee.
 */
export function journaledMailer(inner: Mailer, file: string): Mailer {
  mkdirSync(path.dirname(file), { recursive: true });
  const journalFile = new JournalReader(file);
  return {
    async send(mail) {
      const id = mail.messageId;
      // Another worker process on this host may have sent it, or struck it out (its server
      // refused it, and the activity's retry came here), since this one last looked.
      if (journalFile.catchUp().has(id)) return;
      let journaled = false;
      const journal = () => {
        if (journaled) return;
        appendFileSync(file, `${id}\n`); // read back by the next catch-up, this process's too
        journaled = true;
      };
      try {
        await inner.send(mail, journal);
      } catch (err) {
        if (journaled) {
          appendFileSync(file, `-${id}\n`);
        }
        throw err;
      }
      journal(); // a mailer that does not tell the hand-over: journaled at its answer
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
