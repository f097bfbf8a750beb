import { createDatabase } from '@ambassador/db/database';
import { pingDatabase } from '@ambassador/db/health';
import { buildHealthServer } from '@ambassador/observability/health-server';
import { createLogger } from '@ambassador/observability/logger';
import { createMetricsRegistry } from '@ambassador/observability/metrics';
import { createProducerConnection, createWorkerConnection, settleConnection, watchEvictionPolicy } from '@ambassador/queue/connection';
import { registerQueueMetrics } from '@ambassador/queue/metrics';
import { JobProducer } from '@ambassador/queue/producer';
import closeWithGrace from 'close-with-grace';
import { loadClassifierConfig } from './config.ts';
import { startClassifier } from './service.ts';

const config = loadClassifierConfig();
const logger = createLogger({ service: 'classifier', level: config.logLevel });
const db = createDatabase(config.databaseUrl, { poolSize: config.concurrency + 2, applicationName: 'ambassador-classifier' });
const producerConnection = createProducerConnection(config.redisUrl, logger, 'ambassador-classifier-producer');
const workerConnection = createWorkerConnection(config.redisUrl, logger, 'ambassador-classifier');
watchEvictionPolicy(producerConnection, logger);
await settleConnection(producerConnection);
const producer = new JobProducer({ connection: producerConnection, logger });

const classifier = startClassifier(
  { db, producer, workerConnection, logger, clock: () => new Date() },
  { concurrency: config.concurrency, lockDuration: config.jobLockMs, stalledInterval: config.jobLockMs },
);

const registry = createMetricsRegistry('classifier');
registerQueueMetrics(registry, producer);
const health = buildHealthServer({
  logger,
  registry,
  checks: {
    database: () => pingDatabase(db),
    redis: async () => {
      await producerConnection.ping();
    },
  },
});

closeWithGrace({ delay: 15_000 }, async ({ err, signal }) => {
  if (err) logger.error({ err }, 'shutting down after an error');
  else logger.info({ signal }, 'shutting down: finishing jobs in progress');
  await classifier.close();
  await health.close();
  await producer.close();
  producerConnection.disconnect();
  workerConnection.disconnect();
  await db.destroy();
});

if (config.healthPort > 0) await health.listen({ host: config.host, port: config.healthPort });
logger.info({ concurrency: config.concurrency }, 'classifier started');
