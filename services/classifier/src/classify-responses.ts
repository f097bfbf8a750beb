import { pendingAlertDeliveriesOf } from '@ambassador/db/alerts';
import { type ClassificationRecord, lockUnclassifiedResponses, recordClassifications } from '@ambassador/db/classification';
import type { Database } from '@ambassador/db/database';
import type { QueuedDelivery } from '@ambassador/db/deliveries';
import { alertRecipients } from '@ambassador/domain/alert-recipients';
import { classifyResponse } from '@ambassador/domain/classification';
import type { JobProducer } from '@ambassador/queue/producer';

export interface Classified {
  /** What was classified now (responses classified before are left alone). */
  records: ClassificationRecord[];
  /** The messages of the alerts recorded now, to be queued. */
  deliveries: QueuedDelivery[];
}

/**
 * Classifies the given responses that are still unclassified: in one transaction, each
 * gets its group and rule version, its alert rows (at most one per role) and their messages.
 * Running it again for the same ids changes nothing.
 */
export async function classifyResponses(db: Database, responseIds: readonly string[], now: Date): Promise<Classified> {
  return db.transaction().execute(async (trx) => {
    const responses = await lockUnclassifiedResponses(trx, responseIds);
    const records = responses.map((response): ClassificationRecord => {
      const { group, ruleVersion } = classifyResponse(response);
      return {
        responseId: response.id,
        group,
        ruleVersion,
        recipients: alertRecipients(group, response.accountManager, response.manager),
      };
    });
    return { records, deliveries: await recordClassifications(trx, records, now) };
  });
}

/**
 * Queues the messages of the alerts of these responses that are still pending: for a response
 * classified by an earlier run that stopped before queueing them. Returns how many it queued.
 */
export async function queueAlerts(db: Database, producer: JobProducer, responseIds: readonly string[], now: Date): Promise<number> {
  const deliveries = await pendingAlertDeliveriesOf(db, responseIds);
  await producer.enqueueDeliveries(deliveries, now);
  return deliveries.length;
}
