import { pendingAlertIdsOf } from '@ambassador/db/alerts';
import { type ClassificationRecord, lockUnclassifiedResponses, recordClassifications } from '@ambassador/db/classification';
import type { Database } from '@ambassador/db/database';
import { alertRecipients } from '@ambassador/domain/alert-recipients';
import { classifyResponse } from '@ambassador/domain/classification';
import { sendAlertJob } from '@ambassador/queue/jobs';
import type { JobProducer } from '@ambassador/queue/producer';

export interface Classified {
  /** What was classified now (responses classified before are left alone). */
  records: ClassificationRecord[];
  /** The alerts recorded now, to be queued. */
  alertIds: string[];
}

/**
 * Classifies the given responses that are still unclassified: in one transaction, each
 * gets its group and rule version and its alert rows (at most one per role). Running it
 * again for the same ids changes nothing.
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
    return { records, alertIds: await recordClassifications(trx, records, now) };
  });
}

/** Queues a send-alert job per alert id; job ids come from alert ids, so twice adds nothing. */
export async function queueAlertJobs(producer: JobProducer, alertIds: readonly string[]): Promise<void> {
  await producer.enqueueMany(
    sendAlertJob,
    alertIds.map((alertId) => ({ alertId })),
  );
}

/**
 * Queues a send-alert job for every alert of these responses that is still pending: for a
 * response classified by an earlier run that stopped before queueing its alerts. Returns
 * how many it queued.
 */
export async function queueAlerts(db: Database, producer: JobProducer, responseIds: readonly string[]): Promise<number> {
  const alertIds = await pendingAlertIdsOf(db, responseIds);
  await queueAlertJobs(producer, alertIds);
  return alertIds.length;
}
