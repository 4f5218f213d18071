/**
 * Staff email over SMTP (nodemailer). Foundation version: one plain message per notification with
 * an idempotent Message-ID; templates, languages and the weekly digest come with the integrations
 * issue.
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Contacts } from '../domain/policy';
import type { Notification, NotificationResult, Recipient } from './types';

export interface EmailDeps {
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string; from: string };
  contactsFor(municipality: string): Contacts;
  caseLink(caseId: string): string;
}

const recipientKey: Record<Recipient, keyof Contacts> = {
  'team-lead': 'teamLead',
  'unit-leader': 'unitLeader',
  'on-call': 'onCall',
  admin: 'admin',
  'project-group': 'projectGroup',
};

/** The same case and purpose always give the same Message-ID, so a retry is not a new message. */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@bolig-forst.kommune.test>`;
}

export function createEmailActivities(deps: EmailDeps) {
  // No pooling and no transport re-queueing: Temporal's retry policy is the only retry.
  const transport = nodemailer.createTransport({
    host: deps.smtp.host,
    port: deps.smtp.port,
    secure: deps.smtp.secure,
    auth: deps.smtp.user ? { user: deps.smtp.user, pass: deps.smtp.pass } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });

  async function sendNotification(n: Notification): Promise<NotificationResult> {
    const to = deps.contactsFor(n.municipality)[recipientKey[n.recipient]];
    const ref = n.caseId ?? n.municipality;
    const messageId = messageIdFor(`${ref}/${n.purpose}`);
    const lines = [
      `Sak: ${ref}`,
      n.stage ? `Status: ${n.stage}` : undefined,
      n.since ? `Venter siden: ${n.since}` : undefined,
      n.dueAt ? `Frist: ${n.dueAt}` : undefined,
      n.caseId ? `Åpne saken: ${deps.caseLink(n.caseId)}` : undefined,
    ].filter(Boolean);
    await transport.sendMail({
      from: deps.smtp.from,
      to,
      subject: `[Bolig først] ${n.kind === 'escalation' ? 'Eskalering' : 'Påminnelse'}: ${n.topic} (${ref})`,
      text: lines.join('\n'),
      messageId,
    });
    return { messageId, to };
  }

  return { sendNotification };
}
