import { authorized, buildIngest, seedProject } from '@ambassador/ingest/test/ingest-app';
import { classifyJob } from '@ambassador/queue/jobs';
import { TestClock } from '@ambassador/testing/clock';
import { test } from '@ambassador/testing/fixtures';
import { QueueEvents } from 'bullmq';
import { describe, expect, vi } from 'vitest';
import { runClassifier } from './classifier.ts';

const positive = { projectId: 'P-100', satisfaction: 'meer_dan_tevreden', wouldRecommend: true, wantsMoreServices: true };

describe('the classify worker', () => {
  test('classifies a submitted response and queues one send-alert job per alert, carrying only the alert id', async ({
    database,
    redis,
    logger,
  }) => {
    const ingest = await buildIngest({ database, redis, logger });
    const classifier = await runClassifier({ database, redis, logger });
    try {
      await seedProject(ingest.app);
      const posted = await ingest.app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: positive });
      const { id } = posted.json<{ id: string }>();

      const alerts = await vi.waitFor(
        async () => {
          const rows = await database.db.selectFrom('alerts').select(['id', 'role']).where('responseId', '=', id).execute();
          expect(rows).toHaveLength(2);
          return rows;
        },
        { timeout: 5000, interval: 20 },
      );
      const response = await ingest.app.inject({ method: 'GET', url: `/api/v1/responses/${id}`, headers: authorized });
      expect(response.json()).toMatchObject({ group: 'positive', classifiedAt: expect.any(String) as unknown });

      for (const alert of alerts) {
        const job = await classifier.producer.queue('notify').getJob(`alert-${alert.id}`);
        expect(job?.name).toBe('send-alert');
        expect(job?.data).toEqual({ alertId: alert.id });
      }
    } finally {
      await classifier.close();
      await ingest.close();
    }
  });

  test('produces one set of alerts when the same classify job is added twice, before and after it ran', async ({
    database,
    redis,
    logger,
  }) => {
    const ingest = await buildIngest({ database, redis, logger });
    const classifier = await runClassifier({ database, redis, logger });
    const events = new QueueEvents('classify', { connection: { url: redis.url }, prefix: redis.prefix });
    await events.waitUntilReady();
    try {
      await seedProject(ingest.app);
      const posted = await ingest.app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: positive });
      const { id } = posted.json<{ id: string }>();
      // Added again while the first may still be waiting: the same job id, so no second job.
      await classifier.producer.enqueue(classifyJob, { responseId: id });
      await vi.waitFor(async () => {
        expect(await database.db.selectFrom('alerts').select('id').execute()).toHaveLength(2);
      });

      // Added again after it completed (and was removed): it runs again and changes nothing.
      // The alerts are committed a moment before the job completes: wait until it is gone.
      const queue = classifier.producer.queue('classify');
      const jobId = classifyJob.jobId({ responseId: id });
      await vi.waitFor(async () => {
        expect(await queue.getJob(jobId)).toBeUndefined();
      });
      const again = await queue.add(classifyJob.name, { responseId: id }, { ...classifyJob.options, jobId });
      expect(again.id).toBe(jobId);
      await again.waitUntilFinished(events, 5000);

      // One send-alert job per alert, and no other: the run that found the response classified
      // queued its pending alerts again under the same job ids.
      const alerts = await database.db.selectFrom('alerts').select('id').execute();
      expect(alerts).toHaveLength(2);
      const notifyJobs = await classifier.producer.queue('notify').getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed']);
      expect(notifyJobs.map((job) => job.id).sort()).toEqual(alerts.map((alert) => `alert-${alert.id}`).sort());
    } finally {
      await events.close();
      await classifier.close();
      await ingest.close();
    }
  });

  test('fails a job with an invalid payload at once, without retries', async ({ database, redis, logger }) => {
    const classifier = await runClassifier({ database, redis, logger });
    const events = new QueueEvents('classify', { connection: { url: redis.url }, prefix: redis.prefix });
    await events.waitUntilReady();
    try {
      const job = await classifier.producer.queue('classify').add('classify', { responseId: 'not-a-uuid' }, { attempts: 5 });
      await expect(job.waitUntilFinished(events, 5000)).rejects.toThrow(/invalid job payload/);
      const failed = await classifier.producer.queue('classify').getJob(job.id!);
      expect(failed?.attemptsMade).toBe(1);
    } finally {
      await events.close();
      await classifier.close();
    }
  });
});

