import { Counter, Histogram, type Registry } from '@ambassador/observability/metrics';

export interface NotifierMetrics {
  /** Every outcome of every delivery attempt, per kind of message and channel. */
  deliveries: Counter<'kind' | 'channel' | 'outcome'>;
  /** From what a message is about (a response was submitted) to its peer accepting it. */
  latency: Histogram<'kind' | 'channel'>;
  /** A peer's later reports (SMS delivery receipts): delivered, failed, or matching no message. */
  receipts: Counter<'channel' | 'outcome'>;
}

export function createNotifierMetrics(registry: Registry): NotifierMetrics {
  return {
    deliveries: new Counter({
      name: 'ambassador_deliveries_total',
      help: 'Delivery attempts of outgoing messages by kind, channel and outcome (sent, retrying, failed, cancelled)',
      labelNames: ['kind', 'channel', 'outcome'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'ambassador_delivery_latency_seconds',
      help: 'From the response being submitted to its alert (or event) being accepted by the peer, by kind and channel',
      labelNames: ['kind', 'channel'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    receipts: new Counter({
      name: 'ambassador_delivery_receipts_total',
      help: 'Delivery receipts (SMS) by channel and outcome (delivered, failed, unmatched)',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
  };
}
