import { lockAlertForDelivery, markAlertSent, recordAlertFailure } from '@ambassador/db/alerts';
import type { Database } from '@ambassador/db/database';
import { type JobContext, UnrecoverableError } from '@ambassador/queue/worker';
import { describeDeliveryFailure, type Mailer, messageIdFor } from './mailer.ts';
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
  clock: () => Date;
}

export class TransientDeliveryError extends Error {
  override name = 'TransientDeliveryError';
}

/**
 * Sends one alert e-mail, at most once per alert as far as it is up to us: the alert row
 * is locked for the duration, a sent or failed alert is left alone, and the outcome is
 * recorded in the same transaction. A transient failure (4xx, connection, timeout) throws
 * so that BullMQ retries with backoff; a permanent one (5xx) or the last attempt records
 * the alert as failed. Only a crash between the server's 250 and our COMMIT can repeat an
 * e-mail, and then with the same Message-ID.
 */
export async function sendAlert(sender: AlertSender, alertId: string, { log, isLastAttempt }: JobContext): Promise<void> {
  const outcome = await sender.db.transaction().execute(async (trx) => {
    const delivery = await lockAlertForDelivery(trx, alertId);
    if (!delivery) return { kind: 'gone' } as const;
    if (delivery.status !== 'pending') return { kind: 'settled', status: delivery.status } as const;

    const email = renderAlertEmail(delivery, {
      responseUrl: sender.responseUrl(delivery.response.id),
      acknowledgeUrl: sender.acknowledgeUrl(alertId),
    });
    try {
      const reply = await sender.mailer.send({
        to: { name: delivery.recipient.name, address: delivery.recipient.email },
        ...email,
        messageId: messageIdFor('alert', alertId, sender.mailFrom),
      });
      await markAlertSent(trx, alertId, reply, sender.clock());
      return { kind: 'sent', responseId: delivery.response.id, submittedAt: delivery.response.submittedAt } as const;
    } catch (error) {
      const failure = describeDeliveryFailure(error);
      const final = failure.permanent || isLastAttempt;
      await recordAlertFailure(trx, alertId, { error: failure.description, final }, sender.clock());
      return { kind: 'failed', responseId: delivery.response.id, failure, final } as const;
    }
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
      const { failure, final, responseId } = outcome;
      sender.metrics.alertFailures.inc({ permanent: String(failure.permanent), final: String(final) });
      log.warn({ alertId, responseId, smtpCode: failure.code, permanent: failure.permanent, final }, 'alert e-mail not delivered');
      if (failure.permanent) throw new UnrecoverableError(`permanent SMTP failure ${failure.code}`);
      throw new TransientDeliveryError(`transient SMTP failure ${failure.code}`);
    }
  }
}
