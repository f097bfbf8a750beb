import type { Database } from '@ambassador/db/database';
import { responseShortCode } from '@ambassador/links/links';
import { TEST_MANAGEMENT_BASE_URL } from '@ambassador/testing/clock';
import { test as base } from '@ambassador/testing/fixtures';
import { describe, expect, vi } from 'vitest';
import { authorized, type Pipeline, seedProject, startPipeline } from './pipeline.ts';

const negative = { satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false } as const;

/** Quick re-binds and short waits, so that the faults below take a second, not a minute. */
const timings = { rebindDelayMs: { first: 50, max: 200 }, responseTimeoutMs: 1000, bindWaitMs: 3000 };

/** The pipeline with the SMPP server as its SMS gateway, and the account manager (am-1) asking for SMS alerts. */
const test = base.extend('pipeline', async ({ database, redis, logger, smtp, smpp }, { onCleanup }) => {
  const pipeline = await startPipeline({ database, redis, logger, smtp }, { smpp: { url: smpp.url, timings } });
  onCleanup(() => pipeline.close());
  await seedProject(pipeline.ingest.app);
  await wantsSms(pipeline);
  return pipeline;
});

async function wantsSms(pipeline: Pipeline): Promise<void> {
  const response = await pipeline.ingest.app.inject({
    method: 'PUT',
    url: '/api/v1/employees/am-1',
    headers: authorized,
    payload: { name: 'Anton Bakker', email: 'anton@firm.example', managerId: 'mgr-1', phone: '+31 6 1234 5678', alertChannels: ['email', 'sms'] },
  });
  expect(response.statusCode).toBe(200);
}

/** The SMS of a response's alert, once it is no longer pending. */
async function settledSms(db: Database, responseId: string, timeout = 15_000) {
  return vi.waitFor(
    async () => {
      const sms = await db
        .selectFrom('deliveries')
        .innerJoin('alerts', 'alerts.id', 'deliveries.alertId')
        .select(['deliveries.id', 'deliveries.status', 'deliveries.attempts', 'deliveries.lastError', 'deliveries.peerReply', 'deliveries.peerMessageId', 'deliveries.body', 'deliveries.sentAt', 'deliveries.deliveredAt', 'deliveries.failedAt', 'alerts.role'])
        .where('alerts.responseId', '=', responseId)
        .where('deliveries.channel', '=', 'sms')
        .executeTakeFirstOrThrow();
      expect(sms.status).not.toBe('pending');
      return sms;
    },
    { timeout, interval: 25 },
  );
}

async function submitNegative(pipeline: Pipeline, respondent?: { name: string; email: string }): Promise<string> {
  const { status, id } = await pipeline.submit({ ...negative, ...(respondent ? { respondent } : {}) });
  expect(status).toBe(202);
  return id!;
}

