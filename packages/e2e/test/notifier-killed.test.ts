import { spawnService, type ServiceProcess } from '@ambassador/testing/processes';
import { test } from '@ambassador/testing/fixtures';
import { startRedisServer } from '@ambassador/testing/redis-server';
import { describe, expect, vi } from 'vitest';
import { type Answer, seedProject, startPipeline } from './pipeline.ts';

const CONCURRENCY = 4;
const RESPONSES = 30;
/** The SMTP transactions during which the notifier is killed (of the 60 e-mails the run sends). */
const KILL_AT_ATTEMPTS = [10, 30];

describe('when the notifier process is killed mid-batch', () => {
  test('every alert still arrives, and duplicates are bounded by the kills', async ({ database, logger, smtp }) => {
    const ownRedis = await startRedisServer();
    // The notifier runs as its own process on the default key prefix, so the in-process
    // ingest and classifier use that prefix too on this test's own Redis.
    const pipeline = await startPipeline(
      { database, redis: { url: ownRedis.url, prefix: 'bull' }, logger, smtp },
      { redisUrl: ownRedis.url, withNotifier: false },
    );
    const startNotifier = (): ServiceProcess =>
      spawnService('notifier', {
        DATABASE_URL: database.url,
        REDIS_URL: ownRedis.url,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Ambassador <noreply@ambassador.test>',
        NOTIFIER_CONCURRENCY: String(CONCURRENCY),
        JOB_LOCK_MS: '1000',
        HEALTH_PORT: '0',
        LOG_LEVEL: 'info',
      });
    let notifier = startNotifier();
    // The kills land mid-batch by construction: when the SMTP server holds the 10th and the
    // 30th of the 60 e-mails, their 250 not yet sent. A slow server keeps several e-mails in
    // flight at any moment.
    let kills = 0;
    smtp.respondWith((attempt) => ({
      kind: 'accept',
      delayMs: 15,
      ...(KILL_AT_ATTEMPTS.includes(attempt)
        ? {
            before: async () => {
              await notifier.kill('SIGKILL');
              kills += 1;
              notifier = startNotifier();
            },
          }
        : {}),
    }));
    try {
      await seedProject(pipeline.ingest.app);
      const answers: Answer[] = Array.from({ length: RESPONSES }, (_, index) => ({
        satisfaction: 'ontevreden',
        wouldRecommend: false,
        wantsMoreServices: false,
        respondent: { name: `Respondent ${index}`, email: `respondent${index}@client.example` },
      }));
      for (const answer of answers) expect((await pipeline.submit(answer)).status).toBe(202);

      const alerts = await vi.waitFor(
        async () => {
          const rows = await database.db.selectFrom('deliveries').select(['id', 'status']).where('kind', '=', 'alert').execute();
          expect(rows).toHaveLength(RESPONSES * 2);
          expect(rows.filter((row) => row.status !== 'sent')).toEqual([]);
          return rows;
        },
        { timeout: 30_000, interval: 50 },
      );

      const received = smtp.received.map((mail) => mail.parsed.messageId);
      const distinct = new Set(received);
      for (const alert of alerts) expect(distinct.has(`<alert-${alert.id}@ambassador.test>`)).toBe(true);
      const duplicates = received.length - distinct.size;
      expect(kills).toBe(KILL_AT_ATTEMPTS.length);
      expect(duplicates).toBeLessThanOrEqual(kills * CONCURRENCY);
    } finally {
      await notifier.kill('SIGKILL');
      await pipeline.close();
      await ownRedis.kill();
    }
  }, 90_000);
});
