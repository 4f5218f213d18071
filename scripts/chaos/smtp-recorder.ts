/**
 * The chaos run's SMTP server, as its own process: accepts every message and appends one JSON
 * line per delivery (Message-ID, recipients, subject, when) to a file before it answers 250, so a
 * message counted here is one the sender was told was delivered. Stopped with SIGTERM it stops
 * taking connections and finishes the ones in flight: a message either arrived or the sender
 * heard an error.
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

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
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
for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => server.close(() => process.exit(0)));
