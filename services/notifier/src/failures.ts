import { DestinationAddressError } from '@ambassador/http/destination-address';
import type { DeliveryChannel } from '@ambassador/domain/vocabulary';
import { HttpRefusal } from './transports/http.ts';

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
  /** The HTTP status the receiver answered with (webhooks, Teams, Slack); null when it did not answer. */
  peerStatus?: number | null;
  /** The receiver said it is gone for good (410 Gone): its destination is disabled. */
  gone?: boolean;
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

/**
 * The command statuses of an SMPP gateway that another try may get past: it is busy
 * (throttled, queue full) or has a problem of its own (a system or temporary error), or our
 * session was not in a state to send. Every other refusal (an invalid destination or source
 * address, a message it will not take) is permanent.
 */
const SMPP_TRANSIENT_STATUSES = new Set(['ESME_RTHROTTLED', 'ESME_RMSGQFUL', 'ESME_RSYSERR', 'ESME_RX_T_APPN', 'ESME_RUNKNOWNERR', 'ESME_RINVBNDSTS']);

/**
 * SMS: a gateway's refusal (an SmppRefusal's command status) is permanent unless it is one of
 * the transient ones above; anything else that went wrong on the way (a dropped connection) is
 * transient. Timeouts and a missing session are TransportErrors the transport marks transient.
 */
function describeSmppFailure(details: { code?: unknown; commandStatus?: unknown; message?: unknown }, error: unknown): DeliveryFailure {
  const code = typeof details.code === 'string' ? details.code : 'UNKNOWN';
  const refused = typeof details.commandStatus === 'number';
  return {
    permanent: refused && !SMPP_TRANSIENT_STATUSES.has(code),
    description: (typeof details.message === 'string' ? details.message : String(error)).slice(0, 1000),
    code,
  };
}

/**
 * Webhooks, Teams and Slack: a 2xx answer is a success (not here); `410 Gone` says the
 * receiver is gone for good (permanent, and its destination is disabled); every other answer,
 * a timeout and a dropped connection are transient. A URL that now resolves to an internal
 * address, or is no longer https, is refused for good; one that does not resolve is retried.
 */
function describeHttpFailure(error: unknown, details: Record<string, unknown>): DeliveryFailure {
  if (error instanceof HttpRefusal) {
    const gone = error.statusCode === 410;
    return { permanent: gone, gone, description: error.message, code: String(error.statusCode), peerStatus: error.statusCode };
  }
  if (error instanceof DestinationAddressError) {
    return { permanent: error.code !== 'UNRESOLVED', description: `url ${error.message}`.slice(0, 1000), code: error.code, peerStatus: null };
  }
  const code = typeof details['code'] === 'string' ? details['code'] : error instanceof Error ? error.name : 'UNKNOWN';
  return { permanent: false, description: (error instanceof Error ? `${code}: ${error.message}` : String(error)).slice(0, 1000), code, peerStatus: null };
}

export function describeDeliveryFailure(channel: DeliveryChannel, error: unknown): DeliveryFailure {
  if (error instanceof TransportError) {
    return { permanent: error.permanent, description: error.message.slice(0, 1000), code: error.code };
  }
  const details = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  switch (channel) {
    case 'email':
      return describeSmtpFailure(details, error);
    case 'sms':
      return describeSmppFailure(details, error);
    case 'webhook':
    case 'teams':
    case 'slack':
      return describeHttpFailure(error, details);
  }
}
