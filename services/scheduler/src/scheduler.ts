import type { Database } from '@ambassador/db/database';
import { recordTaskSuccess, withTaskLock } from '@ambassador/db/scheduled-tasks';
import type { Logger } from '@ambassador/observability/logger';
import type { SchedulerMetrics } from './metrics.ts';

/** What a task did, as counts (`{ messagesQueued: 3 }`); it logs a line when one is above zero. */
export type TaskResult = Readonly<Record<string, number>>;

/** One periodic task: what it is called, how often it runs, what it needs, and what it does. */
export interface ScheduledTask<R extends TaskResult = TaskResult, N extends string = string> {
  /** Says what it does (`requeue-messages`): in its log lines, its metrics and its lock. */
  readonly name: N;
  /** The message of its log line when it did something. */
  readonly summary: string;
  /** It runs at most once per interval, across all instances. */
  readonly intervalMs: number;
  /** What must answer for it to start: one that needs Redis does not start while Redis is down. */
  readonly needs: 'database' | 'database and redis';
  /** Does the work as of `now` (the service's clock). */
  run(now: Date): Promise<R>;
}

export type TaskRun<R extends TaskResult = TaskResult> =
  | { outcome: 'succeeded'; result: R }
  | { outcome: 'failed'; error: unknown }
  /** `running elsewhere`: another instance holds the task now; `not due`: it succeeded less than an interval ago. */
  | { outcome: 'skipped'; reason: 'running elsewhere' | 'not due' };

/** How each task went, by name. */
export type SchedulerReport = Record<string, TaskRun>;

export interface SchedulerDependencies {
  db: Database;
  /** Whether Redis answers now. */
  redisReady: () => boolean;
  logger: Logger;
  /** The time the tasks work with (tests move it). Periods are measured by the database's clock, which every instance shares. */
  clock: () => Date;
  metrics: SchedulerMetrics;
}

