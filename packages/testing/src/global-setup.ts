import { randomBytes } from 'node:crypto';
import { createDatabase } from '@ambassador/db/database';
import { migrateToLatest } from '@ambassador/db/migrator';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { testConfig } from './config.ts';
import { provisionInfrastructure } from './infrastructure.ts';
import { databaseUrl, dropDatabases } from './postgres.ts';

/**
 * Once per test run: find PostgreSQL and Redis, and build a migrated template database
 * that every test clones (CREATE DATABASE … TEMPLATE) to get a fresh database of its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const infrastructure = await provisionInfrastructure(testConfig);
  const runId = randomBytes(4).toString('hex');
  const templateDatabase = `ambassador_test_${runId}_template`;

  const admin = new pg.Client({ connectionString: infrastructure.postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(templateDatabase)}`);
  await admin.end();

  const template = createDatabase(databaseUrl(infrastructure.postgresUrl, templateDatabase), { poolSize: 1 });
  try {
    await migrateToLatest(template);
  } finally {
    await template.destroy();
  }

  project.provide('postgresUrl', infrastructure.postgresUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('redisUrl', infrastructure.redisUrl);
  project.provide('runId', runId);

  return async () => {
    await dropDatabases(infrastructure.postgresUrl, `ambassador_test_${runId}_%`);
    await infrastructure.stop();
  };
}
