import type { Database } from '@ambassador/db/database';
import type { Logger } from '@ambassador/observability/logger';
import type { Redis } from '@ambassador/queue/connection';
import type { JobProducer } from '@ambassador/queue/producer';
import { createQueueWorker } from '@ambassador/queue/worker';
import type { Worker } from 'bullmq';
import { classifyResponses, queueAlerts } from './classify-responses.ts';

export interface ClassifierDependencies {
  db: Database;
  /** Producer for the alerts' delivery jobs (fails fast while Redis is down). */
  producer: JobProducer;
  /** Connection for the worker (waits for Redis to come back). */
  workerConnection: Redis;
  logger: Logger;
  /** The time now (when a response was classified); tests move it. */
  clock: () => Date;
  /** Redis key prefix; tests use their own. */
  prefix?: string;
}

export interface ClassifierSettings {
  concurrency: number;
  lockDuration?: number;
  stalledInterval?: number;
}

export interface Classifier {
  worker: Worker;
  close(): Promise<void>;
}

/** The classify worker, as `main.ts` runs it and tests start it. */
export function startClassifier(dependencies: ClassifierDependencies, settings: ClassifierSettings): Classifier {
  const { db, producer, logger } = dependencies;
  const worker = createQueueWorker(
    'classify',
    {
      classify: async ({ responseId }, { log }) => {
        const now = dependencies.clock();
        const { records, deliveries } = await classifyResponses(db, [responseId], now);
        const [record] = records;
        // Classified now: its alerts are known. Classified before (this job runs again): queue
        // whatever of it is still pending, in case that earlier run stopped short.
        let alertsQueued = deliveries.length;
        if (record) await producer.enqueueDeliveries(deliveries, now);
        else alertsQueued = await queueAlerts(db, producer, [responseId], now);
        log.info(
          { responseId, group: record?.group ?? null, ruleVersion: record?.ruleVersion ?? null, alertsQueued },
          record ? 'response classified' : 'response was already classified',
        );
      },
    },
    {
      connection: dependencies.workerConnection,
      logger,
      prefix: dependencies.prefix,
      concurrency: settings.concurrency,
      lockDuration: settings.lockDuration,
      stalledInterval: settings.stalledInterval,
    },
  );
  return {
    worker,
    async close() {
      await worker.close();
    },
  };
}
