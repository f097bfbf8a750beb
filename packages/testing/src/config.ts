import { flag, logLevel } from '@ambassador/config/env';
import { z } from 'zod';

/** The test run's own settings, read once from the environment. */
export const testConfig = z
  .object({
    TEST_DATABASE_URL: z.string().optional(),
    DATABASE_URL: z.string().optional(),
    TEST_REDIS_URL: z.string().optional(),
    REDIS_URL: z.string().optional(),
    /** Log level of the services under test; silent unless asked for. */
    TEST_LOG_LEVEL: logLevel.default('silent'),
    CI: flag(false),
    /** Handed on to the service processes a test starts. */
    PATH: z.string().default(''),
    /** The Chromium the browser tests drive; not set, the first Chromium or Chrome on PATH. */
    CHROMIUM_PATH: z.string().optional(),
  })
  .transform((env) => ({
    postgresUrl: env.TEST_DATABASE_URL ?? env.DATABASE_URL,
    redisUrl: env.TEST_REDIS_URL ?? env.REDIS_URL,
    logLevel: env.TEST_LOG_LEVEL,
    ci: env.CI,
    path: env.PATH,
    chromiumPath: env.CHROMIUM_PATH,
  }))
  .parse(process.env);
