import { classifyResponses } from '@ambassador/classifier/classify-responses';
import { findUnclassifiedResponseIds } from '@ambassador/db/responses';
import { chunksOf } from '@ambassador/domain/batches';
import type { ScheduledTask } from '../scheduler.ts';
import { type PollingSettings, queueStoredMessages, type TaskDependencies } from './task-dependencies.ts';

/** Batches of a backlog classified at the same time: PostgreSQL works on each in its own backend. */
const PARALLEL_BATCHES = 2;

/**
 * Classifies the responses stored but not classified (their classify job was never queued,
 * or was lost) in batches, as the classifier does, and queues their alerts. Needs only
 * PostgreSQL: while Redis is down the alerts are stored with their messages, and the re-queue
 * task queues those later. Safe beside the classifier: rows are locked while classified.
 */
export function classifyBacklog(dependencies: TaskDependencies, { intervalMs, graceMs, batchSize }: PollingSettings): ScheduledTask<{ classified: number; alertsQueued: number }, 'classify-backlog'> {
  const { db } = dependencies;
  return {
    name: 'classify-backlog',
    summary: 'classified responses that had no classify job',
    intervalMs,
    needs: 'database',
    async run(now) {
      const storedUntil = new Date(now.getTime() - graceMs);
      let classified = 0;
      let alertsQueued = 0;
      // A round's alerts go to Redis while the next round is classified in PostgreSQL: after a
      // long outage the backlog drains at the pace of the slower of the two, not of their sum.
      let queueing = Promise.resolve(0);
      try {
        for (;;) {
          const ids = await findUnclassifiedResponseIds(db, storedUntil, batchSize * PARALLEL_BATCHES);
          if (ids.length === 0) break;
          // Disjoint batches, each in a transaction of its own, on connections of their own.
          const batches = await Promise.all(chunksOf(ids, batchSize).map((batch) => classifyResponses(db, batch, now)));
          const records = batches.flatMap((batch) => batch.records);
          classified += records.length;
          alertsQueued += await queueing;
          queueing = queueStoredMessages(dependencies, 'classify-backlog', batches.flatMap((batch) => batch.deliveries), now);
          // Fewer than a full round, or all of them held by a classifier: done for now.
          if (ids.length < batchSize * PARALLEL_BATCHES || records.length === 0) break;
        }
      } finally {
        // Also when classifying failed: no queueing is left behind unawaited.
        alertsQueued += await queueing;
      }
      return { classified, alertsQueued };
    },
  };
}
