import { databaseUrl, logLevel, milliseconds, port, positiveInteger, redisUrl } from '@ambassador/config/env';
import { z } from 'zod';

export const classifierConfigSchema = z
  .object({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    LOG_LEVEL: logLevel,
    CLASSIFIER_CONCURRENCY: positiveInteger(8),
    /** How often stored-but-unfinished work is looked for. */
    SWEEP_INTERVAL_MS: milliseconds(5000),
    /** How old unfinished work must be before the sweeper takes it (the normal path is much faster). */
    SWEEP_GRACE_MS: milliseconds(10_000),
    SWEEP_BATCH_SIZE: positiveInteger(500),
    /** Port of /healthz, /readyz and /metrics; 0 turns the endpoint off. */
    /**
     * How long a job stays locked to a worker that stopped renewing it (it crashed or was
     * killed) before another worker takes it over.
     */
    JOB_LOCK_MS: milliseconds(30_000),
    HEALTH_PORT: port(3101),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
  })
  .transform((env) => ({
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    logLevel: env.LOG_LEVEL,
    concurrency: env.CLASSIFIER_CONCURRENCY,
    sweep: { intervalMs: env.SWEEP_INTERVAL_MS, graceMs: env.SWEEP_GRACE_MS, batchSize: env.SWEEP_BATCH_SIZE },
    jobLockMs: env.JOB_LOCK_MS,
    healthPort: env.HEALTH_PORT,
    host: env.HOST,
  }));

export type ClassifierConfig = z.output<typeof classifierConfigSchema>;
