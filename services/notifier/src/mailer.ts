import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';

export interface Mailbox {
  name: string;
  address: string;
}

export interface OutgoingMail {
  /** Defaults to the configured sender. */
  from?: Mailbox;
  to: Mailbox;
  replyTo?: Mailbox;
  subject: string;
  text: string;
  html: string;
  /** Stable across retries, so a duplicate delivery is recognisable as the same message. */
  messageId: string;
  /**
   * Where the recipient stops this kind of message: a `List-Unsubscribe` header (RFC 2369)
   * with `List-Unsubscribe-Post` (RFC 8058), so the mail provider's unsubscribe button POSTs
   * to it instead of opening it (a GET only shows a page).
   */
  unsubscribeUrl?: string;
}

export interface Mailer {
  /** Resolves with the server's final reply (e.g. "250 2.0.0 Ok: queued as …"). */
  send(mail: OutgoingMail): Promise<string>;
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
  return {
    async send(mail) {
      // The whole message is built first and handed over as one buffer: streamed part by
      // part, nodemailer wrote it to the socket in dozens of small writes.
      const message = new MailComposer({
        from: mail.from ?? from,
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: {
          'Auto-Submitted': 'auto-generated',
          ...(mail.unsubscribeUrl
            ? { 'List-Unsubscribe': `<${mail.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
            : {}),
        },
      }).compile();
      const info = await transport.sendMail({ envelope: message.getEnvelope(), raw: await message.build() });
      return info.response;
    },
    close() {
      transport.close();
    },
  };
}

/** `<alert-…@domain>` with the domain of the sender address. */
export function messageIdFor(kind: string, id: string, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/u.exec(from)?.[1] ?? 'ambassador.invalid';
  return `<${kind}-${id}@${domain}>`;
}

export interface DeliveryFailure {
  /** Retrying the same message would get the same answer (a 5xx reply). */
  permanent: boolean;
  /** The SMTP reply or error code, for the record; never logged (it may quote an address). */
  description: string;
  /** For logs: the reply code or error code only. */
  code: string;
}

const RETRYABLE_WHATEVER_THE_REPLY = new Set(['EAUTH', 'ENOAUTH', 'ETLS']);

/**
 * 4xx replies, connection errors and timeouts are transient; 5xx replies are permanent.
 * Authentication failures, and a server that does not offer the STARTTLS that
 * SMTP_REQUIRE_TLS asks for, are retried whatever their reply code: they are a configuration
 * problem of ours or the server's that ops can fix, not something wrong with this message.
 */
export function describeDeliveryFailure(error: unknown): DeliveryFailure {
  const details = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
    message?: unknown;
  };
  const code = typeof details.code === 'string' ? details.code : 'UNKNOWN';
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : undefined;
  const reply = typeof details.response === 'string' ? details.response : undefined;
  const message = typeof details.message === 'string' ? details.message : String(error);
  const ours = RETRYABLE_WHATEVER_THE_REPLY.has(code);
  const permanent = responseCode !== undefined && responseCode >= 500 && !ours;
  return {
    permanent,
    // For a problem of configuration the reply alone would not say what was refused.
    description: (reply !== undefined && !ours ? reply : `${code}: ${message}`).slice(0, 1000),
    code: responseCode === undefined ? code : String(responseCode),
  };
}
