import type { Database } from '@ambassador/db/database';
import { DAY_MS } from '@ambassador/domain/calendar';
import { buildIngest, seedProject } from '@ambassador/ingest/test/ingest-app';
import { TestClock } from '@ambassador/testing/clock';
import { test } from '@ambassador/testing/fixtures';
import { startRedisServer } from '@ambassador/testing/redis-server';
import { describe, expect, vi } from 'vitest';
import { runScheduler, runsOf } from './scheduler.ts';

/**
 * A firm (P-100: account manager am-1, manager mgr-1) on Monday 23 November 2026, 10:00 in
 * Amsterdam, with some of everything the periodic tasks do: a − response classified last
 * Wednesday without a follow-up step (an escalation, and last week's digest, are due), a −
 * response stored a minute ago that nothing classified, one from four years ago (retention),
 * and an expired session.
 */
async function seedWork(db: Database, now: Date): Promise<{ unclassified: string; old: string }> {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const response = (email: string, submittedAt: Date, classified: boolean) =>
    db
      .insertInto('responses')
      .values({
        projectId: 'P-100',
        respondentName: 'Jan',
        respondentEmail: email,
        satisfaction: 'ontevreden',
        wouldRecommend: false,
        wantsMoreServices: false,
        submittedAt,
        ...(classified ? { group: 'negative' as const, ruleVersion: 1, classifiedAt: submittedAt } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  await response('escalating@utrecht.example', new Date('2026-11-18T09:00:00Z'), true);
  const { id: unclassified } = await response('new@utrecht.example', ago(60_000), false);
  const { id: old } = await response('old@utrecht.example', ago(1500 * DAY_MS), true);
  await db
    .insertInto('sessions')
    .values({ email: 'anton@firm.example', tokenHash: Buffer.alloc(32, 1), createdAt: ago(DAY_MS), expiresAt: ago(60_000) })
    .execute();
  return { unclassified, old };
}

describe('the scheduler while Redis is down', () => {
  test('still records escalations and digests, applies retention, purges and classifies the backlog, and queues what they stored once Redis is back', async ({
    database,
    redis,
    logger,
  }) => {
    const { db } = database;
    const clock = new TestClock();
    const ingest = await buildIngest({ database, redis, logger });
    await seedProject(ingest.app);
    await ingest.close();
    const { unclassified, old } = await seedWork(db, clock.read());

    const ownRedis = await startRedisServer();
    await ownRedis.kill();
    const scheduler = await runScheduler(
      { database, redis, logger },
      { redisUrl: ownRedis.url, clock, timers: true, settings: { intervalMs: 100 }, retry: { firstRetryMs: 50, maxRetryMs: 200 } },
    );
    try {
      // On their timers alone, with no Redis.
      await vi.waitFor(
        async () => {
          expect(await db.selectFrom('responses').select('group').where('id', '=', unclassified).executeTakeFirst()).toEqual({ group: 'negative' });
          expect(await db.selectFrom('escalations').select('managerId').execute()).toEqual([{ managerId: 'mgr-1' }]);
          expect(await db.selectFrom('digests').select(['managerId', 'weekStart']).execute()).toEqual([{ managerId: 'mgr-1', weekStart: new Date('2026-11-23') }]);
          expect(await db.selectFrom('responses').select('anonymisedAt').where('id', '=', old).executeTakeFirst()).toEqual({ anonymisedAt: clock.read() });
          expect(await db.selectFrom('sessions').select('email').execute()).toEqual([]);
        },
        { timeout: 15_000, interval: 50 },
      );
      // Their messages are stored: two alerts, the escalation and the digest.
      const pending = await db.selectFrom('deliveries').select(['id', 'kind']).where('status', '=', 'pending').orderBy('kind').execute();
      expect(pending.map((delivery) => delivery.kind)).toEqual(['alert', 'alert', 'escalation', 'digest']);
      // Re-queueing them has failed, and is being tried again.
      await vi.waitFor(async () => expect(await runsOf(scheduler.registry, 'requeue-messages', 'failed')).toBeGreaterThanOrEqual(2));
      expect(await runsOf(scheduler.registry, 'requeue-messages', 'succeeded')).toBe(0);

      await ownRedis.start();
      const queue = scheduler.producer.queue('deliver-email');
      await vi.waitFor(
        async () => {
          for (const delivery of pending) expect(await queue.getJob(`delivery-${delivery.id}`), delivery.kind).toBeDefined();
        },
        { timeout: 15_000, interval: 100 },
      );
      // The jobs are in Redis a moment before the run that added them has ended.
      await vi.waitFor(async () => expect(await runsOf(scheduler.registry, 'requeue-messages', 'succeeded')).toBeGreaterThanOrEqual(1));
    } finally {
      await scheduler.close();
      await ownRedis.kill();
    }
  }, 60_000);
});
