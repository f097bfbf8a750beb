import type { Database } from '@ambassador/db/database';
import type { Logger } from '@ambassador/observability/logger';
import { createProducerConnection, createWorkerConnection, settleConnection } from '@ambassador/queue/connection';
import { JobProducer } from '@ambassador/queue/producer';
import { TestClock } from '@ambassador/testing/clock';
import type { TestDatabase, TestRedis } from '@ambassador/testing/fixtures';
import { type Classifier, type ClassifierSettings, startClassifier } from '../src/service.ts';

export const fastSettings: ClassifierSettings = { concurrency: 4 };

/** The classifier as main.ts runs it, on the test's database and Redis prefix. */
export async function runClassifier(
  { database, redis, logger }: { database: TestDatabase; redis: TestRedis; logger: Logger },
  settings: Partial<ClassifierSettings> = {},
  redisUrl = redis.url,
  clock = new TestClock(),
): Promise<Classifier & { producer: JobProducer }> {
  const producerConnection = createProducerConnection(redisUrl, logger, 'classifier-test-producer');
  await settleConnection(producerConnection);
  const workerConnection = createWorkerConnection(redisUrl, logger, 'classifier-test');
  const producer = new JobProducer({ connection: producerConnection, logger, prefix: redis.prefix });
  const classifier = startClassifier(
    { db: database.db, producer, workerConnection, logger, prefix: redis.prefix, clock: clock.read },
    { ...fastSettings, ...settings },
  );
  await classifier.worker.waitUntilReady();
  return {
    ...classifier,
    producer,
    async close() {
      await classifier.close();
      await producer.close();
      producerConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}

/** The e-mails of the alerts: one stored message per alert, by role. */
export async function alertEmails(db: Database) {
  return db
    .selectFrom('deliveries')
    .innerJoin('alerts', 'alerts.id', 'deliveries.alertId')
    .select(['deliveries.id', 'deliveries.status', 'alerts.role', 'alerts.responseId'])
    .where('deliveries.channel', '=', 'email')
    .orderBy('alerts.role')
    .execute();
}
