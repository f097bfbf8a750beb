import { commaSeparated, databaseUrl, logLevel, port, positiveInteger, redisUrl } from '@ambassador/config/env';
import { z } from 'zod';

export const ingestConfigSchema = z
  .object({
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: positiveInteger(10),
    REDIS_URL: redisUrl,
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    PORT: port(3000),
    API_KEYS: commaSeparated,
    LOG_LEVEL: logLevel,
  })
  .transform((env) => ({
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    host: env.HOST,
    port: env.PORT,
    apiKeys: env.API_KEYS,
    logLevel: env.LOG_LEVEL,
  }));

export type IngestConfig = z.output<typeof ingestConfigSchema>;
