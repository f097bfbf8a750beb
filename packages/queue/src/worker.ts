import type { Logger } from '@ambassador/observability/logger';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type JobNameOf, type JobsOf, jobsByQueue, type PayloadOf, type QueueName } from './jobs.ts';

export { UnrecoverableError } from 'bullmq';

export interface JobContext {
  /** Logger bound to `{ queue, jobName, jobId, attempt }`. */
  log: Logger;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  isLastAttempt: boolean;
  /**
   * Puts the job back until `at` without counting an attempt (the work is not due yet, or
   * another worker holds it): call it as `throw await later(at)`.
   */
  later: (at: Date) => Promise<Error>;
}

export type JobHandlers<Q extends QueueName> = {
  [N in JobNameOf<Q>]: (payload: PayloadOf<Extract<JobsOf<Q>, { name: N }>>, context: JobContext) => Promise<void>;
};

export interface QueueWorkerOptions {
  connection: Redis;
  logger: Logger;
  prefix?: string;
  concurrency: number;
  /** How long a job stays locked to its worker without a renewal (a killed worker's jobs return after this). */
  lockDuration?: number;
  /** How often stalled jobs (of killed workers) are looked for. */
  stalledInterval?: number;
}

/**
 * How often a job may stall (its worker died or stopped renewing the lock) before BullMQ fails
 * it for good: more than BullMQ's 1, so that a job that was running when one worker was killed
 * and again when the next was still runs; few enough that a job that kills every worker that
 * takes it ends.
 */
const MAX_STALLED_COUNT = 5;

/**
 * One worker per queue, one handler per job name of that queue. Refuses to start when a
 * job of the queue has no handler, or a handler names no job of the queue. Payloads are
 * validated; a payload that can never succeed fails at once without retries.
 */
export function createQueueWorker<Q extends QueueName>(
  queue: Q,
  handlers: JobHandlers<Q>,
  options: QueueWorkerOptions,
): Worker {
  const definitions: readonly JobsOf<Q>[] = jobsByQueue[queue];
  assertHandlersMatch(queue, definitions, handlers);
  const logger = options.logger.child({ queue });

  const processor = async (job: Job, token?: string): Promise<void> => {
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    const log = logger.child({ jobName: job.name, jobId: job.id, attempt });
    const definition = definitions.find((candidate) => candidate.name === job.name);
    if (!definition) throw new UnrecoverableError(`no handler for job "${job.name}" on queue "${queue}"`);
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success) {
      log.error({ issues: parsed.error.issues.map((issue) => issue.path.join('.')) }, 'job payload is invalid');
      throw new UnrecoverableError('invalid job payload');
    }
    const handler = handlers[definition.name as JobNameOf<Q>] as (payload: unknown, context: JobContext) => Promise<void>;
    const later = async (at: Date): Promise<Error> => {
      await job.moveToDelayed(Math.max(at.getTime(), Date.now()), token);
      return new DelayedError();
    };
    await handler(parsed.data, { log, attempt, maxAttempts, isLastAttempt: attempt >= maxAttempts, later });
  };

  const worker = new Worker(queue, processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    maxStalledCount: MAX_STALLED_COUNT,
    // Only when given: an explicit `undefined` would replace BullMQ's defaults.
    ...(options.lockDuration === undefined ? {} : { lockDuration: options.lockDuration }),
    ...(options.stalledInterval === undefined ? {} : { stalledInterval: options.stalledInterval }),
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const attempt = job.attemptsMade;
    const final = error instanceof UnrecoverableError || attempt >= (job.opts.attempts ?? 1);
    logger[final ? 'error' : 'warn'](
      { jobName: job.name, jobId: job.id, attempt, err: error, final },
      final ? 'job failed for good' : 'job failed, will retry',
    );
  });
  worker.on('error', (error) => logger.warn({ err: error }, 'worker error'));
  return worker;
}

function assertHandlersMatch(queue: QueueName, definitions: readonly { name: string }[], handlers: object): void {
  const expected = definitions.map((definition) => definition.name).sort();
  const given = Object.keys(handlers).sort();
  const missing = expected.filter((name) => !given.includes(name));
  const unknown = given.filter((name) => !expected.includes(name));
  if (missing.length || unknown.length) {
    throw new Error(
      `worker for queue "${queue}": ${[
        missing.length ? `no handler for ${missing.join(', ')}` : '',
        unknown.length ? `handlers for unknown jobs ${unknown.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')}`,
    );
  }
}
