import { createDatabase } from '@ambassador/db/database';
import { pingDatabase } from '@ambassador/db/health';
import { buildHealthServer } from '@ambassador/observability/health-server';
import { createLogger } from '@ambassador/observability/logger';
import { createMetricsRegistry } from '@ambassador/observability/metrics';
import { createProducerConnection, createWorkerConnection, watchEvictionPolicy } from '@ambassador/queue/connection';
import { JobProducer } from '@ambassador/queue/producer';
import { loadSecretKey } from '@ambassador/db/installation';
import { ACKNOWLEDGE_PURPOSE, digestUnsubscribeToken, invitationToken, loginToken, signValue } from '@ambassador/domain/tokens';
import { brand } from '@ambassador/html/brand';
import closeWithGrace from 'close-with-grace';
import { loadNotifierConfig } from './config.ts';
import { createMailer } from './mailer.ts';
import { createNotifierMetrics } from './metrics.ts';
import { startNotifier } from './service.ts';

const config = loadNotifierConfig();
const logger = createLogger({ service: 'notifier', level: config.logLevel });
const db = createDatabase(config.databaseUrl, { poolSize: config.concurrency + 2, applicationName: 'ambassador-notifier' });
const workerConnection = createWorkerConnection(config.redisUrl, logger, 'ambassador-notifier');
watchEvictionPolicy(workerConnection, logger);
const producerConnection = createProducerConnection(config.redisUrl, logger, 'ambassador-notifier-producer');
const producer = new JobProducer({ connection: producerConnection, logger });
const secret = await loadSecretKey(db, config.secretKey, logger);
const mailer = createMailer({
  smtpUrl: config.smtpUrl,
  requireTls: config.smtpRequireTls,
  from: config.mailFrom,
  poolSize: config.smtpPoolSize,
});
const registry = createMetricsRegistry('notifier');

const notifier = startNotifier(
  {
    db,
    mailer,
    metrics: createNotifierMetrics(registry),
    mailFrom: config.mailFrom,
    responseUrl: (responseId) => `${config.managementBaseUrl}/responses/${responseId}`,
    acknowledgeUrl: (alertId) => `${config.managementBaseUrl}/ack/${signValue(secret.key, ACKNOWLEDGE_PURPOSE, alertId)}`,
    loginUrl: (loginLinkId) => `${config.managementBaseUrl}/login/${loginToken(secret.key, loginLinkId)}`,
    invitationUrl: (invitationId) => `${config.publicBaseUrl}/s/${invitationToken(secret.key, invitationId)}`,
    registerUrl: `${config.managementBaseUrl}/register`,
    unsubscribeUrl: (employeeId, subscriptionVersion) =>
      `${config.managementBaseUrl}/digest/unsubscribe/${digestUnsubscribeToken(secret.key, employeeId, subscriptionVersion)}`,
    timeZone: config.timeZone,
    brand: brand(config.brand.name, config.brand.color),
    producer,
    clock: () => new Date(),
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
  await producer.close();
  producerConnection.disconnect();
  workerConnection.disconnect();
  await db.destroy();
});

if (config.healthPort > 0) await health.listen({ host: config.host, port: config.healthPort });
logger.info({ concurrency: config.concurrency }, 'notifier started');
