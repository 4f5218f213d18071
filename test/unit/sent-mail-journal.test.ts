/**
 * The sent-mail journal: a message the SMTP server accepted is not sent again when the activity
 * is retried — also by a worker started after the first one was killed (a new journal reading
 * the same file). The chaos run counted such duplicates before the journal.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { journaledMailer, type Mailer } from '../../activities/email';

const mail = (messageId: string) => ({
  to: 'teamleder@kommune.test',
  messageId,
  subject: 'Påminnelse',
  text: 'x',
});

function countingMailer(failFirst = 0) {
  const sent: string[] = [];
  let failures = failFirst;
  const mailer: Mailer = {
    async send(m) {
      if (failures-- > 0) throw new Error('SMTP connection failed');
      sent.push(m.messageId);
    },
  };
  return { sent, mailer };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bf-journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('a retried send of an accepted message sends nothing, also from a restarted worker', async () => {
  const file = path.join(dir, 'data', 'sent-mail.log');
  const smtp = countingMailer();
  const first = journaledMailer(smtp.mailer, file);
  await first.send(mail('<a@x>'));
  await first.send(mail('<a@x>')); // the activity retried in the same worker
  const restarted = journaledMailer(smtp.mailer, file); // the worker was killed and started again
  await restarted.send(mail('<a@x>'));
  await restarted.send(mail('<b@x>'));
  expect(smtp.sent).toEqual(['<a@x>', '<b@x>']);
});

test('a send the SMTP server did not accept is tried again and then journaled', async () => {
  const smtp = countingMailer(1);
  const mailer = journaledMailer(smtp.mailer, path.join(dir, 'sent-mail.log'));
  await expect(mailer.send(mail('<c@x>'))).rejects.toThrow('SMTP connection failed');
  await mailer.send(mail('<c@x>'));
  await mailer.send(mail('<c@x>'));
  expect(smtp.sent).toEqual(['<c@x>']);
});

test('a message another worker on the host sent since this one started is not sent again; a line still being written waits', async () => {
  const file = path.join(dir, 'sent-mail.log');
  const smtp = countingMailer();
  const mailer = journaledMailer(smtp.mailer, file);
  await mailer.send(mail('<mine@x>'));
  // The other worker process appends to the same journal.
  appendFileSync(file, '<theirs@x>\n<half');
  await mailer.send(mail('<theirs@x>'));
  await mailer.send(mail('<mine@x>'));
  expect(smtp.sent).toEqual(['<mine@x>']);
  // The other process finishes its line: now that message counts as sent too.
  appendFileSync(file, '@x>\n');
  await mailer.send(mail('<half@x>'));
  expect(smtp.sent).toEqual(['<mine@x>']);
  // It struck one out (its server refused it): the retry here sends it.
  appendFileSync(file, '-<theirs@x>\n');
  await mailer.send(mail('<theirs@x>'));
  expect(smtp.sent).toEqual(['<mine@x>', '<theirs@x>']);
});
