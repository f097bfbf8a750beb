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
import { smppAccount } from '../src/config.ts';
import { smsReceiptRecorder } from '../src/receipts.ts';
import { createMailer } from '../src/transports/email.ts';
import { createHttpTransport } from '../src/transports/http.ts';
import { createSmsTransport, type SmppTimings, smsNotConfigured } from '../src/transports/sms.ts';

export const MAIL_FROM = 'Ambassador <noreply@ambassador.test>';

/** The links the notifier under test puts in its messages. */
export const testLinks = createLinks({ managementBaseUrl: TEST_MANAGEMENT_BASE_URL, publicBaseUrl: TEST_PUBLIC_BASE_URL, secretKey: TEST_SECRET_KEY });

export const SMS_SENDER = 'Ambassador';

/** The SMS gateway of a notifier under test: SMPP_URL, and shorter waits than in production where a test needs them. */
export interface TestSmpp {
  url: string;
  timings?: Partial<SmppTimings>;
}

/** The notifier as main.ts runs it, sending to the given SMTP server (and SMPP server: without one, SMS is not configured). */
export async function runNotifier(
  { database, redis, logger }: { database: TestDatabase; redis: TestRedis; logger: Logger },
  smtpUrl: string,
  {
    redisUrl = redis.url,
    concurrency = 4,
    clock = new TestClock(),
    requireTls = false,
    smpp,
    httpTimeoutMs = 2000,
  }: {
    redisUrl?: string;
    concurrency?: number;
    clock?: TestClock;
    requireTls?: boolean;
    smpp?: TestSmpp;
    /** How long a destination's receiver may take (DESTINATION_TIMEOUT_MS). */
    httpTimeoutMs?: number;
  } = {},
): Promise<Notifier> {
  const workerConnection = createWorkerConnection(redisUrl, logger, 'notifier-test');
  const mailer = createMailer({ smtpUrl, requireTls, from: MAIL_FROM, poolSize: 2 });
  const metrics = createNotifierMetrics(new Registry());
  const sms = smpp
    ? createSmsTransport({
        account: smppAccount(smpp.url, SMS_SENDER),
        logger,
        onReceipt: smsReceiptRecorder({ db: database.db, clock: clock.read, logger, metrics }),
        timings: smpp.timings,
      })
    : undefined;
  // The test receivers listen on 127.0.0.1 (DESTINATIONS_ALLOW_PRIVATE); signatures carry the real time, which receivers check.
  const http = createHttpTransport({ addresses: { allowPrivate: true }, timeoutMs: httpTimeoutMs, clock: () => new Date() });
  const timeZone = 'Europe/Amsterdam';
  const notifier = startNotifier(
    {
      engine: {
        db: database.db,
        handlers: messageHandlers({ timeZone }),
        transports: { email: mailer, sms: sms ?? smsNotConfigured, webhook: http, teams: http, slack: http },
        context: { links: testLinks, brand: brand('Ingenieursbureau Test', '#1f5fad'), mailFrom: MAIL_FROM, timeZone },
        metrics,
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
      await sms?.close();
      workerConnection.disconnect();
    },
  };
}
