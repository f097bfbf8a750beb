import type { QueuedDelivery } from '@ambassador/db/deliveries';
import type { FastifyBaseLogger } from 'fastify';
import type { JobProducer } from '@ambassador/queue/producer';

/**
 * Queues messages a page just stored (an invitation, events for the destinations). They are stored, so a
 * Redis that is down does not fail the page: the scheduler queues them when it is back.
 */
export async function queueStoredMessages(producer: JobProducer, deliveries: readonly QueuedDelivery[], now: Date, log: FastifyBaseLogger): Promise<void> {
  if (deliveries.length === 0) return;
  try {
    await producer.enqueueDeliveries(deliveries, now);
  } catch (error) {
    log.warn({ err: error, deliveries: deliveries.length }, 'messages stored, not queued yet: the scheduler will queue them');
  }
}
