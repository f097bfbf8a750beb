import type { Database } from '@ambassador/db/database';
import {
  digestContent,
  lockDigestForDelivery,
  markDigestSent,
  recordDigestFailure,
  withdrawDigest,
} from '@ambassador/db/digests';
import { digestPeriod } from '@ambassador/domain/calendar';
import { type JobContext, UnrecoverableError } from '@ambassador/queue/worker';
import { describeDeliveryFailure, type Mailer, messageIdFor } from './mailer.ts';
import type { NotifierMetrics } from './metrics.ts';
import { TransientDeliveryError } from './send-alert.ts';
import { renderDigestEmail } from './templates/digest-email.ts';

export interface DigestSender {
  db: Database;
  mailer: Mailer;
  metrics: NotifierMetrics;
  mailFrom: string;
  responseUrl: (responseId: string) => string;
  /** The register in the management module. */
  registerUrl: string;
  /** The signed one-click link that stops the digest for an employee. */
  unsubscribeUrl: (employeeId: string) => string;
  /** The firm's time zone: where a week begins, and the dates in the e-mail. */
  timeZone: string;
  clock: () => Date;
}

/** Items per list; the e-mail says how many more there are and links to the register. */
const LIST_LIMIT = 15;

/**
 * Sends a manager's weekly digest, once, with the same guarantees and retry rules as an
 * alert. Its lists are read when it is sent: a follow-up closed since it was recorded is no
 * longer listed as open. A manager who opted out since it was recorded gets nothing.
 */
export async function sendDigest(sender: DigestSender, digestId: string, { log, isLastAttempt }: JobContext): Promise<void> {
  const outcome = await sender.db.transaction().execute(async (trx) => {
    const delivery = await lockDigestForDelivery(trx, digestId);
    if (!delivery) return { kind: 'gone' } as const;
    if (delivery.status !== 'pending') return { kind: 'settled', status: delivery.status } as const;
    if (delivery.manager.digestOptOut) {
      await withdrawDigest(trx, digestId);
      return { kind: 'withdrawn' } as const;
    }

    const period = digestPeriod(delivery.weekStart, sender.timeZone);
    const content = await digestContent(trx, delivery.manager.id, period, LIST_LIMIT);
    const unsubscribeUrl = sender.unsubscribeUrl(delivery.manager.id);
    const email = renderDigestEmail(
      { managerName: delivery.manager.name, locale: delivery.manager.locale, content, period, timeZone: sender.timeZone },
      { responseUrl: sender.responseUrl, registerUrl: sender.registerUrl, unsubscribeUrl },
    );
    try {
      await sender.mailer.send({
        to: { name: delivery.manager.name, address: delivery.email },
        ...email,
        messageId: messageIdFor('digest', digestId, sender.mailFrom),
        unsubscribeUrl,
      });
      await markDigestSent(trx, digestId, sender.clock());
      return { kind: 'sent' } as const;
    } catch (error) {
      const failure = describeDeliveryFailure(error);
      const final = failure.permanent || isLastAttempt;
      await recordDigestFailure(trx, digestId, { error: failure.description, final });
      return { kind: 'failed', failure, final } as const;
    }
  });

  switch (outcome.kind) {
    case 'gone':
      log.warn({ digestId }, 'digest no longer exists; nothing to send');
      return;
    case 'settled':
      log.info({ digestId, status: outcome.status }, 'digest already settled; not sending again');
      return;
    case 'withdrawn':
      log.info({ digestId }, 'the manager opted out of digests; digest withdrawn');
      return;
    case 'sent':
      sender.metrics.managerMessagesSent.inc({ message: 'digest' });
      log.info({ digestId }, 'digest e-mail sent');
      return;
    case 'failed': {
      const { failure, final } = outcome;
      sender.metrics.managerMessageFailures.inc({ message: 'digest', permanent: String(failure.permanent), final: String(final) });
      log.warn({ digestId, smtpCode: failure.code, permanent: failure.permanent, final }, 'digest e-mail not delivered');
      if (failure.permanent) throw new UnrecoverableError(`permanent SMTP failure ${failure.code}`);
      throw new TransientDeliveryError(`transient SMTP failure ${failure.code}`);
    }
  }
}