describe('alerts by SMS over SMPP', () => {
  test('a − response reaches the account manager by e-mail and SMS, and the manager by e-mail; the API shows both channels', async ({
    pipeline,
    smtp,
    smpp,
    database: { db },
  }) => {
    const id = await submitNegative(pipeline);
    const sms = await settledSms(db, id);
    const state = await pipeline.settled(id);

    // The gateway got one SMS: to the number in E.164 (without +), from the sender id, in GSM-7 (é), one segment, with a receipt asked for.
    expect(smpp.accepted()).toHaveLength(1);
    const [received] = smpp.accepted();
    const link = `${TEST_MANAGEMENT_BASE_URL}/r/${responseShortCode(id)}`;
    expect(received).toMatchObject({
      destination: '31612345678',
      source: 'Ambassador',
      text: `[-] Negatieve ambassadeur: Jan Jansen, Gemeente Utrecht. Bel binnen één werkdag. ${link}`,
      dataCoding: 0,
      segments: 1,
      inPayload: false,
      registeredDelivery: 1,
    });
    // Recorded with the gateway's message id and the text sent.
    expect(sms).toMatchObject({
      role: 'account_manager',
      status: 'sent',
      attempts: 1,
      peerMessageId: received!.messageId,
      peerReply: `ESME_ROK message_id ${received!.messageId}`,
      body: { text: received!.text, encoding: 'gsm7', segments: 1 },
    });
    // Both e-mails went as before.
    expect(smtp.receivedBy('anton@firm.example')).toHaveLength(1);
    expect(smtp.receivedBy('marieke@firm.example')).toHaveLength(1);
    expect(state.alerts).toEqual([
      expect.objectContaining({
        role: 'account_manager',
        status: 'sent',
        deliveries: [
          { channel: 'email', status: 'sent', sentAt: expect.any(String) as unknown, deliveredAt: null },
          { channel: 'sms', status: 'sent', sentAt: expect.any(String) as unknown, deliveredAt: null },
        ],
      }),
      expect.objectContaining({ role: 'manager', status: 'sent', deliveries: [expect.objectContaining({ channel: 'email', status: 'sent' })] }),
    ]);
  });

  test('a delivery receipt moves the SMS to delivered; an UNDELIV receipt (in its text only) to failed, with the reason', async ({
    pipeline,
    smpp,
    database: { db },
  }) => {
    const first = await submitNegative(pipeline);
    const sent = await settledSms(db, first);
    // The notifier answers deliver_sm only once the receipt is recorded: ESME_ROK.
    expect(await smpp.sendReceipt(sent.peerMessageId!, 'DELIVRD')).toBe(0);
    const delivered = await settledSms(db, first);
    expect(delivered).toMatchObject({ status: 'delivered', deliveredAt: expect.any(Date) as unknown, failedAt: null });
    const api = await pipeline.ingest.app.inject({ method: 'GET', url: `/api/v1/responses/${first}`, headers: authorized });
    expect(api.json<{ alerts: { deliveries: { channel: string }[] }[] }>().alerts[0]!.deliveries).toContainEqual({
      channel: 'sms',
      status: 'delivered',
      sentAt: expect.any(String) as unknown,
      deliveredAt: expect.any(String) as unknown,
    });
    // A receipt of a state on the way (ENROUTE) changes nothing, nor does a repeated final one.
    expect(await smpp.sendReceipt(sent.peerMessageId!, 'UNDELIV')).toBe(0);
    expect((await settledSms(db, first)).status).toBe('delivered');

    const second = await submitNegative(pipeline, { name: 'Piet Peters', email: 'piet@utrecht.example' });
    const other = await settledSms(db, second);
    expect(await smpp.sendReceipt(other.peerMessageId!, 'ENROUTE')).toBe(0);
    expect((await settledSms(db, second)).status).toBe('sent');
    expect(await smpp.sendReceipt(other.peerMessageId!, 'UNDELIV', { textOnly: true })).toBe(0);
    expect(await settledSms(db, second)).toMatchObject({
      status: 'failed',
      failedAt: expect.any(Date) as unknown,
      lastError: 'the SMS gateway reports it not delivered: UNDELIV (err:001)',
    });
  });

  test('records a receipt that comes before the answer to submit_sm, once the SMS is recorded as sent', async ({ pipeline, smpp, database: { db } }) => {
    smpp.respondWith(() => ({ kind: 'accept', receiptFirst: 'DELIVRD' }));
    const id = await submitNegative(pipeline);
    await vi.waitFor(async () => expect((await settledSms(db, id)).status).toBe('delivered'), { timeout: 10_000 });
    expect(smpp.accepted()).toHaveLength(1);
  });

  test('sends one SMS after the gateway throttled the first try (ESME_RTHROTTLED is retried)', async ({ pipeline, smpp, database: { db } }) => {
    smpp.respondWith((attempt) => (attempt === 1 ? { kind: 'refuse', status: 'ESME_RTHROTTLED' } : { kind: 'accept' }));
    const id = await submitNegative(pipeline);
    const sms = await settledSms(db, id);
    expect(sms).toMatchObject({ status: 'sent', attempts: 2 });
    // ESME_RTHROTTLED is 0x58.
    expect(smpp.submitted.map((submitted) => submitted.status)).toEqual([0x58, 0]);
    expect(smpp.accepted()).toHaveLength(1);
  });

  test('fails an SMS to an invalid destination at once, without retrying it', async ({ pipeline, smpp, database: { db } }) => {
    smpp.respondWith(() => ({ kind: 'refuse', status: 'ESME_RINVDSTADR' }));
    const id = await submitNegative(pipeline);
    const sms = await settledSms(db, id);
    expect(sms).toMatchObject({ status: 'failed', attempts: 1, lastError: 'submit_sm refused: ESME_RINVDSTADR (0x0000000b)', failedAt: expect.any(Date) as unknown });
    const job = await pipeline.classifier.producer.queue('deliver-sms').getJob(`delivery-${sms.id}`);
    expect(await job?.getState()).toBe('failed');
    expect(job?.attemptsMade).toBe(1);
    expect(smpp.submitted).toHaveLength(1);
    // The e-mails are not held up by it.
    expect((await pipeline.settled(id)).alerts.map((alert) => alert.status)).toEqual(['sent', 'sent']);
  });

  test('binds again after the gateway drops the session, on an idle session and in the middle of a submit_sm, and sends the SMS once', async ({
    pipeline,
    smpp,
    database: { db },
  }) => {
    await vi.waitFor(() => expect(smpp.binds()).toBe(1));
    smpp.dropSessions();
    await vi.waitFor(() => expect(smpp.binds()).toBe(2));

    // The first submit_sm is met by a dropped connection, unanswered: tried again once bound again.
    smpp.respondWith((attempt) => (attempt === 1 ? { kind: 'drop' } : { kind: 'accept' }));
    const id = await submitNegative(pipeline);
    const sms = await settledSms(db, id);
    expect(sms).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smpp.binds()).toBe(3);
    expect(smpp.accepted()).toHaveLength(1);
  });

  test('waits for a slow gateway; asks again when the answer does not come in time', async ({ pipeline, smpp, database: { db } }) => {
    // Slow, but within the time given (1 s here): one attempt.
    smpp.respondWith(() => ({ kind: 'accept', delayMs: 400 }));
    const slow = await settledSms(db, await submitNegative(pipeline));
    expect(slow).toMatchObject({ status: 'sent', attempts: 1 });

    // Too slow: the attempt counts as failed for now (the gateway may still take it: a timeout is
    // the one refusal that can double an SMS), and the next one goes through.
    smpp.respondWith((attempt) => (attempt === 2 ? { kind: 'accept', delayMs: 1500 } : { kind: 'accept' }));
    const late = await settledSms(db, await submitNegative(pipeline, { name: 'Piet Peters', email: 'piet@utrecht.example' }));
    expect(late).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smpp.submitted).toHaveLength(3);
  });

  test('keeps the session alive with enquire_link, and unbinds when the notifier stops', async ({ database, redis, logger, smtp, smpp }) => {
    const pipeline = await startPipeline({ database, redis, logger, smtp }, { smpp: { url: smpp.url, timings: { ...timings, enquireLinkMs: 50 } } });
    try {
      await vi.waitFor(() => expect(smpp.enquireLinks()).toBeGreaterThanOrEqual(3));
      expect(smpp.binds()).toBe(1);
    } finally {
      await pipeline.close();
    }
    expect(smpp.unbinds()).toBe(1);
  });
});

