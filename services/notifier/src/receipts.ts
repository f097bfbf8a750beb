import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@ambassador/db/database';
import { recordDeliveryReport } from '@ambassador/db/deliveries';
import type { Logger } from '@ambassador/observability/logger';
import type { NotifierMetrics } from './metrics.ts';
import type { SmsReceipt } from './transports/sms-receipt.ts';

/**
 * A receipt can overtake our record of the message it is about: the gateway answered submit_sm
 * and reported the delivery before the notifier's UPDATE committed. A receipt that names no
 * message is tried again after these waits (about three seconds in all) before it is let go.
 */
const UNMATCHED_RETRY_MS = [100, 200, 400, 800, 1600];

/** Records the SMS gateway's delivery receipts: the SMS they name becomes delivered, or failed. */
export function smsReceiptRecorder({ db, clock, logger, metrics }: { db: Database; clock: () => Date; logger: Logger; metrics: NotifierMetrics }) {
  return async ({ peerMessageId, outcome }: SmsReceipt): Promise<void> => {
    for (const delay of [0, ...UNMATCHED_RETRY_MS]) {
      if (delay > 0) await sleep(delay);
      const report = await recordDeliveryReport(db, { channel: 'sms', peerMessageId, at: clock(), outcome });
      switch (report.kind) {
        case 'recorded':
          metrics.receipts.inc({ channel: 'sms', outcome: outcome.delivered ? 'delivered' : 'failed' });
          logger.info({ deliveryId: report.id, kind: report.messageKind, channel: 'sms', delivered: outcome.delivered }, 'delivery receipt recorded');
          return;
        case 'settled':
          metrics.receipts.inc({ channel: 'sms', outcome: 'unmatched' });
          logger.info({ deliveryId: report.id, status: report.status }, 'a delivery receipt for an SMS settled before; left as it is');
          return;
        case 'unknown':
          break;
      }
    }
    metrics.receipts.inc({ channel: 'sms', outcome: 'unmatched' });
    // Not ours, or its sending never recorded: nothing to do, and the gateway is told it arrived.
    logger.warn({ peerMessageId }, 'a delivery receipt names no SMS we sent');
  };
}
