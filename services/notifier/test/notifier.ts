import type { Logger } from '@ambassador/observability/logger';
import { Registry } from '@ambassador/observability/metrics';
import { brand } from '@ambassador/html/brand';
import { createLinks } from '@ambassador/links/links';
import { TEST_MANAGEMENT_BASE_URL, TEST_PUBLIC_BASE_URL, TEST_SECRET_KEY, TestClock } from '@ambassador/testing/clock';
import { createWorkerConnection } from '@ambassador/queue/connection';
import type { TestDatabase, TestRedis } from '@ambassador/testing/fixtures';
import { messageHandlers } from '../src/messages/handlers.ts';
import { createNotifierMetrics } from '../src/metrics.ts';
import { type Notifier, startNotifier } from '../src/service.ts';
import { createMailer } from '../src/transports/email.ts';

export const MAIL_FROM = 'Ambassador <noreply@ambassador.test>';

/** The links the notifier under test puts in its messages. */
export const testLinks = createLinks({ managementBaseUrl: TEST_MANAGEMENT_BASE_URL, publicBaseUrl: TEST_PUBLIC_BASE_URL, secretKey: TEST_SECRET_KEY });

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
  const mailer = createMailer({ smtpUrl, requireTls, from: MAIL_FROM, poolSize: 2 });
  const timeZone = 'Europe/Amsterdam';
  const notifier = startNotifier(
    {
      engine: {
        db: database.db,
        handlers: messageHandlers({ timeZone }),
        transports: { email: mailer },
        context: { links: testLinks, brand: brand('Ingenieursbureau Test', '#1f5fad'), mailFrom: MAIL_FROM, timeZone },
        metrics: createNotifierMetrics(new Registry()),
        clock: clock.read,
        claimMs: 30_000,
      },
      workerConnection,
      logger,
      prefix: redis.prefix,
    },
    { concurrency },
  );
  await Promise.all(notifier.workers.map((worker) => worker.waitUntilReady()));
  return {
    ...notifier,
    async close() {
      await notifier.close();
      mailer.close();
      workerConnection.disconnect();
    },
  };
}
