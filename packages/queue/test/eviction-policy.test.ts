import { capturingLogger } from '@ambassador/testing/log-capture';
import { startRedisServer } from '@ambassador/testing/redis-server';
import { describe, expect, it, vi } from 'vitest';
import { createProducerConnection, watchEvictionPolicy } from '../src/connection.ts';

describe('the Redis eviction policy check', () => {
  it('warns loudly when Redis may evict queued jobs', async () => {
    const redis = await startRedisServer({ maxmemoryPolicy: 'allkeys-lru' });
    const { logger, entries } = capturingLogger('info');
    const connection = createProducerConnection(redis.url, logger, 'eviction-test');
    try {
      watchEvictionPolicy(connection, logger);
      await vi.waitFor(() => expect(entries().some((line) => line.level === 'warn' && /MAXMEMORY-POLICY IS "allkeys-lru"/.test(line.msg))).toBe(true));
    } finally {
      connection.disconnect();
      await redis.kill();
    }
  });

  it('stays quiet with noeviction', async () => {
    const redis = await startRedisServer();
    const { logger, entries } = capturingLogger('info');
    const connection = createProducerConnection(redis.url, logger, 'eviction-test');
    try {
      watchEvictionPolicy(connection, logger);
      await vi.waitFor(() => expect(connection.status).toBe('ready'));
      // The check has run once the server answered a command after it (commands are ordered).
      await connection.ping();
      await connection.info('memory');
      expect(entries().filter((line) => line.level === 'warn')).toEqual([]);
    } finally {
      connection.disconnect();
      await redis.kill();
    }
  });
});
