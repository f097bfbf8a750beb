import type { Logger } from '@ambassador/observability/logger';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDefinition, PayloadOf, QueueName } from './jobs.ts';

export interface ProducerOptions {
  connection: Redis;
  logger: Logger;
  /** Redis key prefix of all queues; tests use their own so they never see each other's jobs. */
  prefix?: string;
}

/**
 * Adds jobs by definition: validates the payload, derives the job id, applies the
 * definition's options. Meant for a producer connection (fails fast when Redis is down).
 */
export class JobProducer {
  readonly #options: ProducerOptions;
  readonly #queues = new Map<QueueName, Queue>();

  constructor(options: ProducerOptions) {
    this.#options = options;
  }

  queue(name: QueueName): Queue {
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.#options.connection,
        prefix: this.#options.prefix,
        // Fail fast: no waiting for a connection and no version probe that, run while
        // Redis is down, would leave the queue unusable after Redis returns.
        skipWaitingForReady: true,
        skipVersionCheck: true,
      });
      queue.on('error', (error) => this.#options.logger.debug({ err: error, queue: name }, 'queue error'));
      this.#queues.set(name, queue);
    }
    return queue;
  }

  /** Adds a job; `delayMs` holds it back until then (it still counts as existing for its id). */
  async enqueue<D extends JobDefinition>(definition: D, payload: PayloadOf<D>, { delayMs }: { delayMs?: number } = {}): Promise<void> {
    const data = definition.payload.parse(payload);
    await this.queue(definition.queue).add(definition.name, data, {
      ...definition.options,
      jobId: definition.jobId(data),
      ...(delayMs === undefined ? {} : { delay: Math.max(0, Math.round(delayMs)) }),
    });
  }

  /** Removes a waiting or delayed job that is no longer needed; a running one is left alone. */
  async removeJob<D extends JobDefinition>(definition: D, payload: PayloadOf<D>): Promise<void> {
    await this.queue(definition.queue).remove(definition.jobId(definition.payload.parse(payload)));
  }

  /**
   * Removes the jobs of these payloads in whatever state they are (waiting, delayed, failed),
   * and quietly none that does not exist. A job a worker is running is left alone: returns
   * how many of those there were.
   */
  async removeJobs<D extends JobDefinition>(definition: D, payloads: readonly PayloadOf<D>[]): Promise<number> {
    const queue = this.queue(definition.queue);
    const outcomes = await Promise.all(payloads.map((payload) => queue.remove(definition.jobId(definition.payload.parse(payload)))));
    return outcomes.filter((removed) => removed === 0).length;
  }

  /** Adds many jobs of one kind in one round trip. */
  async enqueueMany<D extends JobDefinition>(definition: D, payloads: readonly PayloadOf<D>[]): Promise<void> {
    if (payloads.length === 0) return;
    const jobs = payloads.map((payload) => {
      const data = definition.payload.parse(payload);
      return { name: definition.name, data, opts: { ...definition.options, jobId: definition.jobId(data) } };
    });
    await this.queue(definition.queue).addBulk(jobs);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#queues.values()].map((queue) => queue.close()));
  }
}
