import { describe, expect } from 'vitest';
import { test } from './pipeline.ts';

const negative = { satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false } as const;

describe('when the SMTP server says no', () => {
  test('retries after a 451 and delivers exactly one e-mail per alert', async ({ pipeline, smtp }) => {
    // The first attempt of each message is deferred, the retry is accepted.
    const tried = new Set<string>();
    smtp.respondWith((_attempt, envelope) => {
      const recipient = envelope.to.join(',');
      if (tried.has(recipient)) return { kind: 'accept' };
      tried.add(recipient);
      return { kind: 'reply', code: 451, message: '4.3.0 Try again later' };
    });
    const { id } = await pipeline.submit(negative);
    const state = await pipeline.settled(id!, 15_000);

    expect(state.alerts.map((alert) => alert.status)).toEqual(['sent', 'sent']);
    expect(smtp.attempts.map((attempt) => attempt.code).sort()).toEqual([250, 250, 451, 451]);
    expect(smtp.received).toHaveLength(2);
    expect(smtp.receivedBy('anton@firm.example')).toHaveLength(1);
    expect(smtp.receivedBy('marieke@firm.example')).toHaveLength(1);
  });

  test('marks an alert failed after a 550, without retrying it', async ({ pipeline, smtp, database: { db } }) => {
    smtp.respondWith((_attempt, envelope) =>
      envelope.to.includes('marieke@firm.example')
        ? { kind: 'reply', code: 550, message: '5.1.1 Mailbox unavailable' }
        : { kind: 'accept' },
    );
    const { id } = await pipeline.submit(negative);
    const state = await pipeline.settled(id!);

    expect(state.alerts).toMatchObject([
      { role: 'account_manager', status: 'sent' },
      { role: 'manager', status: 'failed', sentAt: null },
    ]);
    const failed = await db
      .selectFrom('deliveries')
      .innerJoin('alerts', 'alerts.id', 'deliveries.alertId')
      .select(['deliveries.id', 'deliveries.attempts', 'deliveries.lastError', 'deliveries.failedAt'])
      .where('alerts.role', '=', 'manager')
      .executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ attempts: 1, lastError: expect.stringContaining('550') as unknown, failedAt: expect.any(Date) as unknown });

    // The job failed for good: BullMQ holds it as failed after one attempt, so no retry can come.
    const job = await pipeline.classifier.producer.queue('deliver-email').getJob(`delivery-${failed.id}`);
    expect(await job?.getState()).toBe('failed');
    expect(job?.attemptsMade).toBe(1);
    expect(smtp.attempts.filter((attempt) => attempt.envelope.to.includes('marieke@firm.example'))).toHaveLength(1);
  });
});
