import { authorized, buildIngest, seedProject } from '@ambassador/ingest/test/ingest-app';
import { classifyJob } from '@ambassador/queue/jobs';
import { test } from '@ambassador/testing/fixtures';
import { lockUnclassifiedResponses, recordClassifications } from '@ambassador/db/classification';
import { createWorkerConnection } from '@ambassador/queue/connection';
import { type Job, QueueEvents, Worker } from 'bullmq';
import { sql } from 'kysely';
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
      await classifier.producer.enqueue(classifyJob, { responseIds: [id] });
      await vi.waitFor(async () => {
        expect(await database.db.selectFrom('alerts').select('id').execute()).toHaveLength(2);
      });

      // Added again after it completed (and was removed): it runs again and changes nothing.
      // The alerts are committed a moment before the job completes: wait until it is gone.
      const queue = classifier.producer.queue('classify');
      const jobId = classifyJob.jobId({ responseIds: [id] });
      await vi.waitFor(async () => {
        expect(await queue.getJob(jobId)).toBeUndefined();
      });
      const again = await queue.add(classifyJob.name, { responseIds: [id] }, { ...classifyJob.options, jobId });
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

  test('classifies a response that may make an alert ahead of the neutral ones submitted before it', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger });
    try {
      await seedProject(ingest.app);
      const submit = (payload: object) => ingest.app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload });
      const neutral = { projectId: 'P-100', satisfaction: 'tevreden', wouldRecommend: true, wantsMoreServices: false };
      const burst = await Promise.all(
        Array.from({ length: 120 }, (_, index) => submit({ ...neutral, respondent: { name: `R${index}`, email: `r${index}@client.example` } })),
      );
      expect(burst.every((response) => response.statusCode === 202)).toBe(true);
      const negative = await submit({ ...positive, satisfaction: 'ontevreden', wouldRecommend: false });
      const { id } = negative.json<{ id: string }>();

      const classifier = await runClassifier({ database, redis, logger }, { concurrency: 1 });
      try {
        // Each row's xmin is the transaction that classified it: transaction ids only grow.
        const rows = await vi.waitFor(async () => {
          const classified = await database.db
            .selectFrom('responses')
            .select(['id', sql<string>`xmin::text`.as('classifiedBy')])
            .where('classifiedAt', 'is not', null)
            .execute();
          expect(classified).toHaveLength(121);
          return classified;
        });
        const transactionOf = new Map(rows.map((row) => [row.id, BigInt(row.classifiedBy)]));
        // The neutral ones were queued (each 202 waits for that) before it; it went first all the same.
        for (const row of rows) if (row.id !== id) expect(transactionOf.get(id)!).toBeLessThan(BigInt(row.classifiedBy));
      } finally {
        await classifier.close();
      }
    } finally {
      await ingest.close();
    }
  });

  test('classifies once, in the next worker, a batch whose worker died in the middle of it', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger });
    const dyingConnection = createWorkerConnection(redis.url, logger, 'dying-classifier');
    // A worker that takes the job and never renews its lock, as a killed process does.
    const dying = new Worker('classify', null, { connection: dyingConnection, prefix: redis.prefix, lockDuration: 1000 });
    try {
      await seedProject(ingest.app);
      const answers = [positive, { ...positive, satisfaction: 'ontevreden', wouldRecommend: false }, { ...positive, satisfaction: 'tevreden' }];
      const ids = await Promise.all(
        answers.map(async (answer, index) => {
          const posted = await ingest.app.inject({
            method: 'POST',
            url: '/api/v1/responses',
            headers: authorized,
            payload: { ...answer, respondent: { name: `R${index}`, email: `r${index}@client.example` } },
          });
          return posted.json<{ id: string }>().id;
        }),
      );
      // Whatever ingest queued goes: one job carries the whole batch.
      await ingest.producer.queue('classify').obliterate({ force: true });
      await ingest.producer.enqueue(classifyJob, { responseIds: ids });

      const job = (await dying.getNextJob('dying-token')) as Job | undefined;
      expect((job?.data as { responseIds: string[] } | undefined)?.responseIds).toEqual(ids);
      // It got as far as writing the whole batch in its transaction; then the process died, and
      // PostgreSQL rolled the transaction back.
      const died = new Error('killed');
      await expect(
        database.db.transaction().execute(async (trx) => {
          const locked = await lockUnclassifiedResponses(trx, ids);
          expect(locked).toHaveLength(3);
          await recordClassifications(trx, locked.map((response) => ({ responseId: response.id, group: 'neutral', ruleVersion: 1, recipients: [] })), new Date());
          throw died;
        }),
      ).rejects.toBe(died);
      dyingConnection.disconnect();

      const classifier = await runClassifier({ database, redis, logger }, { lockDuration: 1000, stalledInterval: 300 });
      try {
        const rows = await vi.waitFor(
          async () => {
            const classified = await database.db.selectFrom('responses').select(['id', 'group']).where('classifiedAt', 'is not', null).execute();
            expect(classified).toHaveLength(3);
            return classified;
          },
          { timeout: 10_000, interval: 50 },
        );
        expect(Object.fromEntries(rows.map((row) => [row.id, row.group]))).toEqual({ [ids[0]!]: 'positive', [ids[1]!]: 'negative', [ids[2]!]: 'neutral' });
        // Two alerts each for + and −, each queued once.
        const emails = await alertEmails(database.db);
        expect(emails).toHaveLength(4);
        await vi.waitFor(async () => {
          const jobs = await classifier.producer.queue('deliver-email').getJobs(['waiting', 'prioritized']);
          expect(jobs.map((queued) => queued.id).sort()).toEqual(emails.map((email) => `delivery-${email.id}`).sort());
        });
      } finally {
        await classifier.close();
      }
    } finally {
      await dying.close(true);
      await ingest.close();
    }
  });

  test('classifies a job of one response queued by the version before batches (an upgrade with jobs in Redis)', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger });
    const { db } = database;
    try {
      await seedProject(ingest.app);
      // Stored, and its job queued the old way, before the classifier of this version starts.
      const { id } = await db
        .insertInto('responses')
        .values({ projectId: 'P-100', respondentName: 'Jan', respondentEmail: 'jan@utrecht.example', satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false, submittedAt: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await ingest.producer.queue('classify').add('classify', { responseId: id }, { jobId: `classify-${id}` });
      const classifier = await runClassifier({ database, redis, logger });
      try {
        await vi.waitFor(async () => {
          expect(await db.selectFrom('responses').select('group').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ group: 'negative' });
        }, 10_000);
        expect(await alertEmails(db)).toHaveLength(2);
      } finally {
        await classifier.close();
      }
    } finally {
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
