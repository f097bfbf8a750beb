import type { Database } from '@ambassador/db/database';
import {
  type EscalationDelivery,
  lockEscalationForDelivery,
  markEscalationSent,
  recordEscalationFailure,
  withdrawEscalation,
} from '@ambassador/db/escalations';
import type { JobContext } from '@ambassador/queue/worker';
import { deliverOnce, type DeliveryRecord, failedDelivery } from './delivery.ts';
import { type Mailer, messageIdFor } from './mailer.ts';
import type { NotifierMetrics } from './metrics.ts';
import { renderEscalationEmail } from './templates/escalation-email.ts';

export interface EscalationSender {
  db: Database;
  mailer: Mailer;
  metrics: NotifierMetrics;
  mailFrom: string;
  /** The link to a response in the management module. */
  responseUrl: (responseId: string) => string;
  /** The firm's time zone, for the dates in the e-mail. */
  timeZone: string;
  clock: () => Date;
}

type EscalationOutcome = { kind: 'gone' } | { kind: 'settled'; status: EscalationDelivery['status'] } | { kind: 'withdrawn' } | { kind: 'sent' };

/**
 * Sends the one escalation e-mail about a response to the manager it was recorded for,
 * with the same guarantees and retry rules as an alert (see `deliverOnce`): a sent or failed
 * escalation is left alone.
 * When a follow-up step came in after the escalation was recorded, it is withdrawn instead.
 */
export async function sendEscalation(sender: EscalationSender, responseId: string, { log, isLastAttempt }: JobContext): Promise<void> {
  const record: DeliveryRecord = {
    sent: (db) => markEscalationSent(db, responseId, sender.clock()),
    failed: (trx, failure) => recordEscalationFailure(trx, responseId, failure),
  };
  const outcome = await deliverOnce<EscalationOutcome>({ ...sender, log }, { isLastAttempt }, async ({ trx, send }) => {
    const delivery = await lockEscalationForDelivery(trx, responseId);
    if (!delivery) return { kind: 'gone' };
    if (delivery.status !== 'pending') return { kind: 'settled', status: delivery.status };
    if (delivery.followedUp) {
      await withdrawEscalation(trx, responseId);
      return { kind: 'withdrawn' };
    }

    const email = renderEscalationEmail(delivery, { responseUrl: sender.responseUrl(responseId), timeZone: sender.timeZone });
    const mail = {
      to: { name: delivery.recipient.name, address: delivery.recipient.email },
      ...email,
      messageId: messageIdFor('escalation', responseId, sender.mailFrom),
    };
    return send(mail, record, { kind: 'sent' });
  });

  switch (outcome.kind) {
    case 'gone':
      log.warn({ responseId }, 'escalation no longer exists; nothing to send');
      return;
    case 'settled':
      log.info({ responseId, status: outcome.status }, 'escalation already settled; not sending again');
      return;
    case 'withdrawn':
      log.info({ responseId }, 'a follow-up step came in first; escalation withdrawn');
      return;
    case 'sent':
      sender.metrics.managerMessagesSent.inc({ message: 'escalation' });
      log.info({ responseId }, 'escalation e-mail sent');
      return;
    case 'failed': {
      const { failure, final } = outcome;
      sender.metrics.managerMessageFailures.inc({ message: 'escalation', permanent: String(failure.permanent), final: String(final) });
      log.warn({ responseId, smtpCode: failure.code, permanent: failure.permanent, final }, 'escalation e-mail not delivered');
      throw failedDelivery(outcome);
    }
  }
}
