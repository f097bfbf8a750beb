import { acknowledgeAlert } from '@ambassador/db/follow-ups';
import { applyRetention } from '@ambassador/db/retention';
import { testLinks } from '@ambassador/notifier/test/notifier';
import type { ReceivedRequest, ReceiverVerdict, TestHttpReceiver } from '@ambassador/testing/http-receiver';
import { Webhook } from 'standardwebhooks';
import { describe, expect, vi } from 'vitest';
import { authorized, type Pipeline, test } from './pipeline.ts';

const negative = { satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false, motivation: 'Te laat opgeleverd.' } as const;
const hotLead = { satisfaction: 'meer_dan_tevreden', wouldRecommend: true, wantsMoreServices: true } as const;
const neutral = { satisfaction: 'tevreden', wouldRecommend: true, wantsMoreServices: false } as const;

interface DestinationAnswer {
  id: string;
  kind: string;
  url: string;
  events: string[];
  division: string | null;
  active: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  secret?: string;
}

async function putDestination(pipeline: Pipeline, id: string, body: object): Promise<DestinationAnswer> {
  const response = await pipeline.ingest.app.inject({ method: 'PUT', url: `/api/v1/destinations/${id}`, headers: authorized, payload: body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<DestinationAnswer>();
}

async function deliveryLog(pipeline: Pipeline, id: string) {
  const response = await pipeline.ingest.app.inject({ method: 'GET', url: `/api/v1/destinations/${id}/deliveries`, headers: authorized });
  expect(response.statusCode).toBe(200);
  return response.json<{ deliveries: { id: string; event: string; responseId: string | null; attempt: number; status: string; statusCode: number | null; at: string }[] }>()
    .deliveries;
}

async function submit(pipeline: Pipeline, answer: object): Promise<string> {
  const { status, id } = await pipeline.submit(answer as Parameters<Pipeline['submit']>[0]);
  expect(status).toBe(202);
  return id!;
}

/** Verifies a request's Standard Webhooks signature with the package's own verify; returns the event. */
function verified(secret: string, request: ReceivedRequest): unknown {
  return new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
}

async function receivedAtLeast(receiver: TestHttpReceiver, count: number, timeout = 15_000): Promise<ReceivedRequest[]> {
  return vi.waitFor(
    () => {
      expect(receiver.received.length).toBeGreaterThanOrEqual(count);
      return receiver.received;
    },
    { timeout, interval: 25 },
  );
}

async function settledLog(pipeline: Pipeline, id: string, timeout = 15_000) {
  return vi.waitFor(
    async () => {
      const log = await deliveryLog(pipeline, id);
      expect(log.length).toBeGreaterThan(0);
      expect(log.every((delivery) => delivery.status !== 'pending')).toBe(true);
      return log;
    },
    { timeout, interval: 50 },
  );
}

describe('destinations: signed webhooks', () => {
  test('sends a − response to a webhook once, as a Standard Webhooks event that verifies with its secret', async ({ pipeline, receiver, database: { db } }) => {
    const created = await putDestination(pipeline, 'crm', { kind: 'webhook', url: receiver.url('/hooks/ambassador') });
    expect(created).toMatchObject({ id: 'crm', kind: 'webhook', events: ['response.classified', 'follow_up.recorded'], division: null, active: true });
    // 32 random bytes, base64: 44 characters.
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/u);
    const secret = created.secret!;

    const id = await submit(pipeline, negative);
    const [request] = await receivedAtLeast(receiver, 1);
    const log = await settledLog(pipeline, 'crm');
    expect(receiver.received).toHaveLength(1);
    expect(request!.path).toBe('/hooks/ambassador');
    expect(request!.headers['content-type']).toBe('application/json');

    const event = await db.selectFrom('events').select(['id', 'body']).where('responseId', '=', id).executeTakeFirstOrThrow();
    expect(request!.headers['webhook-id']).toBe(event.id);
    expect(request!.body).toBe(event.body);
    const response = await db.selectFrom('responses').select(['submittedAt', 'classifiedAt']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(verified(secret, request!)).toEqual({
      type: 'response.classified',
      timestamp: response.classifiedAt!.toISOString(),
      data: {
        responseId: id,
        projectId: 'P-100',
        clientId: 'gemeente-utrecht',
        accountManagerId: 'am-1',
        group: 'negative',
        hotLead: false,
        satisfaction: 'ontevreden',
        wouldRecommend: false,
        wantsMoreServices: false,
        recommendScore: null,
        motivation: 'Te laat opgeleverd.',
        respondent: { name: 'Jan Jansen', email: 'jan.jansen@utrecht.example' },
        submittedAt: response.submittedAt.toISOString(),
        classifiedAt: response.classifiedAt!.toISOString(),
      },
    });
    // Another secret does not verify it.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(request!.body, request!.headers as Record<string, string>)).toThrow();

    expect(log).toEqual([{ id: expect.any(String) as unknown, event: 'response.classified', responseId: id, attempt: 1, status: 'sent', statusCode: 200, at: expect.any(String) as unknown }]);
    // The secret is in the answer that created it, and never again.
    const updated = await putDestination(pipeline, 'crm', { kind: 'webhook', url: receiver.url('/hooks/v2') });
    expect(updated.secret).toBeUndefined();
    const list = await pipeline.ingest.app.inject({ method: 'GET', url: '/api/v1/destinations', headers: authorized });
    expect(list.body).not.toContain('whsec_');
    expect(list.json()).toMatchObject({ destinations: [{ id: 'crm', url: receiver.url('/hooks/v2'), active: true }] });
  });

  // The harness's notifier waits 2 seconds for an answer: 3 seconds is a timeout.
  const refusals = {
    'a 500': { kind: 'answer', status: 500 },
    'a timeout': { kind: 'answer', status: 200, delayMs: 3000 },
    'a dropped connection': { kind: 'drop' },
  } as const satisfies Record<string, ReceiverVerdict>;
  for (const [name, refusal] of Object.entries(refusals)) {
    test(`retries ${name} with the same id and body, within 10 seconds`, async ({ pipeline, receiver }) => {
      const { secret } = await putDestination(pipeline, 'crm', { kind: 'webhook', url: receiver.url() });
      receiver.respondWith((attempt) => (attempt === 1 ? refusal : { kind: 'answer', status: 204 }));
      const id = await submit(pipeline, negative);
      const received = await receivedAtLeast(receiver, 2);
      const log = await settledLog(pipeline, 'crm');
      expect(received.map((request) => request.answer)).toEqual([refusal.kind === 'drop' ? 'dropped' : refusal.status, 204]);
      expect(new Set(received.map((request) => request.headers['webhook-id'])).size).toBe(1);
      expect(new Set(received.map((request) => request.body)).size).toBe(1);
      for (const request of received) expect(verified(secret!, request)).toMatchObject({ type: 'response.classified', data: { responseId: id } });
      expect(received[1]!.at.getTime() - received[0]!.at.getTime()).toBeLessThan(10_000);
      expect(log).toMatchObject([{ responseId: id, attempt: 2, status: 'sent', statusCode: 204 }]);
    });
  }

  test('a 410 Gone fails the delivery at once and disables the destination until it is PUT again', async ({ pipeline, receiver, database: { db } }) => {
    await putDestination(pipeline, 'crm', { kind: 'webhook', url: receiver.url() });
    receiver.respondWith(() => ({ kind: 'answer', status: 410 }));
    await submit(pipeline, negative);
    const log = await settledLog(pipeline, 'crm');
    expect(log).toMatchObject([{ attempt: 1, status: 'failed', statusCode: 410 }]);
    const list = await pipeline.ingest.app.inject({ method: 'GET', url: '/api/v1/destinations', headers: authorized });
    expect(list.json()).toMatchObject({ destinations: [{ id: 'crm', active: false, disabledAt: expect.any(String) as unknown, disabledReason: 'the receiver answered 410 Gone' }] });

    // Disabled: the next response makes no event for it.
    const second = await submit(pipeline, { ...negative, respondent: { name: 'Piet', email: 'piet@utrecht.example' } });
    await pipeline.settled(second);
    expect(await db.selectFrom('events').select('id').where('responseId', '=', second).execute()).toEqual([]);
    expect(receiver.received).toHaveLength(1);

    const enabled = await putDestination(pipeline, 'crm', { kind: 'webhook', url: receiver.url() });
    expect(enabled).toMatchObject({ active: true, disabledAt: null, disabledReason: null });
  });

  test('tells a webhook of follow-up steps, and only webhooks that want the event', async ({ pipeline, receiver, database: { db } }) => {
    const { secret } = await putDestination(pipeline, 'crm', { kind: 'webhook', url: receiver.url('/all') });
    await putDestination(pipeline, 'follow-ups', { kind: 'webhook', url: receiver.url('/follow-ups'), events: ['follow_up.recorded'] });
    const id = await submit(pipeline, negative);
    await pipeline.settled(id);
    await receivedAtLeast(receiver, 1);
    const alert = await db.selectFrom('alerts').select('id').where('responseId', '=', id).where('role', '=', 'account_manager').executeTakeFirstOrThrow();
    const acknowledged = await db.transaction().execute((trx) => acknowledgeAlert(trx, alert.id, pipeline.clock.now));
    expect(acknowledged.deliveries).toHaveLength(2);
    await pipeline.classifier.producer.enqueueDeliveries(acknowledged.deliveries, pipeline.clock.now);
    const received = await receivedAtLeast(receiver, 3);
    expect(received.map((request) => request.path).sort()).toEqual(['/all', '/all', '/follow-ups']);
    const followUp = received.find((request) => request.path === '/all' && request.body.includes('follow_up.recorded'))!;
    expect(verified(secret!, followUp)).toEqual({
      type: 'follow_up.recorded',
      timestamp: pipeline.clock.now.toISOString(),
      data: { responseId: id, status: 'in_progress', outcome: null, note: null, recordedBy: 'anton@firm.example', recordedAt: pipeline.clock.now.toISOString() },
    });
  });
});

describe('destinations: Teams and Slack', () => {
  test('posts + and − alerts to Teams as an Adaptive Card and to Slack as Block Kit, with a link to the response; nothing for a neutral one', async ({
    pipeline,
    receiver,
  }) => {
    await putDestination(pipeline, 'teams-sales', { kind: 'teams', url: receiver.url('/teams') });
    await putDestination(pipeline, 'slack-sales', { kind: 'slack', url: receiver.url('/slack') });
    await putDestination(pipeline, 'crm', { kind: 'webhook', url: receiver.url('/crm') });
    const quiet = await submit(pipeline, { ...neutral, respondent: { name: 'Nel', email: 'nel@utrecht.example' } });
    const id = await submit(pipeline, hotLead);
    const received = await receivedAtLeast(receiver, 4);
    await vi.waitFor(async () => expect((await deliveryLog(pipeline, 'crm')).every((delivery) => delivery.status === 'sent')).toBe(true));
    expect(received.map((request) => request.path).sort()).toEqual(['/crm', '/crm', '/slack', '/teams']);

    const teams = JSON.parse(received.find((request) => request.path === '/teams')!.body) as {
      type: string;
      attachments: { contentType: string; content: { type: string; body: { type: string; inlines: { type: string; text: string }[] }[]; actions: object[] } }[];
    };
    expect(teams.type).toBe('message');
    expect(teams.attachments).toHaveLength(1);
    const card = teams.attachments[0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.type).toBe('AdaptiveCard');
    // Every text a TextRun (no markdown read in what people typed), one block per fact.
    const lines = card.content.body.map((block) => {
      expect(block.type).toBe('RichTextBlock');
      return block.inlines.map((inline) => inline.text).join('');
    });
    expect(lines[0]).toBe('[+] Positieve ambassadeur (hot lead): Jan Jansen, Gemeente Utrecht');
    expect(lines).toContain('Klant: Gemeente Utrecht');
    expect(lines).toContain('Project: Riolering Oost');
    expect(lines).toContain('Accountmanager: Anton Bakker');
    expect(card.content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open de reactie', url: testLinks.response(id) }]);

    const slack = JSON.parse(received.find((request) => request.path === '/slack')!.body) as { text: string; blocks: { type: string; elements?: { type: string; url: string }[] }[] };
    expect(slack.text).toBe('[+] Positieve ambassadeur (hot lead): Jan Jansen, Gemeente Utrecht');
    expect(slack.blocks.find((block) => block.type === 'actions')!.elements).toEqual([
      expect.objectContaining({ type: 'button', url: testLinks.response(id) }) as unknown,
    ]);

    // The neutral response went to the CRM only, and the API shows where each went.
    const api = await pipeline.ingest.app.inject({ method: 'GET', url: `/api/v1/responses/${quiet}`, headers: authorized });
    expect(api.json()).toMatchObject({ destinations: [{ id: 'crm', channel: 'webhook', event: 'response.classified', status: 'sent' }] });
  });

  test('a destination for a division gets only the responses of account managers in it', async ({ pipeline, receiver, database: { db } }) => {
    await putDestination(pipeline, 'teams-water', { kind: 'teams', url: receiver.url('/water'), division: 'Water' });
    const before = await submit(pipeline, negative);
    await pipeline.settled(before);
    expect(await db.selectFrom('events').select('id').execute()).toEqual([]);

    const employee = await pipeline.ingest.app.inject({
      method: 'PUT',
      url: '/api/v1/employees/am-1',
      headers: authorized,
      payload: { name: 'Anton Bakker', email: 'anton@firm.example', managerId: 'mgr-1', division: 'Water' },
    });
    expect(employee.statusCode).toBe(200);
    await submit(pipeline, { ...negative, respondent: { name: 'Piet', email: 'piet@utrecht.example' } });
    const received = await receivedAtLeast(receiver, 1);
    expect(received.map((request) => request.path)).toEqual(['/water']);
  });
});

describe('destinations and personal data', () => {
  test('erasure removes the events about a respondent, retention empties their bodies, and an emptied event is not sent', async ({ pipeline, receiver, database: { db } }) => {
    await putDestination(pipeline, 'crm', { kind: 'webhook', url: receiver.url() });
    const erased = await submit(pipeline, negative);
    const kept = await submit(pipeline, { ...negative, respondent: { name: 'Piet', email: 'piet@utrecht.example' } });
    await receivedAtLeast(receiver, 2);
    await settledLog(pipeline, 'crm');

    const erasure = await pipeline.ingest.app.inject({ method: 'DELETE', url: '/api/v1/contacts/jan.jansen@utrecht.example', headers: authorized });
    expect(erasure.statusCode).toBe(204);
    expect(await db.selectFrom('events').select('responseId').execute()).toEqual([{ responseId: kept }]);
    expect(erased).not.toBe(kept);

    // Retention: everything is old. The event stays (the log), its body goes.
    const later = new Date(pipeline.clock.now.getTime() + 86_400_000);
    await applyRetention(db, { cutoff: later, now: later, batchSize: 100 });
    expect(await db.selectFrom('events').select(['responseId', 'body']).execute()).toEqual([{ responseId: kept, body: null }]);

    // Redelivering it sends nothing: there is nothing left to send.
    const log = await deliveryLog(pipeline, 'crm');
    expect(log).toHaveLength(1);
    expect(await db.selectFrom('deliveries').select('status').where('kind', '=', 'event').execute()).toEqual([{ status: 'sent' }]);
  });
});
