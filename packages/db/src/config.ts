import { databaseUrl, loadConfig, logLevel } from '@ambassador/config/env';
import { z } from 'zod';

export const migrateConfigSchema = z
  .object({ DATABASE_URL: databaseUrl, LOG_LEVEL: logLevel })
  .transform((env) => ({ databaseUrl: env.DATABASE_URL, logLevel: env.LOG_LEVEL }));

export type MigrateConfig = z.output<typeof migrateConfigSchema>;

/** The configuration from the process environment; a missing or malformed variable ends the process with one line. */
export function loadMigrateConfig(): MigrateConfig {
  return loadConfig(migrateConfigSchema, process.env);
}
