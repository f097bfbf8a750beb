import type { Database } from '@ambassador/db/database';
import type { QueuedDelivery } from '@ambassador/db/deliveries';
import type { Logger } from '@ambassador/observability/logger';
import type { JobProducer } from '@ambassador/queue/producer';

export interface TaskDependencies {
  db: Database;
  /** Fails fast while Redis is down. */
  producer: JobProducer;
  logger: Logger;
}

/** How the tasks that look for work often do so. */
export interface PollingSettings {
  /** How often they run. */
  intervalMs: number;
  /** Only work older than this is taken: younger work is still on its normal path. */
  graceMs: number;
  /** Rows per query and per batch. */
  batchSize: number;
}

/**
 * Queues the messages a task has just stored, and returns how many it queued. While Redis is
 * down that fails: the messages are stored all the same, and the re-queue task queues them once
 * Redis is back. So the failure is logged, not thrown: what the task recorded in PostgreSQL is
 * done, and running it again would not queue them either.
 */
export async function queueStoredMessages(
  { producer, logger }: TaskDependencies,
  task: string,
  deliveries: readonly QueuedDelivery[],
  now: Date,
): Promise<number> {
  if (deliveries.length === 0) return 0;
  try {
    await producer.enqueueDeliveries(deliveries, now);
    return deliveries.length;
  } catch (error) {
    logger.warn({ err: error, task, messages: deliveries.length }, 'could not queue the messages just stored; the re-queue task will');
    return 0;
  }
}
