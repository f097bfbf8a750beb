import { Registry } from '@ambassador/observability/metrics';
import { createProducerConnection, settleConnection } from '@ambassador/queue/connection';
import { JobProducer } from '@ambassador/queue/producer';
import { describe, expect } from 'vitest';
import { createIngestMetrics } from '../src/metrics.ts';
import { ResponseIntake } from '../src/response-intake.ts';
import { seedProject, test } from './ingest-app.ts';

const answer = { satisfaction: 'tevreden', motivation: null, wouldRecommend: true, recommendScore: null, wantsMoreServices: false, submittedAt: new Date('2026-11-23T09:00:00Z') } as const;

describe('the group-commit intake', () => {
  test('stores a burst in a few statements, answering each submission for itself', async ({ ingest, database, redis, logger }) => {
    await seedProject(ingest.app);
    const registry = new Registry();
    const metrics = createIngestMetrics(registry);
    const connection = createProducerConnection(redis.url, logger, 'intake-test');
    await settleConnection(connection);
    const producer = new JobProducer({ connection, logger, prefix: redis.prefix });
    const intake = new ResponseIntake({ db: database.db, producer, metrics, logger }, { maxBatch: 50, maxConcurrentBatches: 2 });
    try {
      const submissions = [
        ...Array.from({ length: 300 }, (_, index) => ({ ...answer, projectId: 'P-100', respondent: { name: `R${index}`, email: `r${index}@client.example` } })),
        // The same respondent twice in one burst: the first one wins, as one by one.
        { ...answer, projectId: 'P-100', respondent: { name: 'Twice', email: 'twice@client.example' }, satisfaction: 'ontevreden' as const },
        { ...answer, projectId: 'P-100', respondent: { name: 'Twice', email: 'twice@client.example' } },
        // No respondent: the project's contact answers.
        { ...answer, projectId: 'P-100', respondent: null },
        { ...answer, projectId: 'no-such-project', respondent: null },
      ];
      const outcomes = await Promise.all(submissions.map((submission) => intake.submit(submission)));

      expect(outcomes.slice(0, 300).every((outcome) => outcome.kind === 'stored')).toBe(true);
      expect(outcomes.slice(300).map((outcome) => outcome.kind)).toEqual(['stored', 'duplicate', 'stored', 'unknown-project']);
      const ids = outcomes.flatMap((outcome) => (outcome.kind === 'stored' ? [outcome.id] : []));
      expect(new Set(ids).size).toBe(302);

      const rows = await database.db.selectFrom('responses').select(['id', 'respondentEmail', 'satisfaction']).execute();
      expect(rows).toHaveLength(302);
      expect(rows.find((row) => row.respondentEmail === 'twice@client.example')?.satisfaction).toBe('ontevreden');
      expect(rows.some((row) => row.respondentEmail === 'jan.jansen@utrecht.example')).toBe(true);
      // Every stored response is queued for classification, by id.
      expect(await producer.queue('classify').getJobCounts('waiting')).toEqual({ waiting: 302 });

      const batches = Number(/^ambassador_intake_batch_size_count (\d+)$/m.exec(await registry.metrics())?.[1]);
      expect(batches).toBeLessThanOrEqual(Math.ceil(submissions.length / 50) + 2);
      expect(batches).toBeGreaterThanOrEqual(Math.ceil(submissions.length / 50));
    } finally {
      await producer.close();
      connection.disconnect();
    }
  });

  test('fails only the submission PostgreSQL refuses, storing the rest of its batch', async ({ ingest, database, redis, logger }) => {
    await seedProject(ingest.app);
    const registry = new Registry();
    const connection = createProducerConnection(redis.url, logger, 'intake-test');
    const producer = new JobProducer({ connection, logger, prefix: redis.prefix });
    const intake = new ResponseIntake({ db: database.db, producer, metrics: createIngestMetrics(registry), logger }, { maxBatch: 50, maxConcurrentBatches: 1 });
    try {
      // A motivation the database itself refuses (over its 2000-character check) fails its batch.
      const results = await Promise.allSettled([
        intake.submit({ ...answer, projectId: 'P-100', respondent: { name: 'A', email: 'a@client.example' } }),
        intake.submit({ ...answer, projectId: 'P-100', respondent: { name: 'B', email: 'b@client.example' }, motivation: 'x'.repeat(2001) }),
      ]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
      expect(await database.db.selectFrom('responses').select('respondentEmail').execute()).toEqual([{ respondentEmail: 'a@client.example' }]);
      // The next batch is fine.
      expect((await intake.submit({ ...answer, projectId: 'P-100', respondent: { name: 'C', email: 'c@client.example' } })).kind).toBe('stored');
    } finally {
      await producer.close();
      connection.disconnect();
    }
  });
});
