import { test } from '@ambassador/testing/fixtures';
import { capturingLogger } from '@ambassador/testing/log-capture';
import { Redis } from 'ioredis';
import { describe, expect } from 'vitest';
import { seedProject, startPipeline } from './pipeline.ts';

const personal = {
  name: 'Zoë Privé-Persoon',
  email: 'zoe.prive@geheim.example',
  motivation: 'Vertrouwelijke toelichting 7731',
};

describe('personal data', () => {
  test('never reaches a log line or Redis, on the whole path from the API to the e-mail', async ({ database, redis, smtp }) => {
    const { logger, lines } = capturingLogger();
    const pipeline = await startPipeline({ database, redis, logger, smtp });
    const redisClient = new Redis(redis.url);
    try {
      await seedProject(pipeline.ingest.app);
      const { id } = await pipeline.submit({
        satisfaction: 'meer_dan_tevreden',
        wouldRecommend: true,
        wantsMoreServices: true,
        motivation: personal.motivation,
        respondent: { name: personal.name, email: personal.email },
      });
      await pipeline.settled(id!);
      // A failed duplicate submission is logged too: it must not carry the address either.
      expect(
        (
          await pipeline.submit({
            satisfaction: 'tevreden',
            wouldRecommend: true,
            wantsMoreServices: true,
            respondent: { name: personal.name, email: personal.email },
          })
        ).status,
      ).toBe(409);
      expect(smtp.received[0]?.parsed.text).toContain(personal.email);

      const logged = lines.join('');
      expect(logged).toContain(id);
      for (const value of Object.values(personal)) expect(logged).not.toContain(value);
      expect(logged).not.toContain('anton@firm.example');

      const stored: string[] = [];
      for (const key of await redisClient.keys(`${redis.prefix}:*`)) {
        const type = await redisClient.type(key);
        if (type === 'hash') stored.push(JSON.stringify(await redisClient.hgetall(key)));
        else if (type === 'string') stored.push((await redisClient.get(key)) ?? '');
        else if (type === 'list') stored.push(JSON.stringify(await redisClient.lrange(key, '0', '-1')));
        else if (type === 'zset') stored.push(JSON.stringify(await redisClient.zrange(key, '0', '-1')));
        else if (type === 'stream') stored.push(JSON.stringify(await redisClient.xrange(key, '-', '+')));
      }
      const everything = stored.join('\n');
      expect(everything).toContain(id);
      for (const value of Object.values(personal)) expect(everything).not.toContain(value);
      expect(everything).not.toContain('@firm.example');
    } finally {
      redisClient.disconnect();
      await pipeline.close();
    }
  });
});
