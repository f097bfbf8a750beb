import type { ClassificationRecord } from '@ambassador/db/classification';
import type { Database } from '@ambassador/db/database';
import { needsAlert } from '@ambassador/domain/classification';
import type { Group } from '@ambassador/domain/vocabulary';
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
      classify: async ({ responseIds }, { log }) => {
        const now = dependencies.clock();
        // The batch in one transaction; its alerts' messages queued in one round trip.
        const { records, deliveries } = await classifyResponses(db, responseIds, now);
        await producer.enqueueDeliveries(deliveries, now);
        // The others were classified before (this job runs again after an earlier run stopped
        // short of queueing their alerts) or are being classified by the scheduler right now:
        // queue whatever of their alerts is pending (job ids make a second add a no-op).
        const classifiedNow = new Set(records.map((record) => record.responseId));
        const others = responseIds.filter((id) => !classifiedNow.has(id));
        const alertsRequeued = others.length > 0 ? await queueAlerts(db, producer, others, now) : 0;
        log.info(
          { responses: responseIds.length, classified: records.length, groups: countGroups(records), alertsQueued: deliveries.length + alertsRequeued },
          'responses classified',
        );
        for (const record of records) {
          if (needsAlert(record.group)) log.info({ responseId: record.responseId, group: record.group, ruleVersion: record.ruleVersion }, 'response classified');
        }
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

function countGroups(records: readonly ClassificationRecord[]): Partial<Record<Group, number>> {
  const counts: Partial<Record<Group, number>> = {};
  for (const { group } of records) counts[group] = (counts[group] ?? 0) + 1;
  return counts;
}
