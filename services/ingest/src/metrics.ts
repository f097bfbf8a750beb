import { Counter, Histogram, type Registry } from '@ambassador/observability/metrics';

export interface IngestMetrics {
  responsesAccepted: Counter;
  enqueueFailures: Counter<'queue'>;
  requestDuration: Histogram<'method' | 'route' | 'status'>;
  intakeBatchSize: Histogram;
}

export function createIngestMetrics(registry: Registry): IngestMetrics {
  return {
    responsesAccepted: new Counter({
      name: 'ambassador_responses_accepted_total',
      help: 'Responses stored and answered with 202',
      registers: [registry],
    }),
    enqueueFailures: new Counter({
      name: 'ambassador_enqueue_failures_total',
      help: 'Jobs that could not be queued at once (Redis unreachable); the scheduler queues them later',
      labelNames: ['queue'],
      registers: [registry],
    }),
    requestDuration: new Histogram({
      name: 'ambassador_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    intakeBatchSize: new Histogram({
      name: 'ambassador_intake_batch_size',
      help: 'Responses stored per group commit',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200],
      registers: [registry],
    }),
  };
}
