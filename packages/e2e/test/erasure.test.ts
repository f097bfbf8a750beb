import { storeDeliveries } from '@ambassador/db/deliveries';
import { eraseContact } from '@ambassador/db/erasure';
import { runNotifier } from '@ambassador/notifier/test/notifier';
import { classifyJob } from '@ambassador/queue/jobs';
import { test } from '@ambassador/testing/fixtures';
import { describe, expect, vi } from 'vitest';
import { authorized, seedProject, startPipeline } from './pipeline.ts';

describe('erasure', () => {
  test('leaves jobs that escaped it (Redis was down) with nothing to do: they finish without an e-mail or a row', async ({
    database,
    redis,
    logger,
    smtp,
  }) => {
    const { db } = database;
    const pipeline = await startPipeline({ database, redis, logger, smtp }, { withNotifier: false });
    let notifier: Awaited<ReturnType<typeof runNotifier>> | undefined;
    try {
      const { ingest, clock } = pipeline;
      await seedProject(ingest.app);
      const closed = await ingest.app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized });
      const invitationId = closed.json<{ invitation: { id: string } }>().invitation.id;
      const { id: responseId } = await pipeline.submit({ satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false });
      // Classified, with two alerts queued for a notifier that is not running yet.
      await vi.waitFor(async () => expect(await db.selectFrom('alerts').select('id').execute()).toHaveLength(2), { timeout: 5000, interval: 20 });
      await db
        .insertInto('escalations')
        .values({ responseId: responseId!, managerId: 'mgr-1', email: 'marieke@firm.example', dueAt: clock.read(), createdAt: clock.read() })
        .execute();
      const escalation = await storeDeliveries(db, [{ kind: 'escalation', channel: 'email', about: responseId!, dueAt: clock.read() }], clock.read());
      await ingest.producer.enqueueDeliveries(escalation, clock.read());
      const reminder = await db.selectFrom('deliveries').select('id').where('invitationId', '=', invitationId).where('kind', '=', 'reminder').executeTakeFirstOrThrow();

      // Erased in PostgreSQL only, as when Redis is unreachable at the time; a classify job comes back too.
      await eraseContact(db, 'jan.jansen@utrecht.example', { now: clock.read(), actor: { type: 'api_key', apiKeyId: '0badc0de' } });
      await ingest.producer.enqueue(classifyJob, { responseIds: [responseId!] });
      // Alerts wait first in line, the invitation and the escalation behind them, the reminder for its day.
      const deliver = ingest.producer.queue('deliver-email');
      expect(await deliver.getJobCounts('waiting', 'prioritized', 'delayed')).toEqual({ waiting: 2, prioritized: 2, delayed: 1 });
      // Its day comes.
      await (await deliver.getJob(`delivery-${reminder.id}`))!.promote();

      notifier = await runNotifier({ database, redis, logger }, smtp.url, { clock });
      await vi.waitFor(
        async () => {
          for (const queue of ['classify', 'deliver-email'] as const) {
            expect(await ingest.producer.queue(queue).getJobCounts('waiting', 'active', 'delayed', 'failed'), queue).toEqual({
              waiting: 0,
              active: 0,
              delayed: 0,
              failed: 0,
            });
          }
        },
        { timeout: 10_000, interval: 50 },
      );
      expect(smtp.received).toEqual([]);
      for (const table of ['responses', 'alerts', 'escalations', 'invitations', 'followUpSteps', 'deliveries'] as const) {
        expect(await db.selectFrom(table).selectAll().execute(), table).toEqual([]);
      }
    } finally {
      await notifier?.close();
      await pipeline.close();
    }
  });
});
