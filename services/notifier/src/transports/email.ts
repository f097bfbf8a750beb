import type { DeliveryReference, Transport } from './transport.ts';
import nodemailer from 'nodemailer';
import { type Mailbox, mimeWriter, normaliseAddress, parseMailbox } from './mime.ts';

export type { Mailbox };

export interface OutgoingMail {
  /** Defaults to the configured sender. */
  from?: Mailbox;
  to: Mailbox;
  replyTo?: Mailbox;
  subject: string;
  text: string;
  html: string;
  /**
   * Where the recipient stops this kind of message: a `List-Unsubscribe` header (RFC 2369)
   * with `List-Unsubscribe-Post` (RFC 8058), so the mail provider's unsubscribe button POSTs
   * to it instead of opening it (a GET only shows a page).
   */
  unsubscribeUrl?: string;
}

export interface Mailer extends Transport<OutgoingMail> {
  close(): void;
}

export interface MailerSettings {
  smtpUrl: string;
  /** Send over smtp:// only after STARTTLS (see SMTP_REQUIRE_TLS). */
  requireTls: boolean;
  from: string;
  poolSize: number;
}

/**
 * A pooled SMTP transport. `maxRequeues: 0`: when a connection drops mid-message the send
 * fails instead of being retried inside nodemailer, so BullMQ alone decides about retries
 * (with backoff, and with the attempt recorded in PostgreSQL).
 */
export function createMailer({ smtpUrl, requireTls, from, poolSize }: MailerSettings): Mailer {
  const transport = nodemailer.createTransport(
    {
      pool: true,
      url: smtpUrl,
      requireTLS: requireTls,
      maxConnections: poolSize,
      maxMessages: 100,
      maxRequeues: 0,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    },
    { from },
  );
  const sender = parseMailbox(from);
  const writeMime = mimeWriter(sender);
  const domain = sender.address.slice(sender.address.lastIndexOf('@') + 1) || 'ambassador.invalid';
  return {
    // The Message-ID comes from the delivery: stable across retries, so a duplicate delivery is
    // recognisable as the same message.
    async send(mail, delivery) {
      // The whole message is written first and handed over as one buffer: streamed part by
      // part, nodemailer wrote it to the socket in dozens of small writes.
      const raw = writeMime({
        ...(mail.from ? { from: mail.from } : {}),
        to: mail.to,
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdFor(delivery, domain),
        date: new Date(),
        headers: [
          ['Auto-Submitted', 'auto-generated'],
          ...(mail.unsubscribeUrl
            ? ([
                ['List-Unsubscribe', `<${mail.unsubscribeUrl}>`],
                ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
              ] as const)
            : []),
        ],
      });
      const envelope = { from: normaliseAddress((mail.from ?? sender).address), to: [normaliseAddress(mail.to.address)] };
      const info = await transport.sendMail({ envelope, raw });
      return { reply: info.response };
    },
    close() {
      transport.close();
    },
  };
}

/** `<alert-{delivery id}@domain>`: the kind of message, its delivery, the domain of the sender address. */
function messageIdFor(delivery: DeliveryReference, domain: string): string {
  return `<${delivery.kind.replaceAll('_', '-')}-${delivery.id}@${domain}>`;
}

