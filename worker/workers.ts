/**
 * The workers one worker process runs: the case worker (workflows and every activity) on the
 * task queue, and the mail worker (email only) on the email queue beside it, with slots of its
 * own, so a slow municipal system that holds the case worker's activity slots does not hold back
 * a reminder (patch `email-own-queue`), an administrator's alert about a stuck workflow
 * (`task-alert-email-queue`) or the project group's milestone (`programme-email-queue`). They run
 * and stop together.
 */
import { Worker, type WorkerOptions } from '@temporalio/worker';
import type { PathwayActivities } from '../activities/types';
import { emailTaskQueue } from '../workflows/task-queues';

/** Email sends at once per process: short SMTP sessions, each a connection of its own. */
export const MAIL_SLOTS = 20;

export class CaseWorkers {
  private constructor(
    readonly cases: Worker,
    readonly mail: Worker | undefined,
  ) {}

  /**
   * The case worker with `options`, and a mail worker serving `options.activities`'
   * `sendNotification` (none without it: a worker with no email to send).
   */
  static async create(options: WorkerOptions, mailSlots = MAIL_SLOTS): Promise<CaseWorkers> {
    const cases = await Worker.create(options);
    const send = (options.activities as Partial<PathwayActivities> | undefined)?.sendNotification;
    const mail = send
      ? await Worker.create({
          connection: options.connection,
          namespace: options.namespace,
          taskQueue: emailTaskQueue(options.taskQueue),
          dataConverter: options.dataConverter,
          ...(options.identity ? { identity: `${options.identity}/mail` } : {}),
          activities: { sendNotification: send },
          maxConcurrentActivityTaskExecutions: mailSlots,
        })
      : undefined;
    return new CaseWorkers(cases, mail);
  }

  private get all(): Worker[] {
    return this.mail ? [this.cases, this.mail] : [this.cases];
  }

  /** Runs both until both have stopped; when one stops (shut down or failed), the other is shut down. */
  async run(): Promise<void> {
    const runs = this.all.map((w) =>
      w.run().finally(() => {
        this.shutdown();
      }),
    );
    const results = await Promise.allSettled(runs);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Asks both to stop (running activities finish first, as the SDK's shutdown does). */
  shutdown(): void {
    for (const w of this.all) if (w.getState() === 'RUNNING') w.shutdown();
  }

  /** Runs both while `work` runs, then stops them; fails with `work`, or with a worker that failed first. */
  async runUntil<R>(work: Promise<R> | (() => Promise<R>)): Promise<R> {
    const running = this.run();
    const stoppedEarly = running.then(() => {
      throw new Error('the workers stopped before the work was done');
    });
    stoppedEarly.catch(() => undefined); // when the work wins the race, nobody awaits it
    try {
      return await Promise.race([typeof work === 'function' ? work() : work, stoppedEarly]);
    } finally {
      this.shutdown(); // stops only the workers still running
      await running;
    }
  }
}
