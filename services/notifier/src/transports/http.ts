import { type AddressPolicy, checkDestinationUrl, type ResolvedAddress } from '@ambassador/http/destination-address';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import type { Transport } from './transport.ts';

/** A POST of a JSON body to a destination: a webhook (signed), a Teams or a Slack channel. */
export interface OutgoingHttpPost {
  url: string;
  /** The exact JSON text to send (and, for a webhook, to sign). */
  body: string;
  /** A webhook's Standard Webhooks signing: its id (the same on every retry) and secret (`whsec_…`). */
  signing?: { id: string; secret: string };
}

/** The receiver answered, but not with 2xx: failures.ts decides what that means. */
export class HttpRefusal extends Error {
  override name = 'HttpRefusal';
  readonly statusCode: number;
  constructor(statusCode: number) {
    super(`the receiver answered HTTP ${statusCode}`);
    this.statusCode = statusCode;
  }
}

export interface HttpTransportSettings {
  /** Where destinations may point (DESTINATIONS_ALLOW_PRIVATE). */
  addresses: AddressPolicy;
  /** How long the receiver may take to connect, to answer, and between parts of its answer. */
  timeoutMs: number;
  /** The time now (the signature's timestamp). */
  clock: () => Date;
}

/** A `lookup` that answers with the addresses already checked: the connection goes there, with no second DNS lookup. */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0];
    if (!first) {
      callback(new Error('no checked address'), '', 4);
      return;
    }
    if (options.all) {
      (callback as unknown as (error: null, all: ResolvedAddress[]) => void)(null, [...addresses]);
      return;
    }
    callback(null, first.address, first.family);
  };
}

/**
 * Sends a POST to a destination. At every delivery the URL is checked again and its host
 * resolved (https, public addresses only, unless DESTINATIONS_ALLOW_PRIVATE), and the connection
 * is made to those addresses only. Redirects are not followed (a 3xx is a refusal like any
 * other non-2xx); the receiver has `timeoutMs` to connect and to answer. A webhook is signed per
 * Standard Webhooks: `webhook-id` (the event's id, the same on every retry and redelivery),
 * `webhook-timestamp` (now) and `webhook-signature`.
 */
export function createHttpTransport({ addresses, timeoutMs, clock }: HttpTransportSettings): Transport<OutgoingHttpPost> {
  return {
    async send(post) {
      const checked = await checkDestinationUrl(post.url, addresses);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Ambassador-Webhooks/1' };
      if (post.signing) {
        const now = clock();
        headers['webhook-id'] = post.signing.id;
        headers['webhook-timestamp'] = String(Math.floor(now.getTime() / 1000));
        headers['webhook-signature'] = new Webhook(post.signing.secret).sign(post.signing.id, now, post.body);
      }
      // One connection per delivery, to the addresses checked for it.
      const dispatcher = new Agent({
        connect: { lookup: pinnedLookup(checked), timeout: timeoutMs },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        pipelining: 0,
      });
      try {
        const response = await request(post.url, { method: 'POST', headers, body: post.body, dispatcher, signal: AbortSignal.timeout(timeoutMs * 2) });
        await response.body.dump({ limit: 64 * 1024 });
        if (response.statusCode < 200 || response.statusCode >= 300) throw new HttpRefusal(response.statusCode);
        return { reply: `HTTP ${response.statusCode}`, peerStatus: response.statusCode };
      } finally {
        await dispatcher.destroy();
      }
    },
  };
}
