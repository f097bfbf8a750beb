import type { Logger } from '@ambassador/observability/logger';
import type { Redis } from '@ambassador/queue/connection';
import { createQueueWorker } from '@ambassador/queue/worker';
import type { Worker } from 'bullmq';
import { deliver, type DeliveryEngine } from './delivery.ts';

export interface NotifierDependencies {
  engine: DeliveryEngine;
  workerConnection: Redis;
  logger: Logger;
  prefix?: string;
}

export interface NotifierSettings {
  /** Messages sent at once, per queue. */
  concurrency: number;
  lockDuration?: number;
  stalledInterval?: number;
}

export interface Notifier {
  workers: Worker[];
  /** Stops taking new messages (those in progress finish); `resume` takes them again. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

/** The queues the notifier serves: one per kind of transport, each with its own workers. */
const deliveryQueues = ['deliver-email', 'deliver-sms', 'deliver-http'] as const;

/** The notifier's workers, as `main.ts` runs them and tests start them. */
export function startNotifier({ engine, workerConnection, logger, prefix }: NotifierDependencies, settings: NotifierSettings): Notifier {
  const workers = deliveryQueues.map((queue) =>
    createQueueWorker(queue, { deliver: async ({ deliveryId }, context) => deliver(engine, deliveryId, context) }, {
      connection: workerConnection,
      logger,
      prefix,
      concurrency: settings.concurrency,
      lockDuration: settings.lockDuration,
      stalledInterval: settings.stalledInterval,
    }),
  );
  return {
    workers,
    async pause() {
      await Promise.all(workers.map((worker) => worker.pause()));
    },
    async resume() {
      await Promise.all(workers.map((worker) => worker.resume()));
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
