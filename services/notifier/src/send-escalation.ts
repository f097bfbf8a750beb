import type { Database } from '@ambassador/db/database';
import {
  lockEscalationForDelivery,
  markEscalationSent,
  recordEscalationFailure,
  withdrawEscalation,
} from '@ambassador/db/escalations';
import { type JobContext, UnrecoverableError } from '@ambassador/queue/worker';
import { describeDeliveryFailure, type Mailer, messageIdFor } from './mailer.ts';
import type { NotifierMetrics } from './metrics.ts';
import { TransientDeliveryError } from './send-alert.ts';
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

/**
 * Sends the one escalation e-mail about a response to the manager it was recorded for,
 * with the same guarantees and retry rules as an alert: the row is locked while sending, a
 * sent or failed escalation is left alone, the outcome is recorded in the same transaction.
 * When a follow-up step came in after the escalation was recorded, it is withdrawn instead.
 */
export async function sendEscalation(sender: EscalationSender, responseId: string, { log, isLastAttempt }: JobContext): Promise<void> {
  const outcome = await sender.db.transaction().execute(async (trx) => {
    const delivery = await lockEscalationForDelivery(trx, responseId);
    if (!delivery) return { kind: 'gone' } as const;
    if (delivery.status !== 'pending') return { kind: 'settled', status: delivery.status } as const;
    if (delivery.followedUp) {
      await withdrawEscalation(trx, responseId);
      return { kind: 'withdrawn' } as const;
    }

    const email = renderEscalationEmail(delivery, { responseUrl: sender.responseUrl(responseId), timeZone: sender.timeZone });
    try {
      await sender.mailer.send({
        to: { name: delivery.recipient.name, address: delivery.recipient.email },
        ...email,
        messageId: messageIdFor('escalation', responseId, sender.mailFrom),
      });
      await markEscalationSent(trx, responseId, sender.clock());
      return { kind: 'sent' } as const;
    } catch (error) {
      const failure = describeDeliveryFailure(error);
      const final = failure.permanent || isLastAttempt;
      await recordEscalationFailure(trx, responseId, { error: failure.description, final });
      return { kind: 'failed', failure, final } as const;
    }
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
      if (failure.permanent) throw new UnrecoverableError(`permanent SMTP failure ${failure.code}`);
      throw new TransientDeliveryError(`transient SMTP failure ${failure.code}`);
    }
  }
}
