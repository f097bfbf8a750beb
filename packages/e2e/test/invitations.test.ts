import { test as baseTest } from '@ambassador/testing/fixtures';
import { describe, expect, vi } from 'vitest';
import { authorized, deliveriesDrained, deliveriesOf, type Pipeline, seedProject, startPipeline, test } from './pipeline.ts';

async function close(pipeline: Pipeline, projectId = 'P-100'): Promise<{ id: string; url: string }> {
  const response = await pipeline.ingest.app.inject({ method: 'POST', url: `/api/v1/projects/${projectId}/close`, headers: authorized });
  expect(response.statusCode).toBe(201);
  return response.json<{ invitation: { id: string; url: string } }>().invitation;
}

describe('the invitation at project close', () => {
  test('e-mails the contact a personal link in their language, from the firm, replies going to the account manager', async ({
    pipeline,
    smtp,
    database: { db },
  }) => {
    const invitation = await close(pipeline);
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1));
    const [mail] = smtp.received;
    expect(mail!.envelope.to).toEqual(['jan.jansen@utrecht.example']);
    expect(mail!.parsed.from).toEqual({ name: 'Ingenieursbureau Test', address: 'noreply@ambassador.test' });
    expect(mail!.parsed.replyTo).toEqual([{ name: 'Anton Bakker', address: 'anton@firm.example' }]);
    expect(mail!.parsed.subject).toBe('Uw mening over Riolering Oost: één minuut');
    // Recorded as sent just after the server accepted it.
    const delivery = await vi.waitFor(async () => {
      const [found] = await deliveriesOf(db, 'invitation');
      expect(found).toMatchObject({ invitationId: invitation.id, status: 'sent' });
      return found;
    });
    expect(mail!.parsed.messageId).toBe(`<invitation-${delivery!.id}@ambassador.test>`);
    expect(mail!.parsed.text).toContain('Beste Jan Jansen,');
    expect(mail!.parsed.text).toContain('Anton Bakker van Ingenieursbureau Test');
    expect(mail!.parsed.text).toContain('minder dan een minuut');
    expect(mail!.parsed.text).toContain(invitation.url);
    expect(mail!.parsed.html).toContain(`href="${invitation.url}"`);
    // The first question, answered from the e-mail: one button and one text link per answer.
    for (const [label, value] of [['Ontevreden', 'ontevreden'], ['Tevreden', 'tevreden'], ['Meer dan tevreden', 'meer_dan_tevreden']]) {
      expect(mail!.parsed.text).toContain(`${label}: ${invitation.url}?satisfaction=${value}\n`);
      expect(mail!.parsed.html).toContain(`href="${invitation.url}?satisfaction=${value}"`);
    }
    expect(invitation.url).toMatch(/^http:\/\/ambassador\.test\/s\/[A-Za-z0-9_-]{43}$/);
  });

  test('writes to an English contact in English', async ({ pipeline, smtp }) => {
    await pipeline.ingest.app.inject({
      method: 'PUT',
      url: '/api/v1/projects/P-100',
      headers: authorized,
      payload: {
        name: 'Bridge inspection',
        client: { id: 'rws', name: 'Rijkswaterstaat' },
        contact: { name: 'Emma Smith', email: 'emma@rws.example', locale: 'en' },
        accountManagerId: 'am-1',
      },
    });
    await close(pipeline);
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1));
    expect(smtp.received[0]!.parsed.subject).toBe('Your view of Bridge inspection: one minute');
    expect(smtp.received[0]!.parsed.text).toContain('Dear Emma Smith,');
  });

  test('the link from the e-mail opens the form, and answering it alerts the account manager and manager', async ({
    pipeline,
    smtp,
  }) => {
    const invitation = await close(pipeline);
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1));
    const link = /http:\/\/ambassador\.test(\/s\/[A-Za-z0-9_-]{43})/.exec(smtp.received[0]!.parsed.text ?? '')![1]!;
    expect((await pipeline.ingest.app.inject({ method: 'GET', url: link })).statusCode).toBe(200);

    const posted = await pipeline.ingest.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: 'satisfaction=ontevreden&motivation=Te+laat+opgeleverd&wouldRecommend=no&wantsMoreServices=no',
    });
    expect(posted.statusCode).toBe(303);
    await vi.waitFor(() => expect(smtp.received).toHaveLength(3), { timeout: 10_000 });
    const alerts = smtp.received.slice(1);
    expect(alerts.map((mail) => mail.envelope.to[0]).sort()).toEqual(['anton@firm.example', 'marieke@firm.example']);
    for (const mail of alerts) {
      expect(mail.parsed.subject).toMatch(/^\[\u2212\] Negatieve ambassadeur: Jan Jansen, Gemeente Utrecht/);
      expect(mail.parsed.text).toContain('Te laat opgeleverd');
    }
    expect(invitation.id).toBeTruthy();
  });
});

