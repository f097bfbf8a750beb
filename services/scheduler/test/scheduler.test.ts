import { createDatabase } from '@ambassador/db/database';
import type { Logger } from '@ambassador/observability/logger';
import { createMetricsRegistry } from '@ambassador/observability/metrics';
import { type TestDatabase, test } from '@ambassador/testing/fixtures';
import { capturingLogger } from '@ambassador/testing/log-capture';
import { describe, expect, vi } from 'vitest';
import { createSchedulerMetrics } from '../src/metrics.ts';
import { createScheduler, type RetryPolicy, type ScheduledTask } from '../src/scheduler.ts';
import { runsOf } from './scheduler.ts';

const HOUR_MS = 60 * 60 * 1000;

/** A task that counts its runs; `work` decides how each goes (the first run is number 1). */
function countingTask(
  name: string,
  intervalMs: number,
  { work = async () => undefined, needs = 'database' }: { work?: (run: number) => Promise<unknown>; needs?: ScheduledTask['needs'] } = {},
): ScheduledTask<{ runs: number }> & { runs: number } {
  const task = {
    name,
    summary: `${name} ran`,
    intervalMs,
    needs,
    runs: 0,
    async run() {
      task.runs += 1;
      await work(task.runs);
      return { runs: 1 };
    },
  };
  return task;
}

/** A promise the test resolves: a task that waits on it is still running until then. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** A scheduler over these tasks on the test's database, as main.ts builds one. */
function schedulerOf(
  database: TestDatabase,
  tasks: ScheduledTask[],
  { logger, retry, redisReady = () => true }: { logger: Logger; retry?: RetryPolicy; redisReady?: () => boolean },
) {
  const db = createDatabase(database.url, { poolSize: 8 });
  const registry = createMetricsRegistry('scheduler');
  const scheduler = createScheduler({ db, redisReady, logger, clock: () => new Date(), metrics: createSchedulerMetrics(registry, db) }, tasks, retry);
  return {
    scheduler,
    registry,
    close: async () => {
      await scheduler.stop();
      await db.destroy();
    },
  };
}

