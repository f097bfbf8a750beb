import { Writable } from 'node:stream';
import { createLogger } from '@ambassador/observability/logger';
import { startRedisServer } from '@ambassador/testing/redis-server';
import { describe, expect, it, vi } from 'vitest';
import { createProducerConnection, watchEvictionPolicy } from '../src/connection.ts';

function capturingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const logger = createLogger({
    service: 'test',
    level: 'info',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as { level: string; msg: string });
        done();
      },
    }),
  });
  return { logger, lines };
}

describe('the Redis eviction policy check', () => {
  it('warns loudly when Redis may evict queued jobs', async () => {
    const redis = await startRedisServer({ maxmemoryPolicy: 'allkeys-lru' });
    const { logger, lines } = capturingLogger();
    const connection = createProducerConnection(redis.url, logger, 'eviction-test');
    try {
      watchEvictionPolicy(connection, logger);
      await vi.waitFor(() => expect(lines.some((line) => line.level === 'warn' && /MAXMEMORY-POLICY IS "allkeys-lru"/.test(line.msg))).toBe(true));
    } finally {
      connection.disconnect();
      await redis.kill();
    }
  });

  it('stays quiet with noeviction', async () => {
    const redis = await startRedisServer();
    const { logger, lines } = capturingLogger();
    const connection = createProducerConnection(redis.url, logger, 'eviction-test');
    try {
      watchEvictionPolicy(connection, logger);
      await vi.waitFor(() => expect(connection.status).toBe('ready'));
      // The check has run once the server answered a command after it (commands are ordered).
      await connection.ping();
      await connection.info('memory');
      expect(lines.filter((line) => line.level === 'warn')).toEqual([]);
    } finally {
      connection.disconnect();
      await redis.kill();
    }
  });
});
