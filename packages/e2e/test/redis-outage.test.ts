import { test } from '@ambassador/testing/fixtures';
import { startRedisServer } from '@ambassador/testing/redis-server';
import { describe, expect } from 'vitest';
import { type Answer, seedProject, startPipeline } from './pipeline.ts';

describe('while Redis is down', () => {
  test('still stores every response and answers 202, then alerts about all of them once Redis is back', async ({
    database,
    redis,
    logger,
    smtp,
  }) => {
    const ownRedis = await startRedisServer();
    const pipeline = await startPipeline({ database, redis, logger, smtp }, { redisUrl: ownRedis.url, schedulerIntervalMs: 200 });
    try {
      await seedProject(pipeline.ingest.app);
      await ownRedis.kill();

      const answers: Answer[] = Array.from({ length: 6 }, (_, index) => ({
        satisfaction: index % 2 === 0 ? 'ontevreden' : 'meer_dan_tevreden',
        wouldRecommend: true,
        wantsMoreServices: false,
        respondent: { name: `Respondent ${index}`, email: `respondent${index}@client.example` },
      }));
      const results = [];
      for (const answer of answers) results.push(await pipeline.submit(answer));
      expect(results.map((result) => result.status)).toEqual([202, 202, 202, 202, 202, 202]);
      expect(await database.db.selectFrom('responses').select('id').execute()).toHaveLength(6);

      const notReady = await pipeline.ingest.app.inject({ method: 'GET', url: '/readyz' });
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json()).toMatchObject({ checks: { database: 'ok', redis: 'unavailable' } });
      // Nothing can have been sent: the notifier takes its work from Redis.
      expect(smtp.received).toEqual([]);

      await ownRedis.start();
      for (const { id } of results) {
        const state = await pipeline.settled(id!, 20_000);
        expect(state.alerts.map((alert) => alert.status)).toEqual(['sent', 'sent']);
      }
      expect(smtp.received).toHaveLength(12);
      const messageIds = new Set(smtp.received.map((mail) => mail.parsed.messageId));
      expect(messageIds.size).toBe(12);
      expect((await pipeline.ingest.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    } finally {
      await pipeline.close();
      await ownRedis.kill();
    }
  }, 60_000);
});
