import type { Logger } from '@ambassador/observability/logger';
import { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

// Reconnect quickly at first, then every 2 s, forever: Redis coming back must be noticed.
const retryStrategy = (times: number): number => Math.min(100 * times, 2000);

function logConnectionErrors(redis: Redis, logger: Logger, role: string): Redis {
  let lastLoggedAt = 0;
  redis.on('error', (error: Error) => {
    // While Redis is down ioredis reports every reconnect attempt; one line per 10 s is enough.
    if (Date.now() - lastLoggedAt < 10_000) return;
    lastLoggedAt = Date.now();
    logger.warn({ err: error, role }, 'redis connection error');
  });
  return redis;
}

/**
 * For producers (ingest, the scheduler): commands fail at once while Redis is unreachable
 * instead of waiting in an offline queue, so a request never hangs on Redis.
 */
export function createProducerConnection(url: string, logger: Logger, connectionName: string): Redis {
  const redis = new Redis(url, {
    connectionName,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy,
  });
  return logConnectionErrors(redis, logger, 'producer');
}

/**
 * Resolves once the connection is ready, or after `timeoutMs` either way: a service starts
 * whether or not Redis is there (PostgreSQL holds the work), but need not fail its very
 * first jobs just because the connection was still being made.
 */
export async function settleConnection(redis: Redis, timeoutMs = 2000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
  });
}

/** For workers: commands wait for Redis to come back (`maxRetriesPerRequest: null`). */
export function createWorkerConnection(url: string, logger: Logger, connectionName: string): Redis {
  const redis = new Redis(url, { connectionName, maxRetriesPerRequest: null, retryStrategy });
  return logConnectionErrors(redis, logger, 'worker');
}

/**
 * Warns loudly unless Redis would rather refuse writes than silently evict keys: with any
 * other `maxmemory-policy` a full Redis drops queued jobs. Runs at start and on every
 * reconnect (it may be a different Redis by then).
 */
export function watchEvictionPolicy(redis: Redis, logger: Logger): void {
  const check = async (): Promise<void> => {
    try {
      const info = await redis.info('memory');
      const policy = /^maxmemory_policy:(\S+)/mu.exec(info)?.[1];
      if (policy && policy !== 'noeviction') {
        logger.warn(
          { maxmemoryPolicy: policy },
          `REDIS MAXMEMORY-POLICY IS "${policy}": queued jobs may be evicted. Set maxmemory-policy to noeviction.`,
        );
      }
    } catch (error) {
      logger.debug({ err: error }, 'could not read the redis eviction policy');
    }
  };
  redis.on('ready', () => void check());
  if (redis.status === 'ready') void check();
}
