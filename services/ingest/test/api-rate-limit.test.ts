import type { LightMyRequestResponse } from 'fastify';
import { startRedisServer } from '@ambassador/testing/redis-server';
import { describe, expect } from 'vitest';
import { API_KEY, buildIngest, type IngestUnderTest, test } from './ingest-app.ts';

const OTHER_KEY = 'other-integrator-key-0123456789';

function statsWith(ingest: IngestUnderTest, key: string): Promise<LightMyRequestResponse> {
  return ingest.app.inject({ method: 'GET', url: '/api/v1/stats', headers: { authorization: `Bearer ${key}` } });
}

async function statuses(count: number, call: () => Promise<LightMyRequestResponse>): Promise<number[]> {
  const answers: number[] = [];
  for (let index = 0; index < count; index += 1) answers.push((await call()).statusCode);
  return answers;
}

describe('the per-key API rate limit', () => {
  test('gives each API key its own budget per minute, then answers 429 problem+json with Retry-After', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger }, { apiKeys: [API_KEY, OTHER_KEY], apiRateLimit: 3 });
    try {
      expect(await statuses(3, () => statsWith(ingest, API_KEY))).toEqual([200, 200, 200]);
      const limited = await statsWith(ingest, API_KEY);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      const problem = limited.json<{ status: number; title: string; detail: string }>();
      expect(problem).toMatchObject({ status: 429, title: 'Too Many Requests' });
      expect(problem.detail).toContain('more than 3 requests in a minute');
      // Another integrator's key is not held back by the first one's loop.
      expect((await statsWith(ingest, OTHER_KEY)).statusCode).toBe(200);
    } finally {
      await ingest.close();
    }
  });

  test('holds the budget exactly when a burst of calls arrives at once and is counted together', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger }, { apiRateLimit: 10 });
    try {
      const answers = await Promise.all(Array.from({ length: 30 }, () => statsWith(ingest, API_KEY)));
      const counts = answers.reduce<Record<number, number>>((tally, answer) => ({ ...tally, [answer.statusCode]: (tally[answer.statusCode] ?? 0) + 1 }), {});
      expect(counts).toEqual({ 200: 10, 429: 20 });
      // Each call saw its own place in the count: the remaining budgets of the ten are 9 down to 0.
      const remaining = answers.filter((answer) => answer.statusCode === 200).map((answer) => Number(answer.headers['x-ratelimit-remaining']));
      expect(remaining.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      await ingest.close();
    }
  });

  test('counts only authenticated calls: wrong keys get 401 and spend no key budget', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger }, { apiRateLimit: 2 });
    try {
      expect(await statuses(5, () => statsWith(ingest, 'a-guessed-key'))).toEqual([401, 401, 401, 401, 401]);
      expect(await statuses(3, () => statsWith(ingest, API_KEY))).toEqual([200, 200, 429]);
      // With the key's budget spent, a call without a key is still told what is wrong with it.
      expect((await statsWith(ingest, 'a-guessed-key')).statusCode).toBe(401);
    } finally {
      await ingest.close();
    }
  });

  test('shares one budget between ingest instances through Redis', async ({ database, redis, logger }) => {
    const first = await buildIngest({ database, redis, logger }, { apiRateLimit: 3 });
    const second = await buildIngest({ database, redis, logger }, { apiRateLimit: 3 });
    try {
      expect(await statuses(2, () => statsWith(first, API_KEY))).toEqual([200, 200]);
      expect(await statuses(2, () => statsWith(second, API_KEY))).toEqual([200, 429]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  test('keeps the API answering, unlimited, while Redis is down', async ({ database, redis, logger }) => {
    const ownRedis = await startRedisServer();
    const ingest = await buildIngest({ database, redis, logger }, { redisUrl: ownRedis.url, apiRateLimit: 1 });
    try {
      expect(await statuses(2, () => statsWith(ingest, API_KEY))).toEqual([200, 429]);
      await ownRedis.kill();
      expect(await statuses(3, () => statsWith(ingest, API_KEY))).toEqual([200, 200, 200]);
    } finally {
      // Queues close cleanly only with Redis there.
      await ownRedis.start();
      await ingest.close();
      await ownRedis.kill();
    }
  });

  test('is off with a limit of 0', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger }, { apiRateLimit: 0 });
    try {
      const answer = await statsWith(ingest, API_KEY);
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['x-ratelimit-limit']).toBeUndefined();
    } finally {
      await ingest.close();
    }
  });
});
