/**
 * The task queues a case's activities run on. Workflow code and the worker both read them here:
 * the worker serves every queue the workflows schedule on.
 */

/**
 * The email queue beside a workflow task queue: a mail worker polls it with slots of its own, so
 * reminders go out while a slow system holds the other activity slots (patch `email-own-queue`).
 */
export function emailTaskQueue(taskQueue: string): string {
  return `${taskQueue}-email`;
}
