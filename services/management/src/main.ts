import { createDatabase } from '@ambassador/db/database';
import { loadSecretKey } from '@ambassador/db/installation';
import { createLogger } from '@ambassador/observability/logger';
import { createMetricsRegistry } from '@ambassador/observability/metrics';
import { createProducerConnection, settleConnection, watchEvictionPolicy } from '@ambassador/queue/connection';
import { JobProducer } from '@ambassador/queue/producer';
import closeWithGrace from 'close-with-grace';
import { createManagementServer } from './app.ts';
import { BackgroundWork } from './background-work.ts';
import { loadManagementConfig } from './config.ts';

const config = loadManagementConfig();
const logger = createLogger({ service: 'management', level: config.logLevel });
if (config.adminEmails.size === 0) logger.warn('ADMIN_EMAILS is empty: nobody sees every response or the queues');

const db = createDatabase(config.databaseUrl, { poolSize: config.databasePoolSize, applicationName: 'ambassador-management' });
const redis = createProducerConnection(config.redisUrl, logger, 'ambassador-management');
watchEvictionPolicy(redis, logger);
await settleConnection(redis);
const producer = new JobProducer({ connection: redis, logger });
const secret = await loadSecretKey(db, config.secretKey, logger);

const app = await createManagementServer(logger, {
  db,
  redis,
  producer,
  registry: createMetricsRegistry('management'),
  clock: () => new Date(),
  secretKey: secret.key,
  adminEmails: config.adminEmails,
  baseUrl: config.baseUrl,
  sessionHours: config.sessionHours,
  loginLinkMinutes: config.loginLinkMinutes,
  loginRateLimit: { perMinute: config.loginRateLimitPerMinute, namespace: 'ambassador:login-rate:' },
  loginEmailsPerRecipient: config.loginEmailsPerRecipient,
  background: new BackgroundWork(),
  timeZone: config.timeZone,
  followUpPolicy: config.followUpPolicy,
  companySignIn: config.companySignIn,
  destinations: config.destinations,
  invitationPolicy: config.invitationPolicy,
}, { trustProxy: config.trustProxy });

closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err) logger.error({ err }, 'shutting down after an error');
  else logger.info({ signal }, 'shutting down');
  await app.close();
  await producer.close();
  redis.disconnect();
  await db.destroy();
});

await app.listen({ host: config.host, port: config.port });
