import { runNotifier } from '@ambassador/notifier/test/notifier';
import { test as base } from '@ambassador/testing/fixtures';
import { describe, expect, vi } from 'vitest';
import { seedProject, startPipeline, test } from './pipeline.ts';

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

describe('when SMTP_REQUIRE_TLS is on and the SMTP server offers no STARTTLS', () => {
  base('sends nothing in clear text, and keeps the alerts pending for a retry with the reason recorded', async ({ database, redis, logger, smtp }) => {
    const pipeline = await startPipeline({ database, redis, logger, smtp }, { withNotifier: false });
    const notifier = await runNotifier({ database, redis, logger }, smtp.url, { clock: pipeline.clock, requireTls: true });
    try {
      await seedProject(pipeline.ingest.app);
      const { id } = await pipeline.submit(negative);
      const alerts = await vi.waitFor(
        async () => {
          const rows = await database.db
            .selectFrom('deliveries')
            .innerJoin('alerts', 'alerts.id', 'deliveries.alertId')
            .select(['deliveries.id', 'deliveries.status', 'deliveries.attempts', 'deliveries.lastError'])
            .where('alerts.responseId', '=', id!)
            .execute();
          expect(rows).toHaveLength(2);
          // Tried, and the refusal recorded.
          for (const row of rows) expect(row.lastError).not.toBeNull();
          return rows;
        },
        { timeout: 10_000, interval: 25 },
      );

      // No message was handed over: the server never saw a MAIL FROM, let alone the link.
      expect(smtp.attempts).toEqual([]);
      expect(smtp.received).toEqual([]);
      for (const alert of alerts) {
        expect(alert.status).toBe('pending');
        expect(alert.lastError).toMatch(/STARTTLS/);
        // A transient failure: BullMQ holds the job for another attempt.
        const job = await pipeline.classifier.producer.queue('deliver-email').getJob(`delivery-${alert.id}`);
        expect(['delayed', 'waiting', 'active']).toContain(await job?.getState());
      }
    } finally {
      await notifier.close();
      await pipeline.close();
    }
  });
});