describe('the scheduler', () => {
  test('runs each task on its own timer, at its own period', async ({ database, logger }) => {
    const often = countingTask('often', 50);
    const hourly = countingTask('hourly', HOUR_MS);
    const { scheduler, close } = schedulerOf(database, [often, hourly], { logger });
    try {
      scheduler.start();
      await vi.waitFor(() => expect(often.runs).toBeGreaterThanOrEqual(4), { timeout: 10_000, interval: 20 });
      expect(hourly.runs).toBe(1);
    } finally {
      await close();
    }
  });

  test('logs a failing task with its name and tries it again soon, while the other tasks keep running', async ({ database }) => {
    const { logger, entries } = capturingLogger('info');
    const failing = countingTask('failing', HOUR_MS, {
      work: async (run) => {
        if (run <= 2) throw new Error(`relation "gone_${run}" does not exist`);
      },
    });
    const often = countingTask('often', 50);
    const { scheduler, registry, close } = schedulerOf(database, [failing, often], { logger, retry: { firstRetryMs: 100, maxRetryMs: 1000 } });
    try {
      scheduler.start();
      // Two failures, then a success: well within the hour that is its period.
      await vi.waitFor(async () => expect(await runsOf(registry, 'failing', 'succeeded')).toBe(1), { timeout: 10_000, interval: 20 });
      expect(failing.runs).toBe(3);
      expect(await runsOf(registry, 'failing', 'failed')).toBe(2);
      expect(often.runs).toBeGreaterThanOrEqual(3);

      const failures = entries().filter((entry) => entry.level === 'warn') as unknown as { task: string; msg: string; err: { message: string } }[];
      expect(failures.map(({ task, msg, err }) => ({ task, msg, error: err.message }))).toEqual([
        { task: 'failing', msg: 'scheduled task failed; will try again', error: 'relation "gone_1" does not exist' },
        { task: 'failing', msg: 'scheduled task failed; will try again', error: 'relation "gone_2" does not exist' },
      ]);
      expect(entries().filter((entry) => entry.msg === 'failing ran')).toHaveLength(1);
    } finally {
      await close();
    }
  });

  test('keeps running the other tasks while one takes long', async ({ database, logger }) => {
    const stuck = gate();
    const slow = countingTask('slow', HOUR_MS, { work: () => stuck.opened });
    const often = countingTask('often', 50);
    const { scheduler, close } = schedulerOf(database, [slow, often], { logger });
    try {
      scheduler.start();
      await vi.waitFor(() => expect(slow.runs).toBe(1));
      const before = often.runs;
      await vi.waitFor(() => expect(often.runs).toBeGreaterThanOrEqual(before + 3), { timeout: 10_000, interval: 20 });
    } finally {
      stuck.open();
      await close();
    }
  });

  test('runs a task once per period however many schedulers share the database, and a scheduler that finds it running skips it', async ({
    database,
    logger,
  }) => {
    const held = gate();
    const inFirst = countingTask('shared', HOUR_MS, { work: () => held.opened });
    const inSecond = countingTask('shared', HOUR_MS);
    const first = schedulerOf(database, [inFirst], { logger });
    const second = schedulerOf(database, [inSecond], { logger });
    try {
      const running = first.scheduler.runDue();
      await vi.waitFor(() => expect(inFirst.runs).toBe(1));
      expect(await second.scheduler.runNow()).toEqual({ shared: { outcome: 'skipped', reason: 'running elsewhere' } });
      expect(await second.scheduler.runDue()).toEqual({ shared: { outcome: 'skipped', reason: 'running elsewhere' } });
      held.open();
      expect(await running).toEqual({ shared: { outcome: 'succeeded', result: { runs: 1 } } });

      // Its period has not passed, in either of them.
      expect(await second.scheduler.runDue()).toEqual({ shared: { outcome: 'skipped', reason: 'not due' } });
      expect(await first.scheduler.runDue()).toEqual({ shared: { outcome: 'skipped', reason: 'not due' } });
      expect([inFirst.runs, inSecond.runs]).toEqual([1, 0]);
      expect(await runsOf(second.registry, 'shared', 'skipped')).toBe(2);
    } finally {
      held.open();
      await first.close();
      await second.close();
    }
  });

  test('runs a task once for two "run now" calls at the same time, and gives both its outcome', async ({ database, logger }) => {
    const held = gate();
    const task = countingTask('task', HOUR_MS, { work: () => held.opened });
    const { scheduler, close } = schedulerOf(database, [task], { logger });
    try {
      const calls = [scheduler.runNow(), scheduler.runNow()];
      await vi.waitFor(() => expect(task.runs).toBe(1));
      held.open();
      expect(await Promise.all(calls)).toEqual([
        { task: { outcome: 'succeeded', result: { runs: 1 } } },
        { task: { outcome: 'succeeded', result: { runs: 1 } } },
      ]);
      expect(task.runs).toBe(1);
      // Asked for now again, it runs again, though its period has not passed.
      expect(await scheduler.runNow()).toEqual({ task: { outcome: 'succeeded', result: { runs: 1 } } });
      expect(task.runs).toBe(2);
    } finally {
      held.open();
      await close();
    }
  });

  test('does not start a task that needs Redis while Redis is down, and runs the others', async ({ database, logger }) => {
    const queueing = countingTask('queueing', HOUR_MS, { needs: 'database and redis' });
    const recording = countingTask('recording', HOUR_MS);
    const { scheduler, close } = schedulerOf(database, [queueing, recording], { logger, redisReady: () => false });
    try {
      expect(await scheduler.runNow()).toEqual({
        queueing: { outcome: 'failed', error: new Error('Redis is unreachable') },
        recording: { outcome: 'succeeded', result: { runs: 1 } },
      });
      expect(queueing.runs).toBe(0);
    } finally {
      await close();
    }
  });

  test('reports runs, durations, and when each task last succeeded in any instance, in its metrics', async ({ database, logger }) => {
    const fine = countingTask('fine', HOUR_MS);
    const failing = countingTask('failing', HOUR_MS, { work: () => Promise.reject(new Error('broken')) });
    const first = schedulerOf(database, [fine, failing], { logger });
    // A second instance that never ran `fine` itself.
    const second = schedulerOf(database, [countingTask('fine', HOUR_MS)], { logger });
    try {
      await first.scheduler.runNow();
      const text = await first.registry.metrics();
      expect(text).toMatch(/^ambassador_scheduled_task_runs_total\{task="fine",outcome="succeeded",service="scheduler"\} 1$/mu);
      expect(text).toMatch(/^ambassador_scheduled_task_runs_total\{task="failing",outcome="failed",service="scheduler"\} 1$/mu);
      expect(text).toMatch(/^ambassador_scheduled_task_duration_seconds_count\{service="scheduler",task="failing"\} 1$/mu);

      const lastSuccess = /^ambassador_scheduled_task_last_success_timestamp_seconds\{task="fine",service="scheduler"\} ([\d.]+)$/mu;
      const seconds = Number(lastSuccess.exec(await second.registry.metrics())?.[1]);
      expect(Math.abs(seconds * 1000 - Date.now())).toBeLessThan(60_000);
      expect(await second.registry.metrics()).not.toMatch(/last_success_timestamp_seconds\{task="failing"/u);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
