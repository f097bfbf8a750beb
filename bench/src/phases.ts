import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { benchConfig } from './config.ts';
import { hammer, type LoadResult, percentile } from './load.ts';
import { PROJECTS } from './seed.ts';
import { API_KEY, type BenchSystem } from './system.ts';

export const json = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };

export async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let nextReport = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    if (Date.now() > nextReport) {
      process.stdout.write(`  … still waiting for ${what}\n`);
      nextReport = Date.now() + 10_000;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ThroughputFigures {
  healthz: LoadResult;
  responses: LoadResult;
  stored: number;
  ratio: number;
  /** Ingest's CPU time per accepted response, and per GET /healthz. */
  cpuMsPerResponse: number;
  cpuMsPerHealthz: number;
}

/** 1. Accepted POST /api/v1/responses per second, against GET /healthz of the same server. */
export async function measureThroughput(system: BenchSystem): Promise<ThroughputFigures> {
  const cpuAtStart = system.cpuMs('ingest');
  const healthz = await hammer({ url: `${system.ingestUrl}/healthz` });
  const cpuAfterHealthz = system.cpuMs('ingest');
  const before = await storedResponses(system);
  const responses = await hammer({
    url: `${system.ingestUrl}/api/v1/responses`,
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      projectId: PROJECTS[0],
      satisfaction: 'tevreden',
      wouldRecommend: true,
      wantsMoreServices: false,
      respondent: { name: 'Bench Respondent', email: 'r[<id>]@bench.example' },
    }),
    uniqueIds: true,
  });
  const cpuAfterResponses = system.cpuMs('ingest');
  const stored = (await storedResponses(system)) - before;
  return {
    healthz,
    responses,
    stored,
    ratio: responses.okPerSecond / healthz.okPerSecond,
    cpuMsPerResponse: (cpuAfterResponses - cpuAfterHealthz) / responses.ok,
    cpuMsPerHealthz: (cpuAfterHealthz - cpuAtStart) / healthz.ok,
  };
}

