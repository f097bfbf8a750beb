import { findPendingDeliveries } from '@ambassador/db/deliveries';
import type { ScheduledTask } from '../scheduler.ts';
import type { PollingSettings, TaskDependencies } from './task-dependencies.ts';

/**
 * Queues again every message stored but not settled, whatever its kind and channel, that is
 * due and older than the grace period (one query, a page at a time): what the queues lost or
 * never got (Redis was down or flushed, a job failed for good without settling its message).
 * Job ids are derived from delivery ids, so a message whose job exists is not queued twice.
 */
export function requeueMessages({ db, producer }: TaskDependencies, { intervalMs, graceMs, batchSize }: PollingSettings): ScheduledTask<{ messagesQueued: number }, 'requeue-messages'> {
  return {
    name: 'requeue-messages',
    summary: 'queued again messages stored but not settled',
    intervalMs,
    needs: 'database and redis',
    async run(now) {
      const storedUntil = new Date(now.getTime() - graceMs);
      let messagesQueued = 0;
      for (let after: string | undefined; ; ) {
        const page = await findPendingDeliveries(db, { storedUntil, dueBy: now, limit: batchSize, after });
        if (page.length === 0) break;
        await producer.requeueDeliveries(page, now);
        messagesQueued += page.length;
        after = page.at(-1)?.id;
      }
      return { messagesQueued };
    },
  };
}
