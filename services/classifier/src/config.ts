import { databaseUrl, loadConfig, logLevel, milliseconds, port, positiveInteger, redisUrl } from '@ambassador/config/env';
import { z } from 'zod';

export const classifierConfigSchema = z
  .object({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    LOG_LEVEL: logLevel,
    CLASSIFIER_CONCURRENCY: positiveInteger(8),
    /**
     * How long a job stays locked to a worker that stopped renewing it (it crashed or was
     * killed) before another worker takes it over.
     */
    JOB_LOCK_MS: milliseconds(30_000),
    /** Port of /healthz, /readyz and /metrics; 0 turns the endpoint off. */
    HEALTH_PORT: port(3101),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
  })
  .transform((env) => ({
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    logLevel: env.LOG_LEVEL,
    concurrency: env.CLASSIFIER_CONCURRENCY,
    jobLockMs: env.JOB_LOCK_MS,
    healthPort: env.HEALTH_PORT,
    host: env.HOST,
  }));

export type ClassifierConfig = z.output<typeof classifierConfigSchema>;

/** The configuration from the process environment; a missing or malformed variable ends the process with one line. */
export function loadClassifierConfig(): ClassifierConfig {
  return loadConfig(classifierConfigSchema, process.env);
}
