import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DeliveryChannel } from '@ambassador/domain/vocabulary';
import { createLogger } from '@ambassador/observability/logger';
import { smppAccount } from '@ambassador/notifier/config';
import { createMailer } from '@ambassador/notifier/transports/email';
import { createHttpTransport } from '@ambassador/notifier/transports/http';
import { createSmsTransport } from '@ambassador/notifier/transports/sms';
import { JobProducer } from '@ambassador/queue/producer';
import { startTestHttpReceiver } from '@ambassador/testing/http-receiver';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { submitNegative, until } from './phases.ts';
import { setAlertChannels } from './seed.ts';
import type { BenchSystem } from './system.ts';

/** The notifier's default: messages in progress at a time (NOTIFIER_CONCURRENCY). */
const CONCURRENCY = 16;

export interface DeliveryFigures {
  channel: DeliveryChannel;
  messages: number;
  /** Through the whole engine: claimed, rendered, sent, recorded, job settled. */
  perSecond: number;
  /** The notifier's CPU time per message (user + system). */
  cpuMsPerMessage: number;
  /** The same channel's transport called straight, as many at a time: the peer's and the transport's own cost. */
  transportPerSecond: number;
}

async function pendingOf(system: BenchSystem, channel: DeliveryChannel): Promise<number> {
  const row = await system.db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('channel', '=', channel)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Sends `count` messages through `send`, `CONCURRENCY` at a time; messages per second. */
async function callStraight(count: number, send: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await send(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** Stores `responses` negative responses with the notifier stopped: their alerts wait, queued. */
async function storeAlertsWhileTheNotifierIsStopped(system: BenchSystem, responses: number, channel: DeliveryChannel, expected: number): Promise<void> {
  const tag = Date.now().toString(36);
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < responses) {
        const index = next;
        next += 1;
        await submitNegative(system, index, `delivery-${tag}-${index}@bench.example`);
      }
    }),
  );
  await until(async () => (await pendingOf(system, channel)) >= expected, 120_000, `${expected} ${channel} deliveries stored`);
}

/**
 * Deliveries per second through the engine, per channel: alerts stored and queued while the
 * notifier is stopped, then a notifier started and timed from the first message sent to the
 * last, as recorded. The baseline
 * is the same transport, called straight with the same concurrency and no database or queue:
 * what the engine adds is the difference.
 */
export async function measureDeliveries(system: BenchSystem, channel: 'email' | 'sms', responses: number): Promise<DeliveryFigures> {
  await system.stopService('notifier');
  const redis = new Redis(system.redis.url, { maxRetriesPerRequest: null });
  const emailQueue = new Queue('deliver-email', { connection: redis });
  const phaseStarted = await system.db
    .selectNoFrom((eb) => eb.fn<Date>('now', []).as('now'))
    .executeTakeFirstOrThrow()
    .then((row) => row.now);
  let messages: number;
  if (channel === 'email') {
    messages = responses * 2;
    await storeAlertsWhileTheNotifierIsStopped(system, responses, 'email', messages);
  } else {
    await setAlertChannels(system, ['email', 'sms']);
    messages = responses * 2;
    await storeAlertsWhileTheNotifierIsStopped(system, responses, 'sms', messages);
    // Only the SMS go through the notifier: their e-mails are taken out of the way.
    await until(async () => (await pendingOf(system, 'email')) >= messages, 120_000, 'the e-mails stored');
    await system.db.updateTable('deliveries').set({ status: 'sent', sentAt: new Date() }).where('channel', '=', 'email').where('status', '=', 'pending').execute();
    await emailQueue.obliterate({ force: true });
  }

  await system.startService('notifier', system.smppEnvironment());
  const cpuAtStart = system.cpuMs('notifier');
  await until(async () => (await pendingOf(system, channel)) === 0, 600_000, `the ${channel} deliveries`);
  const cpuMsPerMessage = (system.cpuMs('notifier') - cpuAtStart) / messages;
  // From the first message sent to the last, as recorded: the notifier's start is not counted.
  const span = await system.db
    .selectFrom('deliveries')
    .select((eb) => [eb.fn.min<Date>('sentAt').as('first'), eb.fn.max<Date>('sentAt').as('last'), eb.fn.countAll<string>().as('count')])
    .where('channel', '=', channel)
    .where('status', '=', 'sent')
    .where('createdAt', '>=', phaseStarted)
    .executeTakeFirstOrThrow();
  const perSecond = (Number(span.count) - 1) / ((span.last.getTime() - span.first.getTime()) / 1000);
  system.notePeakRss();
  await system.stopService('notifier');
  if (channel === 'sms') await setAlertChannels(system, ['email']);
  await emailQueue.close();
  redis.disconnect();

  const logger = createLogger({ service: 'bench', level: 'warn' });
  let close: () => unknown;
  let send: (index: number) => Promise<unknown>;
  if (channel === 'email') {
    const mailer = createMailer({ smtpUrl: system.smtp.url, requireTls: false, from: 'Bench <noreply@bench.example>', poolSize: 5 });
    close = () => mailer.close();
    send = (index) =>
      mailer.send(
        { to: { name: 'Bench', address: 'floor@bench.example' }, subject: `Floor ${index}`, text: 'A message the size of an alert.\n'.repeat(20), html: `<p>${'A message the size of an alert. '.repeat(20)}</p>` },
        { id: randomUUID(), kind: 'alert' },
      );
  } else {
    const sms = createSmsTransport({ account: smppAccount(system.smpp.url, 'Bench'), logger, onReceipt: async () => {} });
    close = () => sms.close();
    send = () => sms.send({ to: '+31600000000', text: '− Bench Delivery (Client 1): bel vandaag terug. https://bench.example/r/AAAAAAAAAAAAAAAAAAAAAA' }, { id: randomUUID(), kind: 'alert' });
  }
  const transportPerSecond = await callStraight(Math.min(messages, 2000), send);
  await close();
  return { channel, messages, perSecond, cpuMsPerMessage, transportPerSecond };
}

