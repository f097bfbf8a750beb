import { authorized, buildIngest, seedProject } from '@ambassador/ingest/test/ingest-app';
import { classifyJob } from '@ambassador/queue/jobs';
import { test } from '@ambassador/testing/fixtures';
import { QueueEvents } from 'bullmq';
import { describe, expect, vi } from 'vitest';
import { alertEmails, runClassifier } from './classifier.ts';

const positive = { projectId: 'P-100', satisfaction: 'meer_dan_tevreden', wouldRecommend: true, wantsMoreServices: true };

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
