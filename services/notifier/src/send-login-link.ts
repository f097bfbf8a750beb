import type { Database } from '@ambassador/db/database';
import { lockLoginLinkForDelivery, recordLoginLinkDelivery } from '@ambassador/db/login';
import type { JobContext } from '@ambassador/queue/worker';
import { deliverOnce, type DeliveryRecord, failedDelivery } from './delivery.ts';
import { type Mailer, messageIdFor } from './mailer.ts';
import { renderLoginEmail } from './templates/login-email.ts';

export interface LoginLinkSender {
  db: Database;
  mailer: Mailer;
  mailFrom: string;
  clock: () => Date;
  /** The one-time login link for a login link id. */
  loginUrl: (loginLinkId: string) => string;
}

/** Sends a one-time login link, once; a link already used or expired is not sent any more. */
export async function sendLoginLink(sender: LoginLinkSender, loginLinkId: string, { log, isLastAttempt }: JobContext): Promise<void> {
  const now = sender.clock();
  const record: DeliveryRecord = {
    sent: (db) => recordLoginLinkDelivery(db, loginLinkId, { sentAt: now }),
    failed: (trx, failure) => recordLoginLinkDelivery(trx, loginLinkId, failure),
  };
  const outcome = await deliverOnce<{ kind: 'not-needed' } | { kind: 'sent' }>({ ...sender, log }, { isLastAttempt }, async ({ trx, send }) => {
    const link = await lockLoginLinkForDelivery(trx, loginLinkId);
    if (!link || link.status !== 'pending' || link.usedAt || link.expiresAt <= now) return { kind: 'not-needed' };
    const email = renderLoginEmail({ name: link.name, locale: link.locale ?? 'nl', link: sender.loginUrl(loginLinkId) });
    const mail = { to: { name: link.name ?? '', address: link.email }, ...email, messageId: messageIdFor('login', loginLinkId, sender.mailFrom) };
    return send(mail, record, { kind: 'sent' });
  });
  if (outcome.kind === 'not-needed') {
    log.info({ loginLinkId }, 'login link already sent, used or expired; not sending');
    return;
  }
  if (outcome.kind === 'sent') {
    log.info({ loginLinkId }, 'login link e-mail sent');
    return;
  }
  log.warn({ loginLinkId, smtpCode: outcome.failure.code, permanent: outcome.failure.permanent }, 'login link e-mail not delivered');
  throw failedDelivery(outcome);
}
