import { apiKeyList, type TrustProxy } from '@ambassador/config/env';
import { defaultInvitationPolicy, type InvitationPolicy } from '@ambassador/domain/invitations';
import type { RecommendQuestion } from '@ambassador/domain/net-promoter';
import type { Logger } from '@ambassador/observability/logger';
import { Registry } from '@ambassador/observability/metrics';
import { createProducerConnection, settleConnection } from '@ambassador/queue/connection';
import { JobProducer } from '@ambassador/queue/producer';
import { TEST_PUBLIC_BASE_URL, TEST_SECRET_KEY, TestClock } from '@ambassador/testing/clock';
import { test as base, type TestDatabase, type TestRedis } from '@ambassador/testing/fixtures';
import { createIngestServer, type IngestServer } from '../src/app.ts';
import type { IngestDependencies } from '../src/dependencies.ts';
import { brand } from '@ambassador/html/brand';
import { createIngestMetrics } from '../src/metrics.ts';
import { ResponseIntake } from '../src/response-intake.ts';

export const API_KEY = 'test-api-key-0123456789';

export interface IngestUnderTest {
  app: IngestServer;
  /** What the app was built from, for a test that builds another app from them. */
  dependencies: IngestDependencies;
  producer: JobProducer;
  clock: TestClock;
  close(): Promise<void>;
}

/** The ingest app as `main.ts` builds it, on the test's own database and Redis prefix. */
export interface IngestOptions {
  /** Entries as `API_KEYS` has them: `key` or `key:scope`. */
  apiKeys?: string[];
  redisUrl?: string;
  clock?: TestClock;
  invitationPolicy?: InvitationPolicy;
  formRateLimit?: number;
  recommendQuestion?: RecommendQuestion;
  apiRateLimit?: number;
  trustProxy?: TrustProxy;
  /** DESTINATIONS_ALLOW_PRIVATE: the tests' receivers listen on 127.0.0.1, so true unless a test says otherwise. */
  allowPrivateDestinations?: boolean;
}

export async function buildIngest(
  { database, redis, logger }: { database: TestDatabase; redis: TestRedis; logger: Logger },
  {
    apiKeys = [API_KEY],
    redisUrl = redis.url,
    clock = new TestClock(),
    invitationPolicy = defaultInvitationPolicy,
    formRateLimit = 1000,
    recommendQuestion = 'yes_no',
    apiRateLimit = 100_000,
    trustProxy = false,
    allowPrivateDestinations = true,
  }: IngestOptions = {},
): Promise<IngestUnderTest> {
  const connection = createProducerConnection(redisUrl, logger, 'ingest-test');
  await settleConnection(connection);
  const producer = new JobProducer({ connection, logger, prefix: redis.prefix });
  const registry = new Registry();
  const metrics = createIngestMetrics(registry);
  const dependencies: IngestDependencies = {
    db: database.db,
    redis: connection,
    producer,
    registry,
    metrics,
    intake: new ResponseIntake({ db: database.db, producer, metrics, logger }, { maxBatch: 200, maxConcurrentBatches: 4 }),
    apiKeys: apiKeyList.parse(apiKeys.join(',')),
    clock: clock.read,
    secretKey: TEST_SECRET_KEY,
    invitationPolicy,
    publicBaseUrl: TEST_PUBLIC_BASE_URL,
    brand: brand('Ingenieursbureau Test', '#1f5fad'),
    recommendQuestion,
    formRateLimit: { perMinute: formRateLimit, namespace: `${redis.prefix}:form-rate:` },
    apiRateLimit: { perMinute: apiRateLimit, namespace: `${redis.prefix}:api-rate:` },
    destinations: { allowPrivate: allowPrivateDestinations },
  };
  const app = await createIngestServer(logger, dependencies, { trustProxy });
  return {
    app,
    dependencies,
    producer,
    clock,
    async close() {
      await app.close();
      await producer.close();
      connection.disconnect();
    },
  };
}

export const authorized = { authorization: `Bearer ${API_KEY}` };

/** Seeds an account manager with a manager, and a project of theirs, through the API. */
export async function seedProject(
  app: IngestServer,
  { projectId = 'P-100', withManager = true }: { projectId?: string; withManager?: boolean } = {},
): Promise<void> {
  const put = async (url: string, payload: object) => {
    const response = await app.inject({ method: 'PUT', url, headers: authorized, payload });
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  };
  if (withManager) await put('/api/v1/employees/mgr-1', { name: 'Marieke de Vries', email: 'marieke@firm.example' });
  await put('/api/v1/employees/am-1', {
    name: 'Anton Bakker',
    email: 'anton@firm.example',
    ...(withManager ? { managerId: 'mgr-1' } : {}),
  });
  await put(`/api/v1/projects/${projectId}`, {
    name: 'Riolering Oost',
    client: { id: 'gemeente-utrecht', name: 'Gemeente Utrecht' },
    contact: { name: 'Jan Jansen', email: 'jan.jansen@utrecht.example' },
    accountManagerId: 'am-1',
  });
}

/** The shared fixtures plus `ingest`: the app on this test's database and Redis prefix. */
export const test = base.extend('ingest', async ({ database, redis, logger }, { onCleanup }) => {
  const ingest = await buildIngest({ database, redis, logger });
  onCleanup(() => ingest.close());
  return ingest;
});
