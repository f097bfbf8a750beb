/* eslint-disable no-empty-pattern -- vitest fixtures must destructure their first argument */
import { randomBytes } from 'node:crypto';
import { createDatabase, type Database } from '@ambassador/db/database';
import { createLogger, type Logger } from '@ambassador/observability/logger';
import { Redis } from 'ioredis';
import { test as base, inject } from 'vitest';
import { testConfig } from './config.ts';
import { createDatabaseFromTemplate, databaseUrl, dropDatabase } from './postgres.ts';
import { startTestHttpReceiver, type TestHttpReceiver } from './http-receiver.ts';
import { startTestSmppServer, type TestSmppServer } from './smpp-server.ts';
import { startTestSmtpServer, type TestSmtpServer } from './smtp-server.ts';

export interface TestDatabase {
  url: string;
  db: Database;
}

export interface TestRedis {
  url: string;
  /** BullMQ key prefix that no other test uses. */
  prefix: string;
}

let databaseCounter = 0;

/**
 * `test` with real infrastructure, fresh for each test that asks for it:
 * - `database`: a new database cloned from the migrated template;
 * - `redis`: the shared Redis with a key prefix of its own (removed afterwards);
 * - `smtp`: a real SMTP server on a free port;
 * - `smpp`: a real SMPP server (an SMS gateway) on a free port;
 * - `receiver`: a real HTTP server (a webhook, Teams or Slack endpoint) on a free port;
 * - `logger`: quiet unless TEST_LOG_LEVEL says otherwise.
 */
export const test = base
  .extend('logger', (): Logger => createLogger({ service: 'test', level: testConfig.logLevel, pretty: false }))
  .extend('database', async ({}, { onCleanup }): Promise<TestDatabase> => {
    const serverUrl = inject('postgresUrl');
    databaseCounter += 1;
    const name = `ambassador_test_${inject('runId')}_${process.pid}_${databaseCounter}`;
    await createDatabaseFromTemplate(serverUrl, name, inject('templateDatabase'));
    const url = databaseUrl(serverUrl, name);
    const db = createDatabase(url, { poolSize: 5 });
    onCleanup(async () => {
      await db.destroy();
      await dropDatabase(serverUrl, name);
    });
    return { url, db };
  })
  .extend('redis', ({}, { onCleanup }): TestRedis => {
    const url = inject('redisUrl');
    const prefix = `test-${randomBytes(6).toString('hex')}`;
    onCleanup(() => deleteKeys(url, `${prefix}:*`));
    return { url, prefix };
  })
  .extend('smtp', async ({}, { onCleanup }): Promise<TestSmtpServer> => {
    const server = await startTestSmtpServer();
    onCleanup(() => server.close());
    return server;
  })
  .extend('smpp', async ({}, { onCleanup }): Promise<TestSmppServer> => {
    const server = await startTestSmppServer();
    onCleanup(() => server.close());
    return server;
  })
  .extend('receiver', async ({}, { onCleanup }): Promise<TestHttpReceiver> => {
    const server = await startTestHttpReceiver();
    onCleanup(() => server.close());
    return server;
  });

async function deleteKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
