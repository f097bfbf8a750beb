import { authorized, buildIngest, seedProject } from '@ambassador/ingest/test/ingest-app';
import { classifyJob } from '@ambassador/queue/jobs';
import { TestClock } from '@ambassador/testing/clock';
import { test } from '@ambassador/testing/fixtures';
import type { Database } from '@ambassador/db/database';
import { QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { describe, expect, vi } from 'vitest';
import { runClassifier } from './classifier.ts';

const positive = { projectId: 'P-100', satisfaction: 'meer_dan_tevreden', wouldRecommend: true, wantsMoreServices: true };

/** The e-mails of the alerts: one stored message per alert, by role. */
async function alertEmails(db: Database) {
  return db
    .selectFrom('deliveries')
    .innerJoin('alerts', 'alerts.id', 'deliveries.alertId')
    .select(['deliveries.id', 'deliveries.status', 'alerts.role', 'alerts.responseId'])
    .where('deliveries.channel', '=', 'email')
    .orderBy('alerts.role')
    .execute();
}

describe('the classify worker', () => {
  test('classifies a submitted response and queues one delivery job per alert e-mail, carrying only its id', async ({
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

      const emails = await vi.waitFor(
        async () => {
          const rows = await alertEmails(database.db);
          expect(rows.map((row) => [row.role, row.responseId])).toEqual([
            ['account_manager', id],
            ['manager', id],
          ]);
          return rows;
        },
        { timeout: 5000, interval: 20 },
      );
      const response = await ingest.app.inject({ method: 'GET', url: `/api/v1/responses/${id}`, headers: authorized });
      expect(response.json()).toMatchObject({ group: 'positive', classifiedAt: expect.any(String) as unknown });

      for (const email of emails) {
        const job = await classifier.producer.queue('deliver-email').getJob(`delivery-${email.id}`);
        expect(job?.name).toBe('deliver');
        expect(job?.data).toEqual({ deliveryId: email.id });
        // An alert goes ahead of invitations and digests: it carries no priority.
        expect(job?.opts.priority ?? 0).toBe(0);
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

      // One delivery job per alert e-mail, and no other: the run that found the response
      // classified queued its pending e-mails again under the same job ids.
      const emails = await alertEmails(database.db);
      expect(emails).toHaveLength(2);
      const jobs = await classifier.producer.queue('deliver-email').getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed']);
      expect(jobs.map((job) => job.id).sort()).toEqual(emails.map((email) => `delivery-${email.id}`).sort());
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
      const emails = await alertEmails(db);
      expect(emails).toHaveLength(2);
      for (const email of emails) {
        expect(await classifier.producer.queue('deliver-email').getJob(`delivery-${email.id}`)).toBeDefined();
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
      const emails = await alertEmails(db);
      expect(emails).toHaveLength(22);
      const notify = classifier.producer.queue('deliver-email');
      expect(await notify.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(22);
      for (const email of emails) expect(await notify.getJob(`delivery-${email.id}`)).toBeDefined();

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
      // The alerts are committed a moment before the classify job queues their e-mails: wait until
      // the job is gone, so that nothing is queued after Redis "loses" the jobs below.
      const classify = classifier.producer.queue('classify');
      const notify = classifier.producer.queue('deliver-email');
      const [lost, sent] = await vi.waitFor(async () => {
        const emails = await alertEmails(db);
        expect(emails).toHaveLength(2);
        expect(await classify.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')).toBe(0);
        return emails;
      });
      await db.updateTable('deliveries').set({ status: 'sent', sentAt: new Date() }).where('id', '=', sent!.id).execute();
      await notify.obliterate({ force: true });

      const result = await classifier.sweeper.sweepNow();
      expect(result.messagesQueued).toBe(1);
      expect(await notify.getJob(`delivery-${lost!.id}`)).toBeDefined();
      expect(await notify.getJob(`delivery-${sent!.id}`)).toBeUndefined();
    } finally {
      await classifier.close();
      await ingest.close();
    }
  });

  test('queues again a message whose job failed for good without settling it (its workers died)', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger });
    const classifier = await runClassifier({ database, redis, logger });
    const notify = classifier.producer.queue('deliver-email');
    // A worker that fails every job at once, as BullMQ does with a job that stalled too often.
    const dying = new Worker('deliver-email', () => Promise.reject(new UnrecoverableError('job stalled more than allowable limit')), {
      connection: { url: redis.url },
      prefix: redis.prefix,
    });
    try {
      await seedProject(ingest.app);
      await ingest.app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: positive });
      const emails = await vi.waitFor(async () => {
        const rows = await alertEmails(database.db);
        expect(rows).toHaveLength(2);
        for (const row of rows) expect(await notify.getJobState(`delivery-${row.id}`)).toBe('failed');
        return rows;
      });
      await dying.close();
      expect(emails.map((email) => email.status)).toEqual(['pending', 'pending']);

      expect((await classifier.sweeper.sweepNow()).messagesQueued).toBe(2);
      for (const email of emails) expect(await notify.getJobState(`delivery-${email.id}`)).toBe('waiting');
    } finally {
      await dying.close();
      await classifier.close();
      await ingest.close();
    }
  });
});
