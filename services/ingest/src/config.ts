import {
  apiKeyList,
  brandColor,
  brandName,
  databaseUrl,
  days,
  flag,
  httpBaseUrl,
  loadConfig,
  logLevel,
  port,
  positiveInteger,
  redisUrl,
  secretKeyRequired,
  secretKeyVariables,
  trustProxy,
} from '@ambassador/config/env';
import { recommendQuestions } from '@ambassador/domain/net-promoter';
import { z } from 'zod';

export const ingestConfigSchema = z
  .object({
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: positiveInteger(10),
    REDIS_URL: redisUrl,
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    PORT: port(3000),
    API_KEYS: apiKeyList,
    LOG_LEVEL: logLevel,
    PUBLIC_BASE_URL: httpBaseUrl('http://localhost:3000'),
    ...secretKeyVariables,
    INVITATION_VALIDITY_DAYS: days(60),
    REMINDER_AFTER_DAYS: days(7),
    INVITATION_THROTTLE_DAYS: days(90),
    BRAND_NAME: brandName,
    BRAND_COLOR: brandColor,
    FORM_RATE_LIMIT_PER_MINUTE: positiveInteger(60),
    /** `score`: the form asks the 0–10 recommendation question instead of the yes/no one. */
    SURVEY_RECOMMEND_QUESTION: z.enum(recommendQuestions).default('yes_no'),
    /**
     * Requests per minute per API key, shared by every ingest instance; `0` turns the limit
     * off. Generous by default: one integrator's runaway loop is stopped, while a bulk load
     * of thousands of responses a second through one key is not.
     */
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(60_000),
    TRUST_PROXY: trustProxy,
    /** Most responses stored by one statement (a group commit). */
    INTAKE_MAX_BATCH: positiveInteger(200),
    /** Group commits in flight at once; keep below DATABASE_POOL_SIZE. */
    INTAKE_CONCURRENT_BATCHES: positiveInteger(2),
    /** Lets destinations use http and internal addresses: development and tests only. */
    DESTINATIONS_ALLOW_PRIVATE: flag(false),
  })
  .check(secretKeyRequired)
  .transform((env) => ({
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    host: env.HOST,
    port: env.PORT,
    apiKeys: env.API_KEYS,
    logLevel: env.LOG_LEVEL,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    secretKey: env.SECRET_KEY,
    invitationPolicy: {
      validityDays: Math.max(1, env.INVITATION_VALIDITY_DAYS),
      reminderAfterDays: env.REMINDER_AFTER_DAYS,
      throttleDays: env.INVITATION_THROTTLE_DAYS,
    },
    brand: { name: env.BRAND_NAME, color: env.BRAND_COLOR },
    recommendQuestion: env.SURVEY_RECOMMEND_QUESTION,
    formRateLimit: { perMinute: env.FORM_RATE_LIMIT_PER_MINUTE, namespace: 'ambassador:form-rate:' },
    apiRateLimit: { perMinute: env.API_RATE_LIMIT_PER_MINUTE, namespace: 'ambassador:api-rate:' },
    trustProxy: env.TRUST_PROXY,
    intake: { maxBatch: env.INTAKE_MAX_BATCH, maxConcurrentBatches: env.INTAKE_CONCURRENT_BATCHES },
    destinations: { allowPrivate: env.DESTINATIONS_ALLOW_PRIVATE },
  }));

export type IngestConfig = z.output<typeof ingestConfigSchema>;

/** The configuration from the process environment; a missing or malformed variable ends the process with one line. */
export function loadIngestConfig(): IngestConfig {
  return loadConfig(ingestConfigSchema, process.env);
}
