import type { TestProject } from 'vitest/node';

/**
 * Where the tests' PostgreSQL and Redis come from, in this order:
 * 1. `TEST_DATABASE_URL`/`DATABASE_URL` and `TEST_REDIS_URL`/`REDIS_URL` when given (CI, this machine);
 * 2. otherwise containers started by testcontainers, when Docker is available (laptops);
 * 3. otherwise the local-development defaults on 127.0.0.1.
 */

export interface Infrastructure {
  /** A PostgreSQL URL of a user allowed to create databases. */
  postgresUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export async function provisionInfrastructure(given: {
  postgresUrl: string | undefined;
  redisUrl: string | undefined;
}): Promise<Infrastructure> {
  const stops: (() => Promise<unknown>)[] = [];

  let { postgresUrl, redisUrl } = given;
  if ((!postgresUrl || !redisUrl) && (await dockerIsAvailable())) {
    if (!postgresUrl) {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const container = await new PostgreSqlContainer('postgres:17-alpine').start();
      stops.push(() => container.stop());
      postgresUrl = container.getConnectionUri();
    }
    if (!redisUrl) {
      const { RedisContainer } = await import('@testcontainers/redis');
      const container = await new RedisContainer('redis:7-alpine').withCommand(['redis-server', '--maxmemory-policy', 'noeviction']).start();
      stops.push(() => container.stop());
      redisUrl = container.getConnectionUrl();
    }
  }
  return {
    postgresUrl: postgresUrl ?? DEFAULT_POSTGRES_URL,
    redisUrl: redisUrl ?? DEFAULT_REDIS_URL,
    stop: async () => {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}

async function dockerIsAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    templateDatabase: string;
    redisUrl: string;
    runId: string;
  }
}

export type { TestProject };
