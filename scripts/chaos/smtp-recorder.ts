/**
 * The chaos run's SMTP server, as its own process: accepts every message and appends one JSON
 * line per delivery (Message-ID, recipients, subject, when) to a file before it answers 250, so a
 * message counted here is one the sender was told was delivered.
 *
 * Stopped with SIGTERM it stops as a mail server should: it takes no new connections, answers a
 * message arriving meanwhile with 421 (try later), lets the sessions it has finish (the sender
 * hears its 250 and quits) and exits when none is left, or after 10 s. Exiting right after
 * recording, before the 250 reached the sender, made the sender send the same message again.
 *   tsx scripts/chaos/smtp-recorder.ts <port> <file.jsonl>
 */
import { appendFileSync } from 'node:fs';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

const port = Number(process.argv[2]);
const file = process.argv[3];
if (!port || !file) {
  console.error('usage: smtp-recorder.ts <port> <file.jsonl>');
  process.exit(2);
}

let closing = false;
let sessions = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onConnect(_session, callback) {
    if (closing) return callback(Object.assign(new Error('shutting down'), { responseCode: 421 }));
    sessions++;
    callback();
  },
  onClose() {
    sessions = Math.max(0, sessions - 1);
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      if (closing)
        return callback(Object.assign(new Error('shutting down, try later'), { responseCode: 421 }));
      PostalMime.parse(Buffer.concat(chunks))
        .then((m) => {
          appendFileSync(
            file,
            `${JSON.stringify({
              messageId: m.messageId,
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: m.subject,
              at: new Date().toISOString(),
            })}\n`,
          );
          callback();
        })
        .catch((err: Error) => callback(err));
    });
  },
});
server.listen(port, '127.0.0.1', () => console.log(`smtp recorder on ${port}`));

function stop() {
  if (closing) return;
  closing = true;
  server.server.close(); // no new connections
  const deadline = Date.now() + 10_000;
  const check = () => {
    if (sessions === 0 || Date.now() > deadline) process.exit(0);
    setTimeout(check, 50);
  };
  check();
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
