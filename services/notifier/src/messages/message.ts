import type { Database } from '@ambassador/db/database';
import type { ClaimedDelivery } from '@ambassador/db/deliveries';
import type { DeliveryChannel, MessageKind } from '@ambassador/domain/vocabulary';
import type { Brand } from '@ambassador/html/brand';
import type { Links } from '@ambassador/links/links';
import { TransportError } from '../failures.ts';
import type { RenderedMessage } from '../transports/transport.ts';

/** What every renderer may use: where links go, the firm's name and colour, its sender and time zone. */
export interface RenderContext {
  links: Links;
  brand: Brand;
  /** The configured sender (MAIL_FROM). */
  mailFrom: string;
  /** The firm's time zone, for the dates in messages. */
  timeZone: string;
}

/** Whether a message is still wanted at the moment it would be sent. */
export type Decision = { send: true } | { cancel: string } | { later: Date };

/** A message read from the database, ready to be decided on and rendered. */
export interface PreparedMessage {
  decision: Decision;
  /** The message for a channel; throws a permanent TransportError for a channel the kind has no form for. */
  render(channel: DeliveryChannel, context: RenderContext): RenderedMessage;
  /** Ids that say what the message is about, for its log lines (never personal data). */
  logFields: Record<string, string>;
  /** When what it is about happened (a response was submitted): its latency is measured from then. */
  startedAt?: Date;
}

/** One kind of message: reads what it says now; undefined when what it is about is gone. */
export interface MessageHandler {
  prepare(db: Database, delivery: ClaimedDelivery, now: Date): Promise<PreparedMessage | undefined>;
}

/** Every kind of message has its handler (a kind without one does not compile). */
export type MessageHandlers = Record<MessageKind, MessageHandler>;

export function noFormFor(kind: MessageKind, channel: DeliveryChannel): never {
  throw new TransportError(`a ${kind} message has no form for the ${channel} channel`, { permanent: true, code: 'NO_RENDERER' });
}
