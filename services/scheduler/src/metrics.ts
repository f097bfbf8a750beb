import type { Database } from '@ambassador/db/database';
import { lastTaskSuccesses } from '@ambassador/db/scheduled-tasks';
import { Counter, Gauge, Histogram, type Registry } from '@ambassador/observability/metrics';

export interface SchedulerMetrics {
  /** Every attempt at a task: succeeded, failed, or skipped (another instance was running it). */
  runs: Counter<'task' | 'outcome'>;
  duration: Histogram<'task'>;
  /** When each task last succeeded, in any instance: alert when one falls behind. */
  lastSuccess: Gauge<'task'>;
}

export function createSchedulerMetrics(registry: Registry, db: Database): SchedulerMetrics {
  return {
    runs: new Counter({
      name: 'ambassador_scheduled_task_runs_total',
      help: 'Attempts at each periodic task by outcome (succeeded, failed, skipped: another instance was running it)',
      labelNames: ['task', 'outcome'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'ambassador_scheduled_task_duration_seconds',
      help: 'How long each run of a periodic task took, succeeded or failed',
      labelNames: ['task'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    lastSuccess: new Gauge({
      name: 'ambassador_scheduled_task_last_success_timestamp_seconds',
      help: 'When each periodic task last succeeded, in whichever instance (Unix time)',
      labelNames: ['task'],
      registers: [registry],
      async collect() {
        try {
          for (const { name, lastSucceededAt } of await lastTaskSuccesses(db)) this.set({ task: name }, lastSucceededAt.getTime() / 1000);
        } catch {
          // PostgreSQL unreachable: the values of this instance's own runs stand; readiness reports the outage.
        }
      },
    }),
  };
}
