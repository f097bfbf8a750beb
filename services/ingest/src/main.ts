import { createDatabase } from '@ambassador/db/database';
import { loadSecretKey } from '@ambassador/db/installation';
import { createLogger } from '@ambassador/observability/logger';
import { createMetricsRegistry } from '@ambassador/observability/metrics';
import { createProducerConnection, settleConnection, watchEvictionPolicy } from '@ambassador/queue/connection';
import { registerQueueMetrics } from '@ambassador/queue/metrics';
import { JobProducer } from '@ambassador/queue/producer';
import closeWithGrace from 'close-with-grace';
import { createIngestServer } from './app.ts';
import { brand } from '@ambassador/html/brand';
import { loadIngestConfig } from './config.ts';
import { createIngestMetrics } from './metrics.ts';
import { ResponseIntake } from './response-intake.ts';

const config = loadIngestConfig();
const logger = createLogger({ service: 'ingest', level: config.logLevel });
if (config.apiKeys.length === 0) logger.warn('API_KEYS is empty: every /api/v1 call is refused with 401');

const db = createDatabase(config.databaseUrl, { poolSize: config.databasePoolSize, applicationName: 'ambassador-ingest' });
const redis = createProducerConnection(config.redisUrl, logger, 'ambassador-ingest');
watchEvictionPolicy(redis, logger);
await settleConnection(redis);
const producer = new JobProducer({ connection: redis, logger });
const registry = createMetricsRegistry('ingest');
registerQueueMetrics(registry, producer);

const secret = await loadSecretKey(db, config.secretKey, logger);

const metrics = createIngestMetrics(registry);
const app = await createIngestServer(logger, {
  db,
  redis,
  producer,
  registry,
  metrics,
  intake: new ResponseIntake({ db, producer, metrics, logger }, config.intake),
  apiKeys: config.apiKeys,
  clock: () => new Date(),
  secretKey: secret.key,
  invitationPolicy: config.invitationPolicy,
  publicBaseUrl: config.publicBaseUrl,
  brand: brand(config.brand.name, config.brand.color),
  formRateLimit: config.formRateLimit,
  recommendQuestion: config.recommendQuestion,
  apiRateLimit: config.apiRateLimit,
  destinations: config.destinations,
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
