import type { Database } from '@ambassador/db/database';
import { lockLoginLinkForDelivery, recordLoginLinkDelivery } from '@ambassador/db/login';
import { type JobContext, UnrecoverableError } from '@ambassador/queue/worker';
import { describeDeliveryFailure, type Mailer, messageIdFor } from './mailer.ts';
import { TransientDeliveryError } from './send-alert.ts';
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
  const outcome = await sender.db.transaction().execute(async (trx) => {
    const link = await lockLoginLinkForDelivery(trx, loginLinkId);
    if (!link || link.status !== 'pending' || link.usedAt || link.expiresAt <= now) return { kind: 'not-needed' } as const;
    const email = renderLoginEmail({ name: link.name, locale: link.locale ?? 'nl', link: sender.loginUrl(loginLinkId) });
    try {
      await sender.mailer.send({
        to: { name: link.name ?? '', address: link.email },
        ...email,
        messageId: messageIdFor('login', loginLinkId, sender.mailFrom),
      });
      await recordLoginLinkDelivery(trx, loginLinkId, { sentAt: now });
      return { kind: 'sent' } as const;
    } catch (error) {
      const failure = describeDeliveryFailure(error);
      await recordLoginLinkDelivery(trx, loginLinkId, { error: failure.description, final: failure.permanent || isLastAttempt });
      return { kind: 'failed', failure } as const;
    }
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
  if (outcome.failure.permanent) throw new UnrecoverableError(`permanent SMTP failure ${outcome.failure.code}`);
  throw new TransientDeliveryError(`transient SMTP failure ${outcome.failure.code}`);
}