export interface RetryPolicy {
  /** How soon a failed task is tried again the first time; each further failure in a row doubles it. */
  firstRetryMs: number;
  /** The longest wait between the attempts of a failing task (never longer than its interval). */
  maxRetryMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { firstRetryMs: 1000, maxRetryMs: 5 * 60_000 };

export interface Scheduler {
  readonly tasks: readonly ScheduledTask[];
  /** Starts each task's timer: a first attempt at once, then one per period, or sooner after a failure. */
  start(): void;
  /** Runs each of these tasks (all by default) that is due, one after the other, as their timers do. */
  runDue(names?: readonly string[]): Promise<SchedulerReport>;
  /** Runs each of these tasks (all by default) now, due or not, one after the other. */
  runNow(names?: readonly string[]): Promise<SchedulerReport>;
  /** Stops the timers, and waits for the runs in progress. */
  stop(): Promise<void>;
}

/** One attempt at a task, and how long its timer should wait before the next. */
interface Attempt {
  run: TaskRun;
  nextInMs: number;
}

interface TaskState {
  /** The attempt in progress in this process: a second caller waits for it instead of starting another. */
  running?: Promise<Attempt>;
  timer?: NodeJS.Timeout;
  /** Failures in a row. */
  failures: number;
}

/**
 * Runs each task on its own timer, in its own time: a task that fails (its table is gone,
 * Redis is down) is logged with its name and tried again after a short backoff, and holds up
 * no other task. Across instances, a task runs under its advisory lock (an instance that finds
 * it taken skips it) and only when its last success, recorded only when a run succeeds, is an
 * interval ago.
 */
export function createScheduler(dependencies: SchedulerDependencies, tasks: readonly ScheduledTask[], retry = defaultRetryPolicy): Scheduler {
  const { db, metrics } = dependencies;
  const log = dependencies.logger.child({ component: 'scheduler' });
  const states = new Map<string, TaskState>(tasks.map((task) => [task.name, { failures: 0 }]));
  if (states.size !== tasks.length) throw new Error('two scheduled tasks have the same name');
  let stopped = false;

  const stateOf = (task: ScheduledTask): TaskState => {
    const state = states.get(task.name);
    if (!state) throw new Error(`unknown scheduled task ${task.name}`);
    return state;
  };

  const succeeded = (task: ScheduledTask, state: TaskState, result: TaskResult, at: Date, elapsedMs: number): Attempt => {
    state.failures = 0;
    metrics.runs.inc({ task: task.name, outcome: 'succeeded' });
    metrics.duration.observe({ task: task.name }, elapsedMs / 1000);
    metrics.lastSuccess.set({ task: task.name }, at.getTime() / 1000);
    const durationMs = Math.round(elapsedMs);
    if (Object.values(result).some((count) => count > 0)) log.info({ task: task.name, durationMs, ...result }, task.summary);
    else log.debug({ task: task.name, durationMs }, 'scheduled task found nothing to do');
    return { run: { outcome: 'succeeded', result }, nextInMs: Math.max(0, task.intervalMs - elapsedMs) };
  };

  const failed = (task: ScheduledTask, state: TaskState, error: unknown, elapsedMs: number): Attempt => {
    state.failures += 1;
    const retryInMs = Math.min(task.intervalMs, retry.maxRetryMs, retry.firstRetryMs * 2 ** (state.failures - 1));
    metrics.runs.inc({ task: task.name, outcome: 'failed' });
    metrics.duration.observe({ task: task.name }, elapsedMs / 1000);
    log.warn({ err: error, task: task.name, failuresInARow: state.failures, retryInMs }, 'scheduled task failed; will try again');
    return { run: { outcome: 'failed', error }, nextInMs: retryInMs };
  };

  const execute = async (task: ScheduledTask, state: TaskState, force: boolean): Promise<Attempt> => {
    const started = performance.now();
    try {
      if (task.needs === 'database and redis' && !dependencies.redisReady()) throw new Error('Redis is unreachable');
      const claim = await withTaskLock(db, task.name, async ({ at, lastSucceededAt }) => {
        const dueInMs = lastSucceededAt === null ? 0 : lastSucceededAt.getTime() + task.intervalMs - at.getTime();
        if (!force && dueInMs > 0) return { due: false, dueInMs } as const;
        const result = await task.run(dependencies.clock());
        // Under the lock: the next instance to take it sees this run.
        await recordTaskSuccess(db, task.name, at);
        return { due: true, result, at } as const;
      });
      if (!claim.locked) {
        metrics.runs.inc({ task: task.name, outcome: 'skipped' });
        log.debug({ task: task.name }, 'scheduled task is running in another instance');
        return { run: { outcome: 'skipped', reason: 'running elsewhere' }, nextInMs: task.intervalMs };
      }
      if (!claim.value.due) return { run: { outcome: 'skipped', reason: 'not due' }, nextInMs: Math.ceil(claim.value.dueInMs) };
      return succeeded(task, state, claim.value.result, claim.value.at, performance.now() - started);
    } catch (error) {
      return failed(task, state, error, performance.now() - started);
    }
  };

  const attempt = async (task: ScheduledTask, force: boolean): Promise<Attempt> => {
    const state = stateOf(task);
    for (let current = state.running; current; current = state.running) {
      const joined = await current;
      // A run asked for now does not settle for a check that found the task not due yet.
      if (!force || joined.run.outcome !== 'skipped' || joined.run.reason !== 'not due') return joined;
    }
    const running = execute(task, state, force).finally(() => {
      state.running = undefined;
    });
    state.running = running;
    return running;
  };

  const schedule = (task: ScheduledTask, delayMs: number): void => {
    if (stopped) return;
    stateOf(task).timer = setTimeout(() => {
      void attempt(task, false).then(({ nextInMs }) => schedule(task, nextInMs));
    }, delayMs);
  };

  const runEach = async (names: readonly string[] | undefined, force: boolean): Promise<SchedulerReport> => {
    const chosen = (names ?? tasks.map((task) => task.name)).map((name) => {
      const task = tasks.find((candidate) => candidate.name === name);
      if (!task) throw new Error(`unknown scheduled task ${name}`);
      return task;
    });
    const report: SchedulerReport = {};
    for (const task of chosen) report[task.name] = (await attempt(task, force)).run;
    return report;
  };

  return {
    tasks,
    start() {
      for (const task of tasks) schedule(task, 0);
    },
    runDue: (names) => runEach(names, false),
    runNow: (names) => runEach(names, true),
    async stop() {
      stopped = true;
      for (const state of states.values()) clearTimeout(state.timer);
      await Promise.all([...states.values()].flatMap((state) => (state.running ? [state.running] : [])));
    },
  };
}
