import { createDatabase } from '@ambassador/db/database';
import { pingDatabase } from '@ambassador/db/health';
import { buildHealthServer } from '@ambassador/observability/health-server';
import { createLogger } from '@ambassador/observability/logger';
import { createMetricsRegistry } from '@ambassador/observability/metrics';
import { createWorkerConnection, watchEvictionPolicy } from '@ambassador/queue/connection';
import { loadSecretKey } from '@ambassador/db/installation';
import { createLinks } from '@ambassador/links/links';
import { brand } from '@ambassador/html/brand';
import closeWithGrace from 'close-with-grace';
import { loadNotifierConfig } from './config.ts';
import { messageHandlers } from './messages/handlers.ts';
import { smsReceiptRecorder } from './receipts.ts';
import { createMailer } from './transports/email.ts';
import { createHttpTransport } from './transports/http.ts';
import { createSmsTransport, smsNotConfigured } from './transports/sms.ts';
import { createNotifierMetrics } from './metrics.ts';
import { startNotifier } from './service.ts';

const config = loadNotifierConfig();
const logger = createLogger({ service: 'notifier', level: config.logLevel });
const db = createDatabase(config.databaseUrl, { poolSize: config.concurrency + 2, applicationName: 'ambassador-notifier', preparedStatements: true });
const workerConnection = createWorkerConnection(config.redisUrl, logger, 'ambassador-notifier');
watchEvictionPolicy(workerConnection, logger);
const secret = await loadSecretKey(db, config.secretKey, logger);
const registry = createMetricsRegistry('notifier');
const metrics = createNotifierMetrics(registry);
const clock = () => new Date();
const sms = config.smpp
  ? createSmsTransport({ account: config.smpp, logger, onReceipt: smsReceiptRecorder({ db, clock, logger, metrics }) })
  : undefined;
if (!sms) logger.warn('SMPP_URL is not set: no SMS is sent, and SMS alerts fail with that reason');
const mailer = createMailer({
  smtpUrl: config.smtpUrl,
  requireTls: config.smtpRequireTls,
  from: config.mailFrom,
  poolSize: config.smtpPoolSize,
});

const http = createHttpTransport({ addresses: { allowPrivate: config.destinations.allowPrivate }, timeoutMs: config.destinations.timeoutMs, clock });
if (config.destinations.allowPrivate) logger.warn('DESTINATIONS_ALLOW_PRIVATE is true: destinations may use http and internal addresses');

const notifier = startNotifier(
  {
    engine: {
      db,
      handlers: messageHandlers({ timeZone: config.timeZone }),
      transports: { email: mailer, sms: sms ?? smsNotConfigured, webhook: http, teams: http, slack: http },
      context: {
        links: createLinks({ managementBaseUrl: config.managementBaseUrl, publicBaseUrl: config.publicBaseUrl, secretKey: secret.key }),
        brand: brand(config.brand.name, config.brand.color),
        mailFrom: config.mailFrom,
        timeZone: config.timeZone,
      },
      metrics,
      clock,
      claimMs: config.jobLockMs,
    },
    workerConnection,
    logger,
  },
  { concurrency: config.concurrency, lockDuration: config.jobLockMs, stalledInterval: config.jobLockMs },
);

const health = buildHealthServer({
  logger,
  registry,
  checks: {
    database: () => pingDatabase(db),
    redis: async () => {
      if (workerConnection.status !== 'ready') throw new Error(`redis is ${workerConnection.status}`);
    },
  },
});

closeWithGrace({ delay: 15_000 }, async ({ err, signal }) => {
  if (err) logger.error({ err }, 'shutting down after an error');
  else logger.info({ signal }, 'shutting down: finishing e-mails in progress');
  await notifier.close();
  await health.close();
  mailer.close();
  await sms?.close();
  workerConnection.disconnect();
  await db.destroy();
});

if (config.healthPort > 0) await health.listen({ host: config.host, port: config.healthPort });
logger.info({ concurrency: config.concurrency, sms: sms !== undefined }, 'notifier started');
