import { Gauge, type Registry } from '@ambassador/observability/metrics';
import { queueNames } from './jobs.ts';
import type { JobProducer } from './producer.ts';

const states = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const;

/** `ambassador_queue_jobs{queue,state}`, read from Redis when scraped. */
export function registerQueueMetrics(registry: Registry, producer: JobProducer): void {
  new Gauge({
    name: 'ambassador_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const name of queueNames) {
        try {
          const counts = await producer.queue(name).getJobCounts(...states);
          for (const state of states) this.set({ queue: name, state }, counts[state] ?? 0);
        } catch {
          // Redis unreachable: leave the last values; readiness reports the outage.
        }
      }
    },
  });
}
