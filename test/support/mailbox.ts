/** A real SMTP server (smtp-server, from the nodemailer project) that keeps what it receives. */
import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId?: string;
  from?: string;
  to: string[];
  cc?: string[];
  subject?: string;
  text?: string;
  html?: string;
  raw: string;
}

export class Mailbox {
  readonly messages: ReceivedMail[] = [];
  private server?: SMTPServer;
  /** Make the next N deliveries fail with this SMTP reply code (e.g. 451 temporary, 550 permanent). */
  failNext: { count: number; code: number } = { count: 0, code: 451 };
  /**
   * Keep the next N messages but hold the reply for `ms`, so the sender times out not knowing the
   * message arrived (a timeout proves nothing about delivery).
   */
  delayNext: { count: number; ms: number } = { count: 0, ms: 0 };
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.failNext.count > 0) {
            this.failNext.count--;
            const err = Object.assign(new Error('refused by test'), { responseCode: this.failNext.code });
            return callback(err);
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          PostalMime.parse(raw)
            .then((m) => {
              this.messages.push({
                messageId: m.messageId,
                from: m.from?.address,
                to: (m.to ?? []).map((a) => a.address ?? ''),
                ...(m.cc?.length ? { cc: m.cc.map((a) => a.address ?? '') } : {}),
                subject: m.subject,
                text: m.text,
                html: m.html,
                raw,
              });
              if (this.delayNext.count > 0) {
                this.delayNext.count--;
                setTimeout(() => callback(), this.delayNext.ms).unref();
              } else callback();
            })
            .catch(callback);
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  clear() {
    this.messages.length = 0;
  }
}
