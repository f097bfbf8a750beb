import { runScheduler } from '@ambassador/scheduler/test/scheduler';
import { addFollowUpStep } from '@ambassador/db/follow-ups';
import type { TestSmtpServer } from '@ambassador/testing/smtp-server';
import { describe, expect, vi } from 'vitest';
import { type Answer, authorized, deliveriesDrained, deliveriesOf, type Pipeline, runTasksAt, test } from './pipeline.ts';

// The test clock starts on Monday 23 November 2026, 10:00 in Amsterdam (09:00 UTC).
const FRIDAY_10_00 = new Date('2026-11-27T09:00:00Z');

const negative: Answer = {
  satisfaction: 'ontevreden',
  wouldRecommend: false,
  wantsMoreServices: false,
  motivation: 'Oplevering <drie> weken te laat.',
};
const positive: Answer = { satisfaction: 'meer_dan_tevreden', wouldRecommend: true, wantsMoreServices: false };

function escalationMails(smtp: TestSmtpServer) {
  return smtp.received.filter((mail) => mail.parsed.messageId?.startsWith('<escalation-'));
}

async function answer(pipeline: Pipeline, given: Answer): Promise<string> {
  const { status, id } = await pipeline.submit(given);
  expect(status).toBe(202);
  await pipeline.settled(id!);
  return id!;
}

