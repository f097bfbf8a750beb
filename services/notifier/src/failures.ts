import type { DeliveryChannel } from '@ambassador/domain/vocabulary';

/**
 * The one place that reads a transport's refusal: whether trying the same message again could
 * succeed (transient: retried with backoff) or not (permanent: failed at once).
 */
export interface DeliveryFailure {
  /** Retrying the same message would get the same answer. */
  permanent: boolean;
  /** The peer's answer or the error, for the delivery's record; never logged (it may quote an address). */
  description: string;
  /** For logs: the reply code or error code only. */
  code: string;
}

/** A refusal that a transport knows to be permanent or transient whatever it looks like. */
export class TransportError extends Error {
  override name = 'TransportError';
  readonly permanent: boolean;
  readonly code: string;
  constructor(message: string, { permanent, code }: { permanent: boolean; code: string }) {
    super(message);
    this.permanent = permanent;
    this.code = code;
  }
}

const SMTP_RETRYABLE_WHATEVER_THE_REPLY = new Set(['EAUTH', 'ENOAUTH', 'ETLS']);

/**
 * E-mail: 4xx replies, connection errors and timeouts are transient; 5xx replies are permanent.
 * Authentication failures, and a server that does not offer the STARTTLS that
 * SMTP_REQUIRE_TLS asks for, are retried whatever their reply code: they are a configuration
 * problem of ours or the server's that ops can fix, not something wrong with this message.
 */
function describeSmtpFailure(details: { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown }, error: unknown): DeliveryFailure {
  const code = typeof details.code === 'string' ? details.code : 'UNKNOWN';
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : undefined;
  const reply = typeof details.response === 'string' ? details.response : undefined;
  const message = typeof details.message === 'string' ? details.message : String(error);
  const ours = SMTP_RETRYABLE_WHATEVER_THE_REPLY.has(code);
  const permanent = responseCode !== undefined && responseCode >= 500 && !ours;
  return {
    permanent,
    // For a problem of configuration the reply alone would not say what was refused.
    description: (reply !== undefined && !ours ? reply : `${code}: ${message}`).slice(0, 1000),
    code: responseCode === undefined ? code : String(responseCode),
  };
}

export function describeDeliveryFailure(channel: DeliveryChannel, error: unknown): DeliveryFailure {
  if (error instanceof TransportError) {
    return { permanent: error.permanent, description: error.message.slice(0, 1000), code: error.code };
  }
  const details = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  switch (channel) {
    case 'email':
      return describeSmtpFailure(details, error);
    default:
      return { permanent: false, description: String(error).slice(0, 1000), code: typeof details['code'] === 'string' ? details['code'] : 'UNKNOWN' };
  }
}
