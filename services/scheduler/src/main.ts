import { createDatabase } from '@ambassador/db/database';
import { pingDatabase } from '@ambassador/db/health';
import { buildHealthServer } from '@ambassador/observability/health-server';
import { createLogger } from '@ambassador/observability/logger';
import { createMetricsRegistry } from '@ambassador/observability/metrics';
import { createProducerConnection, settleConnection, watchEvictionPolicy } from '@ambassador/queue/connection';
import { JobProducer } from '@ambassador/queue/producer';
import closeWithGrace from 'close-with-grace';
import { loadSchedulerConfig } from './config.ts';
import { createSchedulerMetrics } from './metrics.ts';
import { createScheduler } from './scheduler.ts';
import { periodicTasks } from './tasks/tasks.ts';

const config = loadSchedulerConfig();
const logger = createLogger({ service: 'scheduler', level: config.logLevel });
// Each task holds a connection for its lock while it works on others (the backlog on two at once).
const db = createDatabase(config.databaseUrl, { poolSize: 16, applicationName: 'ambassador-scheduler' });
const producerConnection = createProducerConnection(config.redisUrl, logger, 'ambassador-scheduler-producer');
watchEvictionPolicy(producerConnection, logger);
await settleConnection(producerConnection);
const producer = new JobProducer({ connection: producerConnection, logger });

const registry = createMetricsRegistry('scheduler');
const scheduler = createScheduler(
  { db, redisReady: () => producerConnection.status === 'ready', logger, clock: () => new Date(), metrics: createSchedulerMetrics(registry, db) },
  periodicTasks({ db, producer, logger }, config.tasks),
);
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
  else logger.info({ signal }, 'shutting down: finishing the tasks in progress');
  await scheduler.stop();
  await health.close();
  await producer.close();
  producerConnection.disconnect();
  await db.destroy();
});

if (config.healthPort > 0) await health.listen({ host: config.host, port: config.healthPort });
scheduler.start();
logger.info({ tasks: scheduler.tasks.map((task) => task.name) }, 'scheduler started');
