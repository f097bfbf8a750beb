import { createLogger } from '@ambassador/observability/logger';
import { loadMigrateConfig } from './config.ts';
import { ensureDatabaseExists } from './create-database.ts';
import { createDatabase } from './database.ts';
import { MigrationError, migrateToLatest } from './migrator.ts';

const config = loadMigrateConfig();
const logger = createLogger({ service: 'migrate', level: config.logLevel });
const db = createDatabase(config.databaseUrl, { poolSize: 1, applicationName: 'ambassador-migrate' });

try {
  if (await ensureDatabaseExists(config.databaseUrl)) logger.info('database created');
  const results = await migrateToLatest(db);
  for (const result of results) logger.info({ migration: result.migrationName }, 'migration applied');
  logger.info({ applied: results.length }, results.length ? 'database is up to date' : 'no pending migrations');
} catch (error) {
  const results = error instanceof MigrationError ? error.results : [];
  logger.fatal({ err: error, results }, 'migration failed');
  process.exitCode = 1;
} finally {
  await db.destroy();
}
