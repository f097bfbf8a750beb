import { type AlertDelivery, lockAlertForDelivery, markAlertSent, recordAlertFailure } from '@ambassador/db/alerts';
import type { Database } from '@ambassador/db/database';
import type { JobContext } from '@ambassador/queue/worker';
import { deliverOnce, type DeliveryRecord, failedDelivery } from './delivery.ts';
import { type Mailer, messageIdFor } from './mailer.ts';
import type { NotifierMetrics } from './metrics.ts';
import { renderAlertEmail } from './templates/alert-email.ts';

export interface AlertSender {
  db: Database;
  mailer: Mailer;
  metrics: NotifierMetrics;
  mailFrom: string;
  /** The link to a response in the management module. */
  responseUrl: (responseId: string) => string;
  /** The signed one-click "I am on it" link of an alert. */
  acknowledgeUrl: (alertId: string) => string;
  /** The firm's time zone, for the dates in the e-mail. */
  timeZone: string;
  clock: () => Date;
}

type AlertOutcome =
  | { kind: 'gone' }
  | { kind: 'settled'; status: AlertDelivery['status'] }
  | { kind: 'sent'; responseId: string; submittedAt: Date };

/**
 * Sends one alert e-mail, at most once per alert as far as it is up to us (see
 * `deliverOnce`): the alert row is locked for the duration, a sent or failed alert is left
 * alone, and the outcome is recorded in the same transaction. A transient failure (4xx,
 * connection, timeout) throws so that BullMQ retries with backoff; a permanent one (5xx) or
 * the last attempt records the alert as failed.
 */
export async function sendAlert(sender: AlertSender, alertId: string, { log, isLastAttempt }: JobContext): Promise<void> {
  const record: DeliveryRecord = {
    sent: (db, reply) => markAlertSent(db, alertId, reply, sender.clock()),
    failed: (trx, failure) => recordAlertFailure(trx, alertId, failure, sender.clock()),
  };
  let responseId: string | undefined;
  const outcome = await deliverOnce<AlertOutcome>({ ...sender, log }, { isLastAttempt }, async ({ trx, send }) => {
    const delivery = await lockAlertForDelivery(trx, alertId);
    if (!delivery) return { kind: 'gone' };
    responseId = delivery.response.id;
    if (delivery.status !== 'pending') return { kind: 'settled', status: delivery.status };

    const email = renderAlertEmail(delivery, {
      responseUrl: sender.responseUrl(delivery.response.id),
      acknowledgeUrl: sender.acknowledgeUrl(alertId),
      timeZone: sender.timeZone,
    });
    const mail = {
      to: { name: delivery.recipient.name, address: delivery.recipient.email },
      ...email,
      messageId: messageIdFor('alert', alertId, sender.mailFrom),
    };
    return send(mail, record, { kind: 'sent', responseId: delivery.response.id, submittedAt: delivery.response.submittedAt });
  });

  switch (outcome.kind) {
    case 'gone':
      log.warn({ alertId }, 'alert no longer exists; nothing to send');
      return;
    case 'settled':
      log.info({ alertId, status: outcome.status }, 'alert was already settled; not sending again');
      return;
    case 'sent':
      sender.metrics.alertsSent.inc();
      sender.metrics.submitToSent.observe((Date.now() - outcome.submittedAt.getTime()) / 1000);
      log.info({ alertId, responseId: outcome.responseId }, 'alert e-mail sent');
      return;
    case 'failed': {
      const { failure, final } = outcome;
      sender.metrics.alertFailures.inc({ permanent: String(failure.permanent), final: String(final) });
      log.warn({ alertId, responseId, smtpCode: failure.code, permanent: failure.permanent, final }, 'alert e-mail not delivered');
      throw failedDelivery(outcome);
    }
  }
}
