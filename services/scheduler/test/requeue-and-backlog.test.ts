import { alertEmails, runClassifier } from '@ambassador/classifier/test/classifier';
import { authorized, buildIngest, seedProject } from '@ambassador/ingest/test/ingest-app';
import { TestClock } from '@ambassador/testing/clock';
import { test } from '@ambassador/testing/fixtures';
import { UnrecoverableError, Worker } from 'bullmq';
import { describe, expect, vi } from 'vitest';
import { REQUEUE_PAGES_PER_RUN } from '../src/tasks/requeue-messages.ts';
import { runScheduler } from './scheduler.ts';

const positive = { projectId: 'P-100', satisfaction: 'meer_dan_tevreden', wouldRecommend: true, wantsMoreServices: true };

describe('classifying the backlog', () => {
  test('classifies a stored response that never got a classify job, and queues its alerts', async ({ database, redis, logger }) => {
    const clock = new TestClock();
    const ingest = await buildIngest({ database, redis, logger });
    const scheduler = await runScheduler({ database, redis, logger }, { clock });
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
          // Stored a minute before the run, by the scheduler's clock.
          submittedAt: new Date(clock.read().getTime() - 60_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();

      const result = await scheduler.runNow('classify-backlog');
      expect(result.classified).toBe(1);
      expect(await db.selectFrom('responses').select('group').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ group: 'negative' });
      const emails = await alertEmails(db);
      expect(emails).toHaveLength(2);
      for (const email of emails) {
        expect(await scheduler.producer.queue('deliver-email').getJob(`delivery-${email.id}`)).toBeDefined();
      }
    } finally {
      await scheduler.close();
      await ingest.close();
    }
  });

  test('drains a backlog larger than its batches: every response classified, every alert queued once', async ({ database, redis, logger }) => {
    const clock = new TestClock();
    const ingest = await buildIngest({ database, redis, logger });
    // Batches of 3: the 11 responses take several rounds of batches classified side by side.
    const scheduler = await runScheduler({ database, redis, logger }, { settings: { batchSize: 3 }, clock });
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

      const result = await scheduler.runNow();
      expect(result).toMatchObject({ classified: 11, alertsQueued: 22 });
      expect(await db.selectFrom('responses').select('id').where('classifiedAt', 'is', null).execute()).toEqual([]);
      const emails = await alertEmails(db);
      expect(emails).toHaveLength(22);
      const notify = scheduler.producer.queue('deliver-email');
      expect(await notify.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(22);
      for (const email of emails) expect(await notify.getJob(`delivery-${email.id}`)).toBeDefined();

      // A second run classifies nothing; the alerts it finds still pending are the same jobs.
      expect(await scheduler.runNow()).toMatchObject({ classified: 0 });
      expect(await notify.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(22);
    } finally {
      await scheduler.close();
      await ingest.close();
    }
  });
});

describe('re-queueing messages', () => {
  test('queues again an alert whose job Redis lost, and leaves sent ones alone', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger });
    const classifier = await runClassifier({ database, redis, logger });
    const scheduler = await runScheduler({ database, redis, logger });
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

      const result = await scheduler.runNow();
      expect(result.messagesQueued).toBe(1);
      expect(await notify.getJob(`delivery-${lost!.id}`)).toBeDefined();
      expect(await notify.getJob(`delivery-${sent!.id}`)).toBeUndefined();
    } finally {
      await scheduler.close();
      await classifier.close();
      await ingest.close();
    }
  });

  test('looks at a bounded number of pages per run, and goes on where it stopped in the next', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger });
    const classifier = await runClassifier({ database, redis, logger });
    // Pages of one message: a run looks at REQUEUE_PAGES_PER_RUN of them.
    const scheduler = await runScheduler({ database, redis, logger }, { settings: { batchSize: 1 } });
    try {
      await seedProject(ingest.app);
      const responses = REQUEUE_PAGES_PER_RUN / 2 + 1;
      for (let index = 0; index < responses; index += 1) {
        const respondent = { name: `Respondent ${index}`, email: `respondent-${index}@utrecht.example` };
        await ingest.app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: { ...positive, respondent } });
      }
      const classify = classifier.producer.queue('classify');
      const notify = classifier.producer.queue('deliver-email');
      const emails = await vi.waitFor(async () => {
        const rows = await alertEmails(database.db);
        expect(rows).toHaveLength(responses * 2);
        expect(await classify.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')).toBe(0);
        return rows;
      });
      await notify.obliterate({ force: true });

      expect((await scheduler.runNow('requeue-messages')).messagesQueued).toBe(REQUEUE_PAGES_PER_RUN);
      expect(await notify.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(REQUEUE_PAGES_PER_RUN);
      // The next run takes the rest, and every message has its job.
      expect((await scheduler.runNow('requeue-messages')).messagesQueued).toBe(responses * 2 - REQUEUE_PAGES_PER_RUN);
      for (const email of emails) expect(await notify.getJob(`delivery-${email.id}`)).toBeDefined();
    } finally {
      await scheduler.close();
      await classifier.close();
      await ingest.close();
    }
  });

  test('queues again a message whose job failed for good without settling it (its workers died)', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger });
    const classifier = await runClassifier({ database, redis, logger });
    const scheduler = await runScheduler({ database, redis, logger });
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

      expect((await scheduler.runNow()).messagesQueued).toBe(2);
      for (const email of emails) expect(await notify.getJobState(`delivery-${email.id}`)).toBe('waiting');
    } finally {
      await dying.close();
      await scheduler.close();
      await classifier.close();
      await ingest.close();
    }
  });
});
