import { findPendingDeliveries } from '@ambassador/db/deliveries';
import type { ScheduledTask } from '../scheduler.ts';
import type { PollingSettings, TaskDependencies } from './task-dependencies.ts';

/** Pages one run looks at, at most: after a long outage of a peer, pending messages can be many. */
export const REQUEUE_PAGES_PER_RUN = 10;

/**
 * Queues again every message stored but not settled, whatever its kind and channel, that is
 * due and older than the grace period (one query, a page at a time): what the queues lost or
 * never got (Redis was down or flushed, a job failed for good without settling its message).
 * Job ids are derived from delivery ids, so a message whose job exists is not queued twice.
 * One run looks at `REQUEUE_PAGES_PER_RUN` pages at most and the next goes on where it
 * stopped, so that a hundred thousand messages pending behind a dead SMTP server cost each run
 * a bounded number of Redis calls, not one per message every few seconds.
 */
export function requeueMessages({ db, producer }: TaskDependencies, { intervalMs, graceMs, batchSize }: PollingSettings): ScheduledTask<{ messagesQueued: number }, 'requeue-messages'> {
  // Where the last run stopped, when it stopped before the end.
  let resumeAfter: string | undefined;
  return {
    name: 'requeue-messages',
    summary: 'queued again messages stored but not settled',
    intervalMs,
    needs: 'database and redis',
    async run(now) {
      const storedUntil = new Date(now.getTime() - graceMs);
      let messagesQueued = 0;
      for (let pages = 0; pages < REQUEUE_PAGES_PER_RUN; pages += 1) {
        const page = await findPendingDeliveries(db, { storedUntil, dueBy: now, limit: batchSize, after: resumeAfter });
        // The end: the next run starts from the beginning again.
        resumeAfter = page.length < batchSize ? undefined : page.at(-1)?.id;
        if (page.length > 0) await producer.requeueDeliveries(page, now);
        messagesQueued += page.length;
        if (resumeAfter === undefined) break;
      }
      return { messagesQueued };
    },
  };
}
