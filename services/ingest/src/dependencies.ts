import type { ApiKey } from '@ambassador/config/env';
import type { Database } from '@ambassador/db/database';
import type { InvitationPolicy } from '@ambassador/domain/invitations';
import type { RecommendQuestion } from '@ambassador/domain/net-promoter';
import type { Registry } from '@ambassador/observability/metrics';
import type { Redis } from '@ambassador/queue/connection';
import type { JobProducer } from '@ambassador/queue/producer';
import type { Brand } from '@ambassador/html/brand';
import type { AddressPolicy } from '@ambassador/http/destination-address';
import type { IngestMetrics } from './metrics.ts';
import type { ResponseIntake } from './response-intake.ts';

/** What the ingest app is built from; `main.ts` creates these, tests pass their own. */
export interface IngestDependencies {
  db: Database;
  /** A producer connection: commands fail fast while Redis is down. */
  redis: Redis;
  producer: JobProducer;
  registry: Registry;
  metrics: IngestMetrics;
  /** The keys of `API_KEYS`, each with its scope. */
  apiKeys: readonly ApiKey[];
  /** Stores API responses in group commits. */
  intake: ResponseIntake;
  /** The time now; tests move it. */
  clock: () => Date;
  /** The installation's secret key: invitation tokens are derived from it. */
  secretKey: Buffer;
  invitationPolicy: InvitationPolicy;
  /** Base of the links handed out (invitation links). */
  publicBaseUrl: string;
  brand: Brand;
  /** Whether the form asks the yes/no recommendation or the 0–10 one (SURVEY_RECOMMEND_QUESTION). */
  recommendQuestion: RecommendQuestion;
  /** Requests per minute per client address on the form routes; counted in Redis under `namespace`. */
  formRateLimit: { perMinute: number; namespace: string };
  /** Requests per minute per API key on /api/v1 (`0`: no limit); counted in Redis under `namespace`. */
  apiRateLimit: { perMinute: number; namespace: string };
  /** Where destinations may point: DESTINATIONS_ALLOW_PRIVATE also allows http and internal addresses (development, tests). */
  destinations: AddressPolicy;
}