async function storedResponses(system: BenchSystem): Promise<number> {
  const row = await system.db.selectFrom('responses').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Waits until every stored response is classified, no alert is waiting to be sent, and both
 * queues are empty (jobs for responses the backlog task already classified still run, as no-ops,
 * and new jobs would wait behind them).
 */
export async function settle(system: BenchSystem): Promise<void> {
  const redis = new Redis(system.redis.url, { maxRetriesPerRequest: null });
  const queues = ['classify', 'deliver-email'].map((name) => new Queue(name, { connection: redis }));
  await until(
    async () => {
      for (const queue of queues) {
        if ((await queue.getJobCountByTypes('waiting', 'prioritized', 'active', 'delayed')) > 0) return false;
      }
      return true;
    },
    600_000,
    'the queues to empty',
  );
  await Promise.all(queues.map((queue) => queue.close()));
  redis.disconnect();
  await until(
    async () => {
      const unclassified = await system.db
        .selectFrom('responses')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('classifiedAt', 'is', null)
        .executeTakeFirstOrThrow();
      const pending = await system.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return Number(unclassified.count) === 0 && Number(pending.count) === 0;
    },
    600_000,
    'the system to settle',
  );
}

/** A − response (two alert e-mails) through the API; returns its id. */
export async function submitNegative(system: BenchSystem, index: number, email: string): Promise<string> {
  const response = await fetch(`${system.ingestUrl}/api/v1/responses`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      projectId: PROJECTS[index % PROJECTS.length],
      satisfaction: 'ontevreden',
      wouldRecommend: false,
      wantsMoreServices: false,
      respondent: { name: 'Bench Respondent', email },
    }),
  });
  if (response.status !== 202) throw new Error(`POST /api/v1/responses answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** How many alert messages of these responses are in this state. */
export async function alertMessagesOf(system: BenchSystem, responseIds: readonly string[], status: 'pending' | 'sent'): Promise<number> {
  const row = await system.db
    .selectFrom('alerts')
    .innerJoin('deliveries', 'deliveries.alertId', 'alerts.id')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('alerts.responseId', 'in', responseIds)
    .where('deliveries.status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface LatencyFigures {
  rate: number;
  alerts: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  postP99: number;
}

/**
 * 2. Submit → alert e-mail accepted by the SMTP sink, at a steady rate (open loop: requests
 * go out on schedule whether or not earlier ones were answered). Negative answers: two
 * e-mails each.
 */
export async function measureLatency(system: BenchSystem, rate: number, seconds = benchConfig.latencySeconds): Promise<LatencyFigures> {
  const submittedAt = new Map<string, number>();
  const postTimes: number[] = [];
  const total = rate * seconds;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  const tag = `${rate}-${Date.now().toString(36)}`;
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      (async () => {
        const sent = performance.now();
        const id = await submitNegative(system, index, `latency-${tag}-${index}@bench.example`);
        postTimes.push(performance.now() - sent);
        submittedAt.set(id, sent);
      })(),
    );
  }
  await Promise.all(inFlight);
  const ids = [...submittedAt.keys()];
  await until(
    async () => {
      return (await alertMessagesOf(system, ids, 'sent')) >= ids.length * 2;
    },
    120_000,
    `the alerts at ${rate}/s`,
  );
  const alerts = await system.db
    .selectFrom('alerts')
    .innerJoin('deliveries', 'deliveries.alertId', 'alerts.id')
    .select(['deliveries.id as deliveryId', 'alerts.responseId'])
    .where('alerts.responseId', 'in', ids)
    .execute();
  const latencies = alerts
    .map((alert) => (system.acceptedAt.get(`<alert-${alert.deliveryId}@bench.example>`) ?? Number.NaN) - (submittedAt.get(alert.responseId) ?? Number.NaN))
    .sort((a, b) => a - b);
  postTimes.sort((a, b) => a - b);
  return {
    rate,
    alerts: latencies.length,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
    postP99: percentile(postTimes, 0.99),
  };
}

/**
 * The floor under alert latency: one e-mail sent straight to the same SMTP sink, 200 times in a
 * row over one connection (which also gives the e-mails a second one connection takes).
 */
export async function measureSmtpFloor(system: BenchSystem): Promise<{ p50: number; p99: number; perSecond: number }> {
  const transport = nodemailer.createTransport({ pool: true, url: system.smtp.url, maxConnections: 1 });
  const times: number[] = [];
  const started = performance.now();
  for (let index = 0; index < 200; index += 1) {
    const sent = performance.now();
    await transport.sendMail({ from: 'floor@bench.example', to: 'floor@bench.example', subject: 'floor', text: 'floor' });
    times.push(performance.now() - sent);
  }
  const perSecond = 200_000 / (performance.now() - started);
  transport.close();
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), perSecond };
}

export interface BacklogFigures {
  responses: number;
  insertPerSecond: number;
  drainPerSecond: number;
  alertsQueued: number;
  seconds: number;
}

/**
 * 3. A backlog of stored, unclassified responses (as after a long Redis outage), drained by
 * the scheduler's backlog task: classified and their alerts queued. The baseline is how fast
 * PostgreSQL took the same rows in one bulk INSERT.
 */
export async function measureBacklog(system: BenchSystem): Promise<BacklogFigures> {
  const count = benchConfig.backlog;
  const insertStarted = performance.now();
  await sql`
    INSERT INTO responses (project_id, respondent_name, respondent_email, satisfaction, would_recommend, wants_more_services, submitted_at)
    SELECT
      (ARRAY[${sql.join(PROJECTS)}])[1 + g % ${PROJECTS.length}],
      'Backlog ' || g,
      'backlog-' || g || '@bench.example',
      (ARRAY['meer_dan_tevreden', 'tevreden', 'ontevreden'])[1 + g % 3]::satisfaction,
      true,
      g % 2 = 0,
      now() - interval '10 minutes'
    FROM generate_series(1, ${count}) AS g
  `.execute(system.db);
  const insertSeconds = (performance.now() - insertStarted) / 1000;

  const redis = new Redis(system.redis.url, { maxRetriesPerRequest: null });
  const notify = new Queue('deliver-email', { connection: redis });
  const drainStarted = performance.now();
  // The backlog is ten minutes old; the alerts it makes are younger than the grace period, so the
  // re-queue task leaves them to the classify task that stores and queues them (with the notifier
  // stopped they stay pending, and a re-queue task checking each of them every 100 ms would
  // measure itself).
  await system.startService('scheduler', { SWEEP_INTERVAL_MS: '100', SWEEP_GRACE_MS: '300000', SWEEP_BATCH_SIZE: '2000' });
  let queued = 0;
  await until(
    async () => {
      const row = await system.db
        .selectFrom('responses')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('classifiedAt', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(row.count) > 0) return false;
      // Classification wrote the alert rows in the same transactions: their number is final now.
      const alerts = await system.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      queued = await notify.getJobCountByTypes('waiting', 'prioritized', 'delayed', 'active');
      return queued >= Number(alerts.count);
    },
    600_000,
    'the backlog to drain',
  );
  const seconds = (performance.now() - drainStarted) / 1000;
  system.notePeakRss();
  await system.stopService('scheduler');
  await notify.obliterate({ force: true });
  await notify.close();
  redis.disconnect();
  await system.db.deleteFrom('alerts').execute();
  await system.db.deleteFrom('responses').where('respondentEmail', 'like', 'backlog-%').execute();
  return { responses: count, insertPerSecond: count / insertSeconds, drainPerSecond: count / seconds, alertsQueued: queued, seconds };
}

export interface FormFigures {
  healthz: LoadResult;
  form: LoadResult;
}

/** 5. GET /s/{token}: the client's form page, against GET /healthz of the same server. */
export async function measureFormPage(system: BenchSystem): Promise<FormFigures> {
  const closed = await fetch(`${system.ingestUrl}/api/v1/projects/${PROJECTS[3]}/close`, { method: 'POST', headers: { authorization: json.authorization } });
  const { invitation } = (await closed.json()) as { invitation: { url: string } };
  const path = new URL(invitation.url).pathname;
  const healthz = await hammer({ url: `${system.ingestUrl}/healthz` });
  const form = await hammer({ url: `${system.ingestUrl}${path}` });
  return { healthz, form };
}
