import type { Database } from '@ambassador/db/database';
import type { Registry } from '@ambassador/observability/metrics';
import type { Redis } from '@ambassador/queue/connection';
import type { JobProducer } from '@ambassador/queue/producer';
import type { IngestMetrics } from './metrics.ts';

/** What the ingest app is built from; `main.ts` creates these, tests pass their own. */
export interface IngestDependencies {
  db: Database;
  /** A producer connection: commands fail fast while Redis is down. */
  redis: Redis;
  producer: JobProducer;
  registry: Registry;
  metrics: IngestMetrics;
  apiKeys: readonly string[];
}
