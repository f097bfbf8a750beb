import type { Logger } from '@ambassador/observability/logger';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { chunksOf } from '@ambassador/domain/batches';
import { mayNeedAlert } from '@ambassador/domain/classification';
import type { Satisfaction } from '@ambassador/domain/vocabulary';
import {
  classifyJob,
  classifyPriorityOfNeutral,
  type DeliveryToQueue,
  deliveryJobOf,
  type JobDefinition,
  MAX_CLASSIFY_BATCH,
  type PayloadOf,
  type QueueName,
} from './jobs.ts';

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

  /**
   * Queues the classification of stored responses in as few jobs as it can, in one round trip:
   * those that may make an alert in jobs ahead of every neutral one, the others behind them.
   * Each job is classified in one transaction; jobs carry ids only.
   */
  async enqueueClassification(responses: readonly { id: string; satisfaction: Satisfaction }[]): Promise<void> {
    const first = responses.filter((response) => mayNeedAlert(response.satisfaction)).map((response) => response.id);
    const behind = responses.filter((response) => !mayNeedAlert(response.satisfaction)).map((response) => response.id);
    const jobs = [
      ...chunksOf(first, MAX_CLASSIFY_BATCH).map((responseIds) => ({ responseIds, opts: classifyJob.options })),
      ...chunksOf(behind, MAX_CLASSIFY_BATCH).map((responseIds) => ({ responseIds, opts: { ...classifyJob.options, priority: classifyPriorityOfNeutral } })),
    ].map(({ responseIds, opts }) => {
      const data = classifyJob.payload.parse({ responseIds });
      return { name: classifyJob.name, data, opts: { ...opts, jobId: classifyJob.jobId(data) } };
    });
    if (jobs.length > 0) await this.queue(classifyJob.queue).addBulk(jobs);
  }

  /**
   * Queues stored messages, one job each, on the queue of their channel, with the priority of
   * their kind; one that is not due yet waits in Redis until it is. Job ids come from the
   * delivery ids, so queueing a message twice adds nothing while its job exists.
   */
  async enqueueDeliveries(deliveries: readonly DeliveryToQueue[], now: Date): Promise<void> {
    const byQueue = new Map<QueueName, { name: string; data: unknown; opts: JobsOptions }[]>();
    for (const delivery of deliveries) {
      const { definition, options } = deliveryJobOf(delivery);
      const data = definition.payload.parse({ deliveryId: delivery.id });
      const delay = delivery.dueAt.getTime() - now.getTime();
      const jobs = byQueue.get(definition.queue) ?? [];
      jobs.push({ name: definition.name, data, opts: { ...options, jobId: definition.jobId(data), ...(delay > 0 ? { delay } : {}) } });
      byQueue.set(definition.queue, jobs);
    }
    await Promise.all([...byQueue].map(([queue, jobs]) => this.queue(queue).addBulk(jobs)));
  }

  /**
   * Queues stored messages that should have been sent by now, as `enqueueDeliveries` does, and
   * also those whose job failed for good without settling them (it stalled too often, its
   * worker died): such a job would keep its id taken for a week, and the message pending.
   */
  async requeueDeliveries(deliveries: readonly DeliveryToQueue[], now: Date): Promise<void> {
    await Promise.all(
      deliveries.map(async (delivery) => {
        const { definition } = deliveryJobOf(delivery);
        const queue = this.queue(definition.queue);
        const jobId = definition.jobId({ deliveryId: delivery.id });
        if ((await queue.getJobState(jobId)) === 'failed') await queue.remove(jobId);
      }),
    );
    await this.enqueueDeliveries(deliveries, now);
  }

  /** Removes the jobs of these messages (waiting, delayed or failed); returns how many a worker is running. */
  async removeDeliveryJobs(deliveries: readonly Pick<DeliveryToQueue, 'id' | 'kind' | 'channel'>[]): Promise<number> {
    const outcomes = await Promise.all(
      deliveries.map((delivery) => {
        const { definition } = deliveryJobOf(delivery);
        return this.queue(definition.queue).remove(definition.jobId({ deliveryId: delivery.id }));
      }),
    );
    return outcomes.filter((removed) => removed === 0).length;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#queues.values()].map((queue) => queue.close()));
  }
}