describe('the sweeper', () => {
  test('classifies a stored response that never got a classify job, and queues its alerts', async ({ database, redis, logger }) => {
    const clock = new TestClock();
    const ingest = await buildIngest({ database, redis, logger });
    const classifier = await runClassifier({ database, redis, logger }, {}, redis.url, clock);
    try {
      await seedProject(ingest.app);
      const { db } = database;
      const { id } = await db
        .insertInto('responses')
        .values({
          projectId: 'P-100',
          respondentName: 'Jan',
          respondentEmail: 'jan@utrecht.example',
          satisfaction: 'ontevreden',
          wouldRecommend: false,
          wantsMoreServices: false,
          // Stored a minute before the sweep, by the classifier's clock.
          submittedAt: new Date(clock.read().getTime() - 60_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();

      const result = await classifier.sweeper.sweepNow();
      expect(result.classified).toBe(1);
      expect(await db.selectFrom('responses').select('group').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ group: 'negative' });
      const alerts = await db.selectFrom('alerts').select('id').execute();
      expect(alerts).toHaveLength(2);
      for (const alert of alerts) {
        expect(await classifier.producer.queue('notify').getJob(`alert-${alert.id}`)).toBeDefined();
      }
    } finally {
      await classifier.close();
      await ingest.close();
    }
  });

  test('drains a backlog larger than its batches: every response classified, every alert queued once', async ({ database, redis, logger }) => {
    const clock = new TestClock();
    const ingest = await buildIngest({ database, redis, logger });
    // Batches of 3: the 11 responses take several rounds of batches classified side by side.
    const classifier = await runClassifier({ database, redis, logger }, { sweep: { intervalMs: 60_000, graceMs: 0, batchSize: 3 } }, redis.url, clock);
    try {
      await seedProject(ingest.app);
      const { db } = database;
      await db
        .insertInto('responses')
        .values(
          Array.from({ length: 11 }, (_, index) => ({
            projectId: 'P-100',
            respondentName: `Respondent ${index}`,
            respondentEmail: `respondent-${index}@utrecht.example`,
            satisfaction: 'ontevreden' as const,
            wouldRecommend: false,
            wantsMoreServices: false,
            submittedAt: new Date(clock.read().getTime() - 60_000 + index),
          })),
        )
        .execute();

      const result = await classifier.sweeper.sweepNow();
      expect(result).toMatchObject({ classified: 11, alertsQueued: 22 });
      expect(await db.selectFrom('responses').select('id').where('classifiedAt', 'is', null).execute()).toEqual([]);
      const alerts = await db.selectFrom('alerts').select('id').execute();
      expect(alerts).toHaveLength(22);
      const notify = classifier.producer.queue('notify');
      expect(await notify.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(22);
      for (const alert of alerts) expect(await notify.getJob(`alert-${alert.id}`)).toBeDefined();

      // A second sweep classifies nothing; the alerts it finds still pending are the same jobs.
      expect(await classifier.sweeper.sweepNow()).toMatchObject({ classified: 0 });
      expect(await notify.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(22);
    } finally {
      await classifier.close();
      await ingest.close();
    }
  });

  test('queues again an alert whose job Redis lost, and leaves sent ones alone', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger });
    const classifier = await runClassifier({ database, redis, logger });
    try {
      await seedProject(ingest.app);
      await ingest.app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: positive });
      const { db } = database;
      // The alerts are committed a moment before the classify job queues their jobs: wait until
      // the job is gone, so that nothing is queued after Redis "loses" the jobs below.
      const classify = classifier.producer.queue('classify');
      await vi.waitFor(async () => {
        expect(await db.selectFrom('alerts').select('id').execute()).toHaveLength(2);
        expect(await classify.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')).toBe(0);
      });
      const [lost, sent] = await db.selectFrom('alerts').select('id').orderBy('role').execute();
      await db.updateTable('alerts').set({ status: 'sent', sentAt: new Date() }).where('id', '=', sent!.id).execute();
      await classifier.producer.queue('notify').obliterate({ force: true });

      const result = await classifier.sweeper.sweepNow();
      expect(result.alertsQueued).toBe(1);
      expect(await classifier.producer.queue('notify').getJob(`alert-${lost!.id}`)).toBeDefined();
      expect(await classifier.producer.queue('notify').getJob(`alert-${sent!.id}`)).toBeUndefined();
    } finally {
      await classifier.close();
      await ingest.close();
    }
  });
});