describe('the escalation of a response without follow-up', () => {
  test('e-mails the manager about a − response from a Friday on Tuesday at the same hour, not on Monday', async ({
    pipeline,
    smtp,
    database: { db },
  }) => {
    pipeline.clock.now = FRIDAY_10_00;
    const responseId = await answer(pipeline, negative);
    const escalations = () => db.selectFrom('escalations').selectAll().execute();

    // Saturday, Monday at 10:00 (two calendar days but one working day), Tuesday just before 10:00.
    for (const moment of ['2026-11-28T12:00:00Z', '2026-11-30T09:00:00Z', '2026-12-01T08:59:00Z']) {
      await runTasksAt(pipeline, moment);
      expect(await escalations(), moment).toEqual([]);
    }

    await runTasksAt(pipeline, '2026-12-01T09:00:00Z');
    await vi.waitFor(() => expect(escalationMails(smtp)).toHaveLength(1));
    const [mail] = escalationMails(smtp);
    expect(mail!.envelope.to).toEqual(['marieke@firm.example']);
    expect(mail!.parsed.subject).toBe('[\u2212] Geen opvolging: Jan Jansen, Gemeente Utrecht');
    const [delivery] = await deliveriesOf(db, 'escalation');
    expect(delivery).toMatchObject({ escalationId: responseId, status: 'sent', attempts: 1 });
    expect(mail!.parsed.messageId).toBe(`<escalation-${delivery!.id}@ambassador.test>`);
    expect(mail!.parsed.text).toContain('Hallo Marieke de Vries,');
    expect(mail!.parsed.text).toContain('de termijn liep af op 1 december 2026');
    expect(mail!.parsed.text).toContain('Accountmanager: Anton Bakker');
    expect(mail!.parsed.text).toContain('Oplevering <drie> weken te laat.');
    expect(mail!.parsed.html).toContain('Oplevering &lt;drie&gt; weken te laat.');
    expect(mail!.parsed.text).toContain(`http://management.test/responses/${responseId}`);
    expect(await escalations()).toEqual([
      expect.objectContaining({
        responseId,
        managerId: 'mgr-1',
        email: 'marieke@firm.example',
        dueAt: new Date('2026-12-01T09:00:00Z'),
      }),
    ]);
    // The account manager is not the one escalated to.
    expect(smtp.receivedBy('anton@firm.example').filter((m) => m.parsed.messageId?.startsWith('<escalation-'))).toEqual([]);
  });

  test('escalates a + response after 5 working days, not after the 2 of a − response', async ({ pipeline, smtp, database: { db } }) => {
    const responseId = await answer(pipeline, positive);
    for (const moment of ['2026-11-25T09:00:00Z', '2026-11-27T09:00:00Z', '2026-11-30T08:59:00Z']) {
      await runTasksAt(pipeline, moment);
      expect(await db.selectFrom('escalations').select('responseId').execute(), moment).toEqual([]);
    }
    await runTasksAt(pipeline, '2026-11-30T09:00:00Z');
    await vi.waitFor(() => expect(escalationMails(smtp)).toHaveLength(1));
    expect(escalationMails(smtp)[0]!.parsed.subject).toBe('[+] Geen opvolging: Jan Jansen, Gemeente Utrecht');
    const [delivery] = await deliveriesOf(db, 'escalation');
    expect(delivery?.escalationId).toBe(responseId);
    expect(escalationMails(smtp)[0]!.parsed.messageId).toBe(`<escalation-${delivery!.id}@ambassador.test>`);
  });

  test('is not sent for a response that got a follow-up step before its deadline', async ({ pipeline, smtp, database: { db } }) => {
    pipeline.clock.now = FRIDAY_10_00;
    const followedUp = await answer(pipeline, { ...negative, respondent: { name: 'Gerda Gebeld', email: 'gerda@utrecht.example' } });
    const forgotten = await answer(pipeline, { ...negative, respondent: { name: 'Vera Vergeten', email: 'vera@utrecht.example' } });
    await addFollowUpStep(db, {
      responseId: followedUp,
      status: 'in_progress',
      outcome: null,
      note: null,
      authorEmail: 'anton@firm.example',
      channel: 'web',
      createdAt: new Date('2026-11-30T14:00:00Z'),
    });

    await runTasksAt(pipeline, '2026-12-01T09:00:00Z');
    await runTasksAt(pipeline, '2026-12-02T09:00:00Z');
    expect(await db.selectFrom('escalations').select('responseId').execute()).toEqual([{ responseId: forgotten }]);
    await vi.waitFor(() => expect(escalationMails(smtp)).toHaveLength(1));
    expect(escalationMails(smtp)[0]!.parsed.subject).toContain('Vera Vergeten');
  });

  test('is withdrawn when a follow-up step comes in between recording and sending', async ({ pipeline, smtp, database: { db } }) => {
    pipeline.clock.now = FRIDAY_10_00;
    const responseId = await answer(pipeline, negative);
    await pipeline.notifier!.pause();
    await runTasksAt(pipeline, '2026-12-01T09:00:00Z');
    expect(await deliveriesOf(db, 'escalation')).toMatchObject([{ status: 'pending' }]);

    await addFollowUpStep(db, {
      responseId,
      status: 'in_progress',
      outcome: null,
      note: null,
      authorEmail: 'anton@firm.example',
      channel: 'web',
      createdAt: pipeline.clock.read(),
    });
    await pipeline.notifier!.resume();
    await deliveriesDrained(pipeline);
    expect(await deliveriesOf(db, 'escalation')).toMatchObject([{ status: 'cancelled', lastError: 'a follow-up step came in first' }]);
    await pipeline.scheduler.runNow();
    await deliveriesDrained(pipeline);
    expect(await deliveriesOf(db, 'escalation')).toMatchObject([{ status: 'cancelled' }]);
    expect(escalationMails(smtp)).toEqual([]);
  });

  test('sends exactly one e-mail, however many schedulers run and however often the job is added', async ({
    pipeline,
    smtp,
    database,
    redis,
    logger,
  }) => {
    pipeline.clock.now = FRIDAY_10_00;
    const responseId = await answer(pipeline, negative);
    const secondScheduler = await runScheduler({ database, redis, logger }, { clock: pipeline.clock });
    try {
      pipeline.clock.now = new Date('2026-12-01T09:00:00Z');
      const runs = await Promise.all([pipeline.scheduler.runNow(), secondScheduler.runNow()]);
      // One recorded it; the other found it recorded, or the task running in the first (and ran nothing).
      expect(runs.map((result) => result.escalationsRecorded ?? 0).sort()).toEqual([0, 1]);
      await vi.waitFor(() => expect(escalationMails(smtp)).toHaveLength(1));

      for (let run = 0; run < 3; run += 1) await pipeline.scheduler.runNow();
      pipeline.clock.advanceDays(1);
      await pipeline.scheduler.runNow();
      const [delivery] = await deliveriesOf(database.db, 'escalation');
      expect(delivery?.escalationId).toBe(responseId);
      const again = { ...delivery!, dueAt: pipeline.clock.read() };
      await pipeline.classifier.producer.enqueueDeliveries([again], pipeline.clock.read());
      await pipeline.classifier.producer.enqueueDeliveries([again], pipeline.clock.read());
      await deliveriesDrained(pipeline);

      expect(escalationMails(smtp)).toHaveLength(1);
      expect(await deliveriesOf(database.db, 'escalation')).toMatchObject([{ status: 'sent', attempts: 1 }]);
    } finally {
      await secondScheduler.close();
    }
  });

  test('records nothing when the account manager has no manager: there is nobody to escalate to', async ({
    pipeline,
    smtp,
    database: { db },
  }) => {
    const put = (url: string, payload: object) => pipeline.ingest.app.inject({ method: 'PUT', url, headers: authorized, payload });
    await put('/api/v1/employees/solo', { name: 'Sanne Solo', email: 'sanne@firm.example' });
    await put('/api/v1/projects/P-200', {
      name: 'Kademuur',
      client: { id: 'havenbedrijf', name: 'Havenbedrijf' },
      contact: { name: 'Kees Kade', email: 'kees@haven.example' },
      accountManagerId: 'solo',
    });
    pipeline.clock.now = FRIDAY_10_00;
    await answer(pipeline, { ...negative, projectId: 'P-200' });
    const managed = await answer(pipeline, negative);

    await runTasksAt(pipeline, '2026-12-03T09:00:00Z');
    expect(await db.selectFrom('escalations').select('responseId').execute()).toEqual([{ responseId: managed }]);
    await vi.waitFor(() => expect(escalationMails(smtp)).toHaveLength(1));
    expect(escalationMails(smtp)[0]!.envelope.to).toEqual(['marieke@firm.example']);
  });

  test('is not sent any more once its deadline is over a week past (history, not news)', async ({ pipeline, database: { db } }) => {
    pipeline.clock.now = FRIDAY_10_00;
    await answer(pipeline, negative);
    // Due on Tuesday 1 December; the scheduler (or the feature) was not running until the 9th.
    await runTasksAt(pipeline, '2026-12-09T09:00:00Z');
    expect(await db.selectFrom('escalations').select('responseId').execute()).toEqual([]);
  });

  test('queues again an escalation that is recorded but whose job Redis lost', async ({ pipeline, smtp, database: { db } }) => {
    pipeline.clock.now = FRIDAY_10_00;
    await answer(pipeline, negative);
    const queue = pipeline.classifier.producer.queue('deliver-email');
    await pipeline.notifier!.pause();
    await runTasksAt(pipeline, '2026-12-01T09:00:00Z');
    await queue.obliterate({ force: true });
    await pipeline.notifier!.resume();

    // The escalation, and the weekly digest that fell due on the Monday before.
    expect((await pipeline.scheduler.runNow()).messagesQueued).toBe(2);
    await vi.waitFor(() => expect(escalationMails(smtp)).toHaveLength(1));
    await vi.waitFor(async () => expect(await deliveriesOf(db, 'escalation')).toMatchObject([{ status: 'sent' }]));
    await deliveriesDrained(pipeline);
    expect((await pipeline.scheduler.runNow()).messagesQueued).toBe(0);
  });
});
