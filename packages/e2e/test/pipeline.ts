import { runClassifier } from '@ambassador/classifier/test/classifier';
import { authorized, buildIngest, type IngestOptions, seedProject } from '@ambassador/ingest/test/ingest-app';
import { runNotifier, type TestSmpp } from '@ambassador/notifier/test/notifier';
import { runScheduler, type TaskCounts, type TestScheduler } from '@ambassador/scheduler/test/scheduler';
import type { Database } from '@ambassador/db/database';
import type { MessageKind } from '@ambassador/db/deliveries';
import type { Logger } from '@ambassador/observability/logger';
import { TestClock } from '@ambassador/testing/clock';
import { test as base, type TestDatabase, type TestRedis } from '@ambassador/testing/fixtures';
import type { TestSmtpServer } from '@ambassador/testing/smtp-server';
import { expect, vi } from 'vitest';

export interface Answer {
  projectId?: string;
  satisfaction: 'ontevreden' | 'tevreden' | 'meer_dan_tevreden';
  wouldRecommend: boolean;
  wantsMoreServices: boolean;
  motivation?: string;
  respondent?: { name: string; email: string };
}

export interface Pipeline {
  clock: TestClock;
  ingest: Awaited<ReturnType<typeof buildIngest>>;
  classifier: Awaited<ReturnType<typeof runClassifier>>;
  notifier: Awaited<ReturnType<typeof runNotifier>> | undefined;
  /** The periodic tasks: the test runs them (`scheduler.runNow()`), unless `schedulerIntervalMs` starts their timers. */
  scheduler: TestScheduler;
  /** POSTs a response; returns the HTTP status and the id when accepted. */
  submit(answer: Answer): Promise<{ status: number; id: string | undefined }>;
  /** Waits until the response is classified and each of its alerts is sent or failed. */
  settled(responseId: string, timeoutMs?: number): Promise<ResponseState>;
  close(): Promise<void>;
}

export interface ResponseState {
  group: string | null;
  alerts: { role: string; email: string; status: string; sentAt: string | null }[];
}

/**
 * Ingest, classifier, notifier and scheduler in this process, on the test's own database,
 * Redis prefix and SMTP server: the path a response takes in production, minus the network.
 */
export async function startPipeline(
  infrastructure: { database: TestDatabase; redis: TestRedis; logger: Logger; smtp: TestSmtpServer },
  {
    redisUrl = infrastructure.redis.url,
    withNotifier = true,
    schedulerIntervalMs,
    ingestOptions = {},
    smpp,
  }: {
    redisUrl?: string;
    withNotifier?: boolean;
    /** Runs the periodic tasks on their timers, this often (retention and purging: hourly). */
    schedulerIntervalMs?: number;
    ingestOptions?: IngestOptions;
    /** An SMPP server for the notifier's SMS. */
    smpp?: TestSmpp;
  } = {},
): Promise<Pipeline> {
  // One clock for all four, so that moving it moves the whole system.
  const clock = new TestClock();
  const ingest = await buildIngest(infrastructure, { redisUrl, clock, ...ingestOptions });
  const classifier = await runClassifier(infrastructure, {}, redisUrl, clock);
  const notifier = withNotifier ? await runNotifier(infrastructure, infrastructure.smtp.url, { redisUrl, clock, smpp }) : undefined;
  const scheduler = await runScheduler(infrastructure, {
    redisUrl,
    clock,
    ...(schedulerIntervalMs === undefined ? {} : { settings: { intervalMs: schedulerIntervalMs }, timers: true, retry: { firstRetryMs: 100, maxRetryMs: schedulerIntervalMs } }),
  });

  const read = async (responseId: string): Promise<ResponseState> => {
    const response = await ingest.app.inject({ method: 'GET', url: `/api/v1/responses/${responseId}`, headers: authorized });
    return response.json<ResponseState>();
  };

  return {
    clock,
    ingest,
    classifier,
    notifier,
    scheduler,
    async submit(answer) {
      const response = await ingest.app.inject({
        method: 'POST',
        url: '/api/v1/responses',
        headers: authorized,
        payload: { projectId: 'P-100', ...answer },
      });
      return { status: response.statusCode, id: response.statusCode === 202 ? response.json<{ id: string }>().id : undefined };
    },
    async settled(responseId, timeoutMs = 10_000) {
      return vi.waitFor(
        async () => {
          const state = await read(responseId);
          expect(state.group).not.toBeNull();
          expect(state.alerts.every((alert) => alert.status !== 'pending')).toBe(true);
          return state;
        },
        { timeout: timeoutMs, interval: 25 },
      );
    },
    async close() {
      await scheduler.close();
      await notifier?.close();
      await classifier.close();
      await ingest.close();
    },
  };
}

export { authorized, seedProject };

/** Moves the whole system's clock to `moment` and runs every periodic task there. */
export async function runTasksAt(pipeline: Pipeline, moment: string): Promise<TaskCounts> {
  pipeline.clock.now = new Date(moment);
  return pipeline.scheduler.runNow();
}

/** How the messages of one kind went, oldest first: each with the row it is about. */
export async function deliveriesOf(db: Database, kind: MessageKind) {
  return db
    .selectFrom('deliveries')
    .select(['id', 'kind', 'channel', 'status', 'attempts', 'peerReply', 'lastError', 'alertId', 'invitationId', 'loginLinkId', 'escalationId', 'digestId'])
    .where('kind', '=', kind)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/** Waits until no delivery job (e-mail, SMS, webhook, Teams or Slack) is waiting, delayed or running any more. */
export async function deliveriesDrained(pipeline: Pipeline): Promise<void> {
  const queues = (['deliver-email', 'deliver-sms', 'deliver-http'] as const).map((name) => pipeline.classifier.producer.queue(name));
  await vi.waitFor(async () => {
    for (const queue of queues) {
      expect(await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).toEqual({ waiting: 0, active: 0, delayed: 0, prioritized: 0 });
    }
  });
}

/** The shared fixtures plus a running pipeline with a seeded project (P-100, am-1 with manager mgr-1). */
export const test = base.extend('pipeline', async ({ database, redis, logger, smtp }, { onCleanup }) => {
  const pipeline = await startPipeline({ database, redis, logger, smtp });
  onCleanup(() => pipeline.close());
  await seedProject(pipeline.ingest.app);
  return pipeline;
});
