import { findPendingAlertIds } from '@ambassador/db/alerts';
import type { Database } from '@ambassador/db/database';
import { findUnclassifiedResponseIds } from '@ambassador/db/responses';
import type { Logger } from '@ambassador/observability/logger';
import { sendAlertJob } from '@ambassador/queue/jobs';
import type { JobProducer } from '@ambassador/queue/producer';
import { classifyResponses } from './classify-responses.ts';

export interface SweepSettings {
  /** Only work older than this is taken: younger work is still on its normal path. */
  graceMs: number;
  batchSize: number;
}

export interface SweepResult {
  classified: number;
  alertsQueued: number;
}

/**
 * Finishes what PostgreSQL holds but the queues lost or never got (Redis was down, a job
 * failed for good, Redis was flushed): classifies stored-but-unclassified responses in
 * batches, and queues every alert that is recorded but not sent. Safe to run anywhere and
 * in parallel: rows are locked while classified and job ids are derived from row ids.
 */
export async function sweepOnce(
  { db, producer }: { db: Database; producer: JobProducer },
  { graceMs, batchSize }: SweepSettings,
): Promise<SweepResult> {
  let classified = 0;
  for (;;) {
    const ids = await findUnclassifiedResponseIds(db, graceMs, batchSize);
    if (ids.length === 0) break;
    const records = await classifyResponses(db, ids);
    classified += records.length;
    // Fewer than a full page, or all of them held by another classifier: done for now.
    if (ids.length < batchSize || records.length === 0) break;
  }

  let alertsQueued = 0;
  let after: string | undefined;
  for (;;) {
    const alertIds = await findPendingAlertIds(db, graceMs, batchSize, after);
    if (alertIds.length === 0) break;
    await producer.enqueueMany(
      sendAlertJob,
      alertIds.map((alertId) => ({ alertId })),
    );
    alertsQueued += alertIds.length;
    if (alertIds.length < batchSize) break;
    after = alertIds.at(-1);
  }
  return { classified, alertsQueued };
}

export interface Sweeper {
  /** Runs one sweep now (waiting for one in progress first). */
  sweepNow(): Promise<SweepResult>;
  stop(): Promise<void>;
}

/** Sweeps every `intervalMs` until stopped; a failed sweep is logged and retried next time. */
export function startSweeper(
  dependencies: { db: Database; producer: JobProducer; logger: Logger },
  settings: SweepSettings & { intervalMs: number },
): Sweeper {
  const log = dependencies.logger.child({ component: 'sweeper' });
  let running: Promise<SweepResult> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const sweep = async (): Promise<SweepResult> => {
    if (running) await running.catch(() => undefined);
    running = sweepOnce(dependencies, settings);
    try {
      const result = await running;
      if (result.classified || result.alertsQueued) log.info(result, 'sweep finished unfinished work');
      return result;
    } finally {
      running = undefined;
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      sweep().then(
        () => schedule(),
        (error: unknown) => {
          log.warn({ err: error }, 'sweep failed; will try again');
          schedule();
        },
      );
    }, settings.intervalMs);
  };
  schedule();

  return {
    sweepNow: sweep,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
