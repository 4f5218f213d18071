/**
 * The sent-mail journal against a real SMTP server: a message is journaled the moment its last
 * byte is handed to the connection, before the server answers. A worker killed while the answer
 * was on its way left a message the server had but the journal did not, and the restarted
 * worker's retry delivered it a second time (the small chaos run in CI, 2026-12-02: one reminder
 * twice).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMailer, journaledMailer, SMTP_UNAVAILABLE, type SmtpSettings } from '../../activities/email';
import { Mailbox } from '../support/mailbox';

const mail = (messageId: string) => ({
  to: 'teamleder@kommune.test',
  messageId,
  subject: 'Påminnelse',
  text: 'Kartleggingen er på vent.',
});

let dir: string;
let journal: string;
const mailbox = new Mailbox();
let smtp: SmtpSettings;

beforeAll(async () => {
  await mailbox.start();
  smtp = { host: '127.0.0.1', port: mailbox.port, secure: false, from: 'bolig-forst@kommune.test' };
});
afterAll(() => mailbox.stop());
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bf-handover-'));
  journal = path.join(dir, 'sent-mail.log');
  mailbox.clear();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean) {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

test('a message the server has, its answer still on the way, is not sent again by a restarted worker', async () => {
  mailbox.delayNext = { count: 1, ms: 1_500 };
  const first = journaledMailer(createMailer(smtp), journal);
  const firstSend = first.send(mail('<held@x>'));
  await until(() => mailbox.messages.length === 1); // the server has it; its 250 is held

  // The worker is killed here and started again: a new mailer reading the same journal retries.
  const restarted = journaledMailer(createMailer(smtp), journal);
  await restarted.send(mail('<held@x>'));
  expect(mailbox.messages.map((m) => m.messageId)).toEqual(['<held@x>']);

  await firstSend; // the held answer arrives: nothing more is sent
  await journaledMailer(createMailer(smtp), journal).send(mail('<held@x>'));
  expect(mailbox.messages.map((m) => m.messageId)).toEqual(['<held@x>']);
});

test('a message the server refuses after its data is struck from the journal and sent by the retry', async () => {
  mailbox.failNext = { count: 1, code: 451 };
  const mailer = journaledMailer(createMailer(smtp), journal);
  await expect(mailer.send(mail('<deferred@x>'))).rejects.toMatchObject({ type: SMTP_UNAVAILABLE });
  expect(mailbox.messages).toHaveLength(0);

  // A restarted worker reads the struck-out entry as not sent, and sends it.
  await journaledMailer(createMailer(smtp), journal).send(mail('<deferred@x>'));
  expect(mailbox.messages.map((m) => m.messageId)).toEqual(['<deferred@x>']);

  // Sent now: neither the first mailer nor another restart sends it again.
  await mailer.send(mail('<deferred@x>'));
  await journaledMailer(createMailer(smtp), journal).send(mail('<deferred@x>'));
  expect(mailbox.messages.map((m) => m.messageId)).toEqual(['<deferred@x>']);
});