/**
 * 4, the webhook: events stored for one webhook destination (a local receiver that answers 204
 * at once) and queued with the notifier running, timed until none is pending; each is signed and
 * sent over a connection to the address checked for it. The baseline is the same HTTP transport
 * called straight, signing too, as many at a time.
 */
export async function measureWebhookDeliveries(system: BenchSystem, count: number): Promise<DeliveryFigures> {
  const receiver = await startTestHttpReceiver();
  const redis = new Redis(system.redis.url, { maxRetriesPerRequest: null });
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const producer = new JobProducer({ connection: redis, logger });
  try {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const body = JSON.stringify({ type: 'destination.test', timestamp: new Date().toISOString(), data: { destinationId: 'bench-crm', message: 'bench' } });
    const now = new Date();
    await system.db
      .insertInto('destinations')
      .values({ id: 'bench-crm', kind: 'webhook', url: receiver.url('/crm'), secret, events: ['response.classified'], createdAt: now, updatedAt: now })
      .execute();
    const { rows } = await sql<{ id: string; kind: 'event'; channel: 'webhook'; dueAt: Date }>`
      WITH event AS (
        INSERT INTO events (type, occurred_at, body)
        SELECT 'destination.test', ${now}::timestamptz, ${body} FROM generate_series(1, ${count})
        RETURNING id
      )
      INSERT INTO deliveries (kind, channel, event_id, destination_id, created_at, due_at)
      SELECT 'event', 'webhook', event.id, 'bench-crm', ${now}::timestamptz, ${now}::timestamptz FROM event
      RETURNING id, kind, channel, due_at AS "dueAt"
    `.execute(system.db);
    await system.startService('notifier', { ...system.smppEnvironment(), DESTINATIONS_ALLOW_PRIVATE: 'true' });
    const cpuAtStart = system.cpuMs('notifier');
    await producer.enqueueDeliveries(rows, now);
    await until(async () => (await pendingOf(system, 'webhook')) === 0, 600_000, 'the webhook deliveries');
    const cpuMsPerMessage = (system.cpuMs('notifier') - cpuAtStart) / count;
    const span = await system.db
      .selectFrom('deliveries')
      .select((eb) => [eb.fn.min<Date>('sentAt').as('first'), eb.fn.max<Date>('sentAt').as('last'), eb.fn.countAll<string>().as('count')])
      .where('destinationId', '=', 'bench-crm')
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow();
    const perSecond = (Number(span.count) - 1) / ((span.last.getTime() - span.first.getTime()) / 1000);
    system.notePeakRss();
    await system.stopService('notifier');
    await system.db.deleteFrom('destinations').where('id', '=', 'bench-crm').execute();
    await system.db.deleteFrom('events').where('type', '=', 'destination.test').execute();

    const transport = createHttpTransport({ addresses: { allowPrivate: true }, timeoutMs: 10_000, clock: () => new Date() });
    const transportPerSecond = await callStraight(Math.min(count, 2000), () =>
      transport.send({ url: receiver.url('/straight'), body, signing: { id: randomUUID(), secret } }, { id: randomUUID(), kind: 'event' }),
    );
    return { channel: 'webhook', messages: count, perSecond, cpuMsPerMessage, transportPerSecond };
  } finally {
    await producer.close();
    redis.disconnect();
    await receiver.close();
  }
}
