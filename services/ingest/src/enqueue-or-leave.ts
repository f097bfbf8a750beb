import type { QueueName } from '@ambassador/queue/jobs';
import type { IngestMetrics } from './metrics.ts';

/** The service's logger or a request's. */
export interface WarningLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface StoredWork {
  /** The queue the jobs go to. */
  queue: QueueName;
  /** How many stored rows the jobs are for (the failure counts each). */
  rows: number;
  /** What was stored, for the log line: "responses", "invitation". */
  stored: string;
  /** Ids (never personal data) for the log line. */
  logFields: Record<string, unknown>;
}

/**
 * Persist first, then enqueue: called once the rows are committed. When Redis cannot take the
 * jobs now, the caller still succeeds; the failure is counted and logged, and the scheduler
 * queues (or does) the work later from what PostgreSQL holds.
 */
export async function enqueueOrLeaveToScheduler(
  { metrics, log }: { metrics: IngestMetrics; log: WarningLog },
  work: StoredWork,
  enqueue: () => Promise<void>,
): Promise<void> {
  try {
    await enqueue();
  } catch (error) {
    metrics.enqueueFailures.inc({ queue: work.queue }, work.rows);
    log.warn({ ...work.logFields, queue: work.queue, err: error }, `${work.stored} stored; not queued yet, the scheduler will queue it`);
  }
}
