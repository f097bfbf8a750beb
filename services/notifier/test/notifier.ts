import type { Logger } from '@ambassador/observability/logger';
import { Registry } from '@ambassador/observability/metrics';
import { ACKNOWLEDGE_PURPOSE, digestUnsubscribeToken, invitationToken, loginToken, signValue } from '@ambassador/domain/tokens';
import { brand } from '@ambassador/html/brand';
import { TEST_MANAGEMENT_BASE_URL, TEST_PUBLIC_BASE_URL, TEST_SECRET_KEY, TestClock } from '@ambassador/testing/clock';
import { createProducerConnection, createWorkerConnection, settleConnection } from '@ambassador/queue/connection';
import { JobProducer } from '@ambassador/queue/producer';
import type { TestDatabase, TestRedis } from '@ambassador/testing/fixtures';
import { createMailer } from '../src/mailer.ts';
import { createNotifierMetrics } from '../src/metrics.ts';
import { type Notifier, startNotifier } from '../src/service.ts';

export const MAIL_FROM = 'Ambassador <noreply@ambassador.test>';
export const responseUrl = (responseId: string) => `${TEST_MANAGEMENT_BASE_URL}/responses/${responseId}`;
export const unsubscribeUrl = (employeeId: string, subscriptionVersion: number) =>
  `${TEST_MANAGEMENT_BASE_URL}/digest/unsubscribe/${digestUnsubscribeToken(TEST_SECRET_KEY, employeeId, subscriptionVersion)}`;

/** The notifier as main.ts runs it, sending to the given SMTP server. */
export async function runNotifier(
  { database, redis, logger }: { database: TestDatabase; redis: TestRedis; logger: Logger },
  smtpUrl: string,
  {
    redisUrl = redis.url,
    concurrency = 4,
    clock = new TestClock(),
    requireTls = false,
  }: { redisUrl?: string; concurrency?: number; clock?: TestClock; requireTls?: boolean } = {},
): Promise<Notifier> {
  const workerConnection = createWorkerConnection(redisUrl, logger, 'notifier-test');
  const producerConnection = createProducerConnection(redisUrl, logger, 'notifier-test-producer');
  await settleConnection(producerConnection);
  const producer = new JobProducer({ connection: producerConnection, logger, prefix: redis.prefix });
  const mailer = createMailer({ smtpUrl, requireTls, from: MAIL_FROM, poolSize: 2 });
  const notifier = startNotifier(
    {
      db: database.db,
      mailer,
      metrics: createNotifierMetrics(new Registry()),
      mailFrom: MAIL_FROM,
      responseUrl,
      acknowledgeUrl: (alertId) => `${TEST_MANAGEMENT_BASE_URL}/ack/${signValue(TEST_SECRET_KEY, ACKNOWLEDGE_PURPOSE, alertId)}`,
      loginUrl: (loginLinkId) => `${TEST_MANAGEMENT_BASE_URL}/login/${loginToken(TEST_SECRET_KEY, loginLinkId)}`,
      invitationUrl: (invitationId) => `${TEST_PUBLIC_BASE_URL}/s/${invitationToken(TEST_SECRET_KEY, invitationId)}`,
      registerUrl: `${TEST_MANAGEMENT_BASE_URL}/register`,
      unsubscribeUrl,
      timeZone: 'Europe/Amsterdam',
      brand: brand('Ingenieursbureau Test', '#1f5fad'),
      producer,
      clock: clock.read,
      workerConnection,
      logger,
      prefix: redis.prefix,
    },
    { concurrency },
  );
  await notifier.worker.waitUntilReady();
  return {
    ...notifier,
    async close() {
      await notifier.close();
      mailer.close();
      await producer.close();
      producerConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}
