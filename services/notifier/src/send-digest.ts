import type { Database } from '@ambassador/db/database';
import {
  digestContent,
  type DigestDelivery,
  lockDigestForDelivery,
  markDigestSent,
  recordDigestFailure,
  withdrawDigest,
} from '@ambassador/db/digests';
import { digestPeriod } from '@ambassador/domain/calendar';
import type { JobContext } from '@ambassador/queue/worker';
import { deliverOnce, type DeliveryRecord, failedDelivery } from './delivery.ts';
import { type Mailer, messageIdFor } from './mailer.ts';
import type { NotifierMetrics } from './metrics.ts';
import { renderDigestEmail } from './templates/digest-email.ts';

export interface DigestSender {
  db: Database;
  mailer: Mailer;
  metrics: NotifierMetrics;
  mailFrom: string;
  responseUrl: (responseId: string) => string;
  /** The register in the management module. */
  registerUrl: string;
  /** The signed link that stops the digest for an employee, valid while their subscription stays at this version. */
  unsubscribeUrl: (employeeId: string, subscriptionVersion: number) => string;
  /** The firm's time zone: where a week begins, and the dates in the e-mail. */
  timeZone: string;
  clock: () => Date;
}

type DigestOutcome = { kind: 'gone' } | { kind: 'settled'; status: DigestDelivery['status'] } | { kind: 'withdrawn' } | { kind: 'sent' };

/** Items per list; the e-mail says how many more there are and links to the register. */
const LIST_LIMIT = 15;

/**
 * Sends a manager's weekly digest, once, with the same guarantees and retry rules as an
 * alert. Its lists are read when it is sent: a follow-up closed since it was recorded is no
 * longer listed as open. A manager who opted out since it was recorded gets nothing.
 */
export async function sendDigest(sender: DigestSender, digestId: string, { log, isLastAttempt }: JobContext): Promise<void> {
  const record: DeliveryRecord = {
    sent: (db) => markDigestSent(db, digestId, sender.clock()),
    failed: (trx, failure) => recordDigestFailure(trx, digestId, failure),
  };
  const outcome = await deliverOnce<DigestOutcome>({ ...sender, log }, { isLastAttempt }, async ({ trx, send }) => {
    const delivery = await lockDigestForDelivery(trx, digestId);
    if (!delivery) return { kind: 'gone' };
    if (delivery.status !== 'pending') return { kind: 'settled', status: delivery.status };
    if (delivery.manager.digestOptOut) {
      await withdrawDigest(trx, digestId);
      return { kind: 'withdrawn' };
    }

    const period = digestPeriod(delivery.weekStart, sender.timeZone);
    const content = await digestContent(trx, delivery.manager.id, period, LIST_LIMIT);
    const unsubscribeUrl = sender.unsubscribeUrl(delivery.manager.id, delivery.manager.subscriptionVersion);
    const email = renderDigestEmail(
      { managerName: delivery.manager.name, locale: delivery.manager.locale, content, period, timeZone: sender.timeZone },
      { responseUrl: sender.responseUrl, registerUrl: sender.registerUrl, unsubscribeUrl },
    );
    const mail = {
      to: { name: delivery.manager.name, address: delivery.email },
      ...email,
      messageId: messageIdFor('digest', digestId, sender.mailFrom),
      unsubscribeUrl,
    };
    return send(mail, record, { kind: 'sent' });
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
      throw failedDelivery(outcome);
    }
  }
}