describe('SMS in other shapes', () => {
  test('sends GSM-7 where the text allows (é) and UCS-2 where it does not (ł), long texts in message_payload, never more than two segments', async ({
    pipeline,
    smpp,
    database: { db },
  }) => {
    await pipeline.ingest.app.inject({
      method: 'PUT',
      url: '/api/v1/projects/P-100',
      headers: authorized,
      payload: {
        name: 'Riolering Oost',
        client: { id: 'gemeente-utrecht', name: `Hoogheemraadschap van Delfland, ${'Schieland en de Krimpenerwaard '.repeat(6)}`.slice(0, 200) },
        contact: { name: 'Jan Jansen', email: 'jan.jansen@utrecht.example' },
        accountManagerId: 'am-1',
      },
    });
    const gsm = await settledSms(db, await submitNegative(pipeline, { name: 'André Sévérin', email: 'andre@utrecht.example' }));
    const ucs2 = await settledSms(db, await submitNegative(pipeline, { name: 'Paweł Wiśniewski', email: 'pawel@utrecht.example' }));

    const [first, second] = smpp.accepted();
    expect(first).toMatchObject({ dataCoding: 0, segments: 2, inPayload: true });
    expect(first!.text).toMatch(/^\[-\] Negatieve ambassadeur: André Sévérin, Hoogheemraadschap van Delfland, .*\.\.\.\. Bel binnen één werkdag\. http/);
    expect(second).toMatchObject({ dataCoding: 8, segments: 2, inPayload: true });
    // UCS-2 holds less than half as much: both names are cut.
    expect(second!.text).toMatch(/^\[-\] Negatieve ambassadeur: Paweł Wiś.*\.\.\., Hoogheemraad.*\.\.\.\. Bel binnen één werkdag\. http/);
    // What the gateway decoded is what was recorded as sent.
    expect(gsm.body).toEqual({ text: first!.text, encoding: 'gsm7', segments: 2 });
    expect(ucs2.body).toEqual({ text: second!.text, encoding: 'ucs2', segments: 2 });
  });

  base('keeps an SMS for a retry, with the reason, while the gateway refuses the bind (a wrong password)', async ({ database, redis, logger, smtp, smpp }) => {
    const url = smpp.url.replace(`:${smpp.password}@`, ':wrong@');
    const pipeline = await startPipeline({ database, redis, logger, smtp }, { smpp: { url, timings: { ...timings, bindWaitMs: 300 } } });
    try {
      await seedProject(pipeline.ingest.app);
      await wantsSms(pipeline);
      const id = await submitNegative(pipeline);
      const sms = await vi.waitFor(
        async () => {
          const row = await database.db
            .selectFrom('deliveries')
            .innerJoin('alerts', 'alerts.id', 'deliveries.alertId')
            .select(['deliveries.id', 'deliveries.status', 'deliveries.lastError'])
            .where('alerts.responseId', '=', id)
            .where('deliveries.channel', '=', 'sms')
            .executeTakeFirstOrThrow();
          expect(row.lastError).not.toBeNull();
          return row;
        },
        { timeout: 10_000, interval: 25 },
      );
      expect(sms).toMatchObject({ status: 'pending', lastError: 'no bound SMPP session within 300 ms: the gateway is unreachable or refuses the bind' });
      const job = await pipeline.classifier.producer.queue('deliver-sms').getJob(`delivery-${sms.id}`);
      expect(['delayed', 'waiting', 'active']).toContain(await job?.getState());
      expect(smpp.binds()).toBe(0);
      expect(smpp.submitted).toEqual([]);
    } finally {
      await pipeline.close();
    }
  });

  base('without SMPP_URL, fails each SMS at once with the reason, and sends the e-mails', async ({ database, redis, logger, smtp }) => {
    const pipeline = await startPipeline({ database, redis, logger, smtp });
    try {
      await seedProject(pipeline.ingest.app);
      await wantsSms(pipeline);
      const id = await submitNegative(pipeline);
      expect(await settledSms(database.db, id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'SMS is not configured: set SMPP_URL' });
      expect((await pipeline.settled(id)).alerts.map((alert) => alert.status)).toEqual(['sent', 'sent']);
    } finally {
      await pipeline.close();
    }
  });
});
