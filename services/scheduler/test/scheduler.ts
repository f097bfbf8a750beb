import { createDatabase } from '@ambassador/db/database';
import type { Logger } from '@ambassador/observability/logger';
import { createMetricsRegistry, type Registry } from '@ambassador/observability/metrics';
import { createProducerConnection, type Redis, settleConnection } from '@ambassador/queue/connection';
import { JobProducer } from '@ambassador/queue/producer';
import { TestClock } from '@ambassador/testing/clock';
import type { TestDatabase, TestRedis } from '@ambassador/testing/fixtures';
import { sql } from 'kysely';
import { createSchedulerMetrics } from '../src/metrics.ts';
import { createScheduler, type RetryPolicy, type Scheduler, type SchedulerReport, type TaskRun } from '../src/scheduler.ts';
import { periodicTasks, type ResultOf, type TaskName, type TaskSettings } from '../src/tasks/tasks.ts';

/** Tests run the tasks themselves (with `runNow`); the timers stay off unless asked for. */
export const testTaskSettings: TaskSettings = { intervalMs: 60_000, graceMs: 0, batchSize: 100 };

type CountName = { [N in TaskName]: keyof ResultOf<N> }[TaskName];

/** What the tasks of one run did, added up (each count belongs to one task). */
export type TaskCounts = Partial<Record<CountName, number>>;

export interface TestScheduler {
  scheduler: Scheduler;
  producer: JobProducer;
  /** The producer's connection: `status` says whether Redis answers. */
  connection: Redis;
  registry: Registry;
  /** Runs these tasks (all by default) now, in order; throws naming each that failed; returns what they did. */
  runNow(...names: TaskName[]): Promise<TaskCounts>;
  close(): Promise<void>;
}

export interface TestSchedulerOptions {
  settings?: Partial<TaskSettings>;
  redisUrl?: string;
  clock?: TestClock;
  /** Also run the tasks on their timers, as `main.ts` does. */
  timers?: boolean;
  retry?: RetryPolicy;
}

/** The scheduler with every periodic task, as main.ts runs it, on the test's database and Redis prefix. */
export async function runScheduler(
  { database, redis, logger }: { database: TestDatabase; redis: TestRedis; logger: Logger },
  { settings = {}, redisUrl = redis.url, clock = new TestClock(), timers = false, retry }: TestSchedulerOptions = {},
): Promise<TestScheduler> {
  // A pool of its own, as in main.ts: each task holds a connection for its lock while it works on others.
  const db = createDatabase(database.url, { poolSize: 16 });
  const connection = createProducerConnection(redisUrl, logger, 'scheduler-test-producer');
  await settleConnection(connection);
  const producer = new JobProducer({ connection, logger, prefix: redis.prefix });
  const registry = createMetricsRegistry('scheduler');
  const scheduler = createScheduler(
    { db, redisReady: () => connection.status === 'ready', logger, clock: clock.read, metrics: createSchedulerMetrics(registry, db) },
    periodicTasks({ db, producer, logger }, { ...testTaskSettings, ...settings }),
    retry,
  );
  if (timers) scheduler.start();
  return {
    scheduler,
    producer,
    connection,
    registry,
    async runNow(...names) {
      return countsOf(await scheduler.runNow(names.length > 0 ? names : undefined));
    },
    async close() {
      await scheduler.stop();
      await producer.close();
      connection.disconnect();
      await db.destroy();
    },
  };
}

/** What the tasks that ran did, added up; throws naming each task that failed. */
export function countsOf(report: SchedulerReport): TaskCounts {
  const failures = Object.entries(report).flatMap(([task, run]) => (run.outcome === 'failed' ? [{ task, error: run.error }] : []));
  if (failures.length > 0) {
    const messages = failures.map(({ task, error }) => `${task}: ${error instanceof Error ? error.message : String(error)}`);
    throw new AggregateError(
      failures.map(({ error }) => error),
      `scheduled tasks failed: ${messages.join('; ')}`,
    );
  }
  return Object.assign({}, ...Object.values(report).map((run) => (run.outcome === 'succeeded' ? run.result : {}))) as TaskCounts;
}

/**
 * Moves a task's last success back by `ms`, as if that much time had passed since: periods are
 * measured by the database's clock, which a test cannot move.
 */
export async function letTimePass(database: TestDatabase, task: TaskName, ms: number): Promise<void> {
  await database.db
    .updateTable('scheduledTasks')
    .set({ lastSucceededAt: sql<Date>`last_succeeded_at - ${ms} * interval '1 millisecond'` })
    .where('name', '=', task)
    .execute();
}

/** How many runs of a task ended so, by the scheduler's metrics. */
export async function runsOf(registry: Registry, task: string, outcome: 'succeeded' | 'failed' | 'skipped'): Promise<number> {
  const metric = registry.getSingleMetric('ambassador_scheduled_task_runs_total');
  const values = (await metric?.get())?.values ?? [];
  return values.find((value) => value.labels['task'] === task && value.labels['outcome'] === outcome)?.value ?? 0;
}

/** The message of the error a run failed with; throws when it did not fail. */
export function failureOf(run: TaskRun | undefined): string {
  if (run?.outcome !== 'failed') throw new Error(`expected a failed run, got ${JSON.stringify(run)}`);
  return run.error instanceof Error ? run.error.message : String(run.error);
}
