import type { Database } from '@ambassador/db/database';
import {
  type InvitationDelivery,
  lockInvitationForDelivery,
  markInvitationMessageSent,
  recordInvitationMessageFailure,
} from '@ambassador/db/invitations';
import type { Brand } from '@ambassador/html/brand';
import { reminderJob } from '@ambassador/queue/jobs';
import type { JobProducer } from '@ambassador/queue/producer';
import type { JobContext } from '@ambassador/queue/worker';
import { deliverOnce, type DeliveryRecord, failedDelivery, TransientDeliveryError } from './delivery.ts';
import { type Mailer, messageIdFor } from './mailer.ts';
import type { NotifierMetrics } from './metrics.ts';
import { type InvitationMessageKind, renderInvitationEmail } from './templates/invitation-email.ts';

export interface InvitationSender {
  db: Database;
  mailer: Mailer;
  metrics: NotifierMetrics;
  mailFrom: string;
  brand: Brand;
  /** Producer for the delayed reminder job (fails fast while Redis is down). */
  producer: JobProducer;
  clock: () => Date;
  /** The personal link of an invitation. */
  invitationUrl: (invitationId: string) => string;
  /** The firm's time zone, for the date the link expires. */
  timeZone: string;
}

type InvitationOutcome =
  | { kind: 'gone' }
  | { kind: 'settled'; status: InvitationDelivery['emailStatus'] | InvitationDelivery['reminderStatus'] }
  | { kind: 'not-needed'; reason: string }
  | { kind: 'too-early' }
  | { kind: 'sent'; reminderDueAt: Date | null };

/** Why a reminder is not sent, or null when it should be. */
function reasonNotToRemind(delivery: InvitationDelivery, now: Date): string | null {
  if (delivery.answered) return 'answered';
  if (delivery.expiresAt <= now) return 'expired';
  if (delivery.emailStatus === 'failed') return 'invitation e-mail failed';
  return null;
}

/** The firm's name as the sender, on the configured sender address. */
function fromAddress(mailFrom: string, brandName: string): { name: string; address: string } {
  const address = /<([^>]+)>\s*$/u.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return { name: brandName, address };
}

/**
 * Sends the invitation e-mail, or its reminder, to the contact: at most once as far as it
 * is up to us (see `deliverOnce`), with the same retry rules as alerts. A reminder is not
 * sent once the contact answered or the link expired. After the invitation goes out, the
 * reminder is queued with a delay until it is due.
 */
export async function sendInvitationMessage(
  sender: InvitationSender,
  invitationId: string,
  kind: InvitationMessageKind,
  { log, isLastAttempt }: JobContext,
): Promise<void> {
  const now = sender.clock();
  const record: DeliveryRecord = {
    sent: (db) => markInvitationMessageSent(db, invitationId, kind, now),
    failed: (trx, failure) => recordInvitationMessageFailure(trx, invitationId, kind, failure),
  };
  const outcome = await deliverOnce<InvitationOutcome>({ ...sender, log }, { isLastAttempt }, async ({ trx, send }) => {
    const delivery = await lockInvitationForDelivery(trx, invitationId);
    if (!delivery) return { kind: 'gone' };
    const status = kind === 'email' ? delivery.emailStatus : delivery.reminderStatus;
    if (status !== 'pending') return { kind: 'settled', status };
    if (kind === 'reminder') {
      const reason = reasonNotToRemind(delivery, now);
      if (reason) return { kind: 'not-needed', reason };
      if (delivery.emailStatus !== 'sent') return { kind: 'too-early' };
    }

    const email = renderInvitationEmail(delivery, kind, {
      link: sender.invitationUrl(invitationId),
      brandName: sender.brand.name,
      brandColor: sender.brand.accent,
      timeZone: sender.timeZone,
    });
    const mail = {
      from: fromAddress(sender.mailFrom, sender.brand.name),
      to: { name: delivery.contact.name, address: delivery.contact.email },
      replyTo: { name: delivery.accountManager.name, address: delivery.accountManager.email },
      ...email,
      messageId: messageIdFor(kind === 'email' ? 'invitation' : 'reminder', invitationId, sender.mailFrom),
    };
    return send(mail, record, { kind: 'sent', reminderDueAt: delivery.reminderStatus === 'pending' ? delivery.reminderDueAt : null });
  });

  const context = { invitationId, message: kind };
  switch (outcome.kind) {
    case 'gone':
      log.warn(context, 'invitation no longer exists; nothing to send');
      return;
    case 'settled':
      log.info({ ...context, status: outcome.status }, 'already settled; not sending again');
      return;
    case 'not-needed':
      log.info({ ...context, reason: outcome.reason }, 'reminder not needed');
      return;
    case 'too-early':
      // The invitation itself has not gone out yet (its own job is retrying): try later.
      throw new TransientDeliveryError('the invitation e-mail is not sent yet');
    case 'sent':
      sender.metrics.invitationMessagesSent.inc({ message: kind });
      log.info(context, kind === 'email' ? 'invitation e-mail sent' : 'reminder e-mail sent');
      if (kind === 'email' && outcome.reminderDueAt) await scheduleReminder(sender, invitationId, outcome.reminderDueAt, log);
      return;
    case 'failed': {
      const { failure, final } = outcome;
      sender.metrics.invitationDeliveryFailures.inc({ message: kind, permanent: String(failure.permanent), final: String(final) });
      log.warn({ ...context, smtpCode: failure.code, permanent: failure.permanent, final }, 'invitation e-mail not delivered');
      throw failedDelivery(outcome);
    }
  }
}

async function scheduleReminder(sender: InvitationSender, invitationId: string, dueAt: Date, log: JobContext['log']): Promise<void> {
  try {
    await sender.producer.enqueue(reminderJob, { invitationId }, { delayMs: dueAt.getTime() - sender.clock().getTime() });
  } catch (error) {
    // The e-mail is out; the sweeper queues the reminder when it falls due.
    log.warn({ invitationId, err: error }, 'reminder not scheduled now; the sweeper will queue it when due');
  }
}
