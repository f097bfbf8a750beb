import { buildManagement, logIn } from '@ambassador/management/test/management-app';
import { test as base } from '@ambassador/testing/fixtures';
import { Webhook } from 'standardwebhooks';
import { describe, expect, vi } from 'vitest';
import { authorized, deliveriesDrained, seedProject, startPipeline } from './pipeline.ts';

/** The pipeline with the SMPP server as its SMS gateway. */
const test = base.extend('pipeline', async ({ database, redis, logger, smtp, smpp }, { onCleanup }) => {
  const pipeline = await startPipeline({ database, redis, logger, smtp }, { smpp: { url: smpp.url } });
  onCleanup(() => pipeline.close());
  await seedProject(pipeline.ingest.app);
  return pipeline;
});

describe('a − response over every channel', () => {
  test('reaches the account manager by e-mail and SMS, the manager by e-mail, Teams as a card and the CRM as a signed webhook, each once, all on the response page and in the API', async ({
    pipeline,
    smtp,
    smpp,
    receiver,
    database,
    redis,
    logger,
  }) => {
    const { app } = pipeline.ingest;
    const put = async (url: string, payload: object) => {
      const response = await app.inject({ method: 'PUT', url, headers: authorized, payload });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ secret?: string }>();
    };
    await put('/api/v1/employees/am-1', { name: 'Anton Bakker', email: 'anton@firm.example', managerId: 'mgr-1', phone: '+31612345678', alertChannels: ['email', 'sms'] });
    await put('/api/v1/destinations/teams-sales', { kind: 'teams', url: receiver.url('/teams') });
    const { secret } = await put('/api/v1/destinations/crm', { kind: 'webhook', url: receiver.url('/crm') });

    const { status, id } = await pipeline.submit({ satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false, motivation: 'Te laat.' });
    expect(status).toBe(202);
    const state = await vi.waitFor(
      async () => {
        const response = await app.inject({ method: 'GET', url: `/api/v1/responses/${id!}`, headers: authorized });
        const body = response.json<{
          alerts: { role: string; status: string; deliveries: { channel: string; status: string }[] }[];
          destinations: { id: string; channel: string; event: string; status: string }[];
        }>();
        expect(body.alerts.flatMap((alert) => alert.deliveries)).toHaveLength(3);
        expect(body.destinations).toHaveLength(2);
        expect(body.alerts.flatMap((alert) => alert.deliveries).every((delivery) => delivery.status === 'sent')).toBe(true);
        expect(body.destinations.every((delivery) => delivery.status === 'sent')).toBe(true);
        return body;
      },
      { timeout: 15_000, interval: 50 },
    );
    await deliveriesDrained(pipeline);

    expect(state.alerts).toMatchObject([
      { role: 'account_manager', status: 'sent', deliveries: [{ channel: 'email', status: 'sent' }, { channel: 'sms', status: 'sent' }] },
      { role: 'manager', status: 'sent', deliveries: [{ channel: 'email', status: 'sent' }] },
    ]);
    expect(state.destinations).toEqual([
      { id: 'crm', channel: 'webhook', event: 'response.classified', status: 'sent', sentAt: expect.any(String) as unknown },
      { id: 'teams-sales', channel: 'teams', event: 'response.classified', status: 'sent', sentAt: expect.any(String) as unknown },
    ]);
    // Each once.
    expect(smtp.receivedBy('anton@firm.example')).toHaveLength(1);
    expect(smtp.receivedBy('marieke@firm.example')).toHaveLength(1);
    expect(smpp.accepted()).toHaveLength(1);
    expect(receiver.received.map((request) => request.path).sort()).toEqual(['/crm', '/teams']);
    const crm = receiver.received.find((request) => request.path === '/crm')!;
    expect(new Webhook(secret!).verify(crm.body, crm.headers as Record<string, string>)).toMatchObject({ type: 'response.classified', data: { responseId: id, group: 'negative' } });
    const teams = JSON.parse(receiver.received.find((request) => request.path === '/teams')!.body) as { attachments: { contentType: string }[] };
    expect(teams.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');

    // The response page shows every delivery: both alerts over their channels, and both destinations.
    const management = await buildManagement({ database, redis, logger }, { clock: pipeline.clock, adminEmails: ['admin@firm.example'] });
    try {
      const admin = await logIn(management, database, 'admin@firm.example');
      const page = await admin.get(`/responses/${id!}`);
      expect(page.statusCode).toBe(200);
      const cells = [...page.body.matchAll(/<td>(E-mail|SMS|Webhook|Teams)<\/td>(?:<td>Reactie ingedeeld<\/td>)?<td><span class="status (\w+)">/gu)].map((match) => `${match[1]!} ${match[2]!}`);
      expect(cells).toEqual(['E-mail sent', 'SMS sent', 'E-mail sent', 'Webhook sent', 'Teams sent']);
      expect(page.body).toContain('<a href="/destinations/crm">crm</a>');
    } finally {
      await management.close();
    }
  });
});