describe('the reminder', () => {
  test('is queued to wait 7 days after the invitation, and sends one reminder when it is due', async ({ pipeline, smtp, database: { db } }) => {
    const invitation = await close(pipeline);
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1));
    const [reminderDelivery] = await deliveriesOf(db, 'reminder');
    const queue = pipeline.classifier.producer.queue('deliver-email');
    const job = await vi.waitFor(async () => {
      const found = await queue.getJob(`delivery-${reminderDelivery!.id}`);
      expect(await found?.getState()).toBe('delayed');
      return found!;
    });
    expect(job.opts.delay).toBe(7 * 24 * 60 * 60 * 1000);

    // Seven days later (the test moves the clock and lets the delayed job go now).
    pipeline.clock.advanceDays(7);
    await job.promote();
    await vi.waitFor(() => expect(smtp.received).toHaveLength(2));
    const reminder = smtp.received[1]!;
    expect(reminder.parsed.subject).toBe('Herinnering: uw mening over Riolering Oost');
    expect(reminder.parsed.messageId).toBe(`<reminder-${reminderDelivery!.id}@ambassador.test>`);
    expect(reminder.parsed.text).toContain(invitation.url);
    for (const value of ['ontevreden', 'tevreden', 'meer_dan_tevreden']) {
      expect(reminder.parsed.text).toContain(`${invitation.url}?satisfaction=${value}\n`);
      expect(reminder.parsed.html).toContain(`href="${invitation.url}?satisfaction=${value}"`);
    }
  });

  test('is cancelled by answering: when it falls due it sends nothing, and re-queueing does not queue it again', async ({
    pipeline,
    smtp,
    database: { db },
  }) => {
    const invitation = await close(pipeline);
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1));
    const queue = pipeline.classifier.producer.queue('deliver-email');
    const [reminderDelivery] = await deliveriesOf(db, 'reminder');
    const job = await vi.waitFor(async () => {
      const found = await queue.getJob(`delivery-${reminderDelivery!.id}`);
      expect(found).toBeDefined();
      return found!;
    });

    const path = new URL(invitation.url).pathname;
    const answered = await pipeline.ingest.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: 'satisfaction=tevreden&wouldRecommend=yes&wantsMoreServices=no',
    });
    expect(answered.statusCode).toBe(303);

    pipeline.clock.advanceDays(7);
    await job.promote();
    await deliveriesDrained(pipeline);
    expect(smtp.received).toHaveLength(1);
    expect(await deliveriesOf(db, 'reminder')).toMatchObject([{ status: 'cancelled', lastError: 'answered' }]);
    // And re-queueing does not find it due either.
    expect((await pipeline.scheduler.runNow()).messagesQueued).toBe(0);
  });

  test('is not scheduled at all when reminders are turned off', async ({ database, redis, logger, smtp }) => {
    const pipeline = await startPipeline(
      { database, redis, logger, smtp },
      { ingestOptions: { invitationPolicy: { validityDays: 60, reminderAfterDays: 0, throttleDays: 90 } } },
    );
    try {
      await seedProject(pipeline.ingest.app);
      const invitation = await close(pipeline);
      await vi.waitFor(() => expect(smtp.received).toHaveLength(1));
      await deliveriesDrained(pipeline);
      expect((await deliveriesOf(database.db, 'invitation')).map((delivery) => delivery.invitationId)).toEqual([invitation.id]);
      expect(await deliveriesOf(database.db, 'reminder')).toEqual([]);
      pipeline.clock.advanceDays(30);
      expect((await pipeline.scheduler.runNow()).messagesQueued).toBe(0);
    } finally {
      await pipeline.close();
    }
  });
});

describe('re-queueing, for invitations', () => {
  baseTest('sends an invitation e-mail and a due reminder whose jobs Redis lost, and no reminder before it is due', async ({
    database,
    redis,
    logger,
    smtp,
  }) => {
    const pipeline = await startPipeline({ database, redis, logger, smtp });
    try {
      await seedProject(pipeline.ingest.app);
      const queue = pipeline.classifier.producer.queue('deliver-email');
      // The invitation is stored, but its e-mail job (and the delayed reminder's) are gone
      // before any worker took them.
      await pipeline.notifier!.pause();
      await close(pipeline);
      await queue.obliterate({ force: true });
      await pipeline.notifier!.resume();

      expect((await pipeline.scheduler.runNow()).messagesQueued).toBe(1);
      await vi.waitFor(() => expect(smtp.received).toHaveLength(1));

      pipeline.clock.advanceDays(6);
      expect((await pipeline.scheduler.runNow()).messagesQueued).toBe(0);
      pipeline.clock.advanceDays(1);
      expect((await pipeline.scheduler.runNow()).messagesQueued).toBe(1);
      await vi.waitFor(() => expect(smtp.received).toHaveLength(2));
      expect(smtp.received[1]!.parsed.subject).toMatch(/^Herinnering/);
      await deliveriesDrained(pipeline);
      expect((await pipeline.scheduler.runNow()).messagesQueued).toBe(0);
    } finally {
      await pipeline.close();
    }
  });
});
