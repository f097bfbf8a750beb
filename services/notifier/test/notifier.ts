import type { Logger } from '@ambassador/observability/logger';
import { Registry } from '@ambassador/observability/metrics';
import { createWorkerConnection } from '@ambassador/queue/connection';
import type { TestDatabase, TestRedis } from '@ambassador/testing/fixtures';
import { createMailer } from '../src/mailer.ts';
import { createNotifierMetrics } from '../src/metrics.ts';
import { type Notifier, startNotifier } from '../src/service.ts';

export const MAIL_FROM = 'Ambassador <noreply@ambassador.test>';
export const responseUrl = (responseId: string) => `http://ambassador.test/responses/${responseId}`;

/** The notifier as main.ts runs it, sending to the given SMTP server. */
export async function runNotifier(
  { database, redis, logger }: { database: TestDatabase; redis: TestRedis; logger: Logger },
  smtpUrl: string,
  { redisUrl = redis.url, concurrency = 4 }: { redisUrl?: string; concurrency?: number } = {},
): Promise<Notifier> {
  const workerConnection = createWorkerConnection(redisUrl, logger, 'notifier-test');
  const mailer = createMailer({ smtpUrl, from: MAIL_FROM, poolSize: 2 });
  const notifier = startNotifier(
    {
      db: database.db,
      mailer,
      metrics: createNotifierMetrics(new Registry()),
      mailFrom: MAIL_FROM,
      responseUrl,
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
      workerConnection.disconnect();
    },
  };
}
