import type { Json } from '@ambassador/db/schema';
import type { DeliveryChannel, MessageKind } from '@ambassador/domain/vocabulary';
import type { OutgoingMail } from './email.ts';
import type { OutgoingHttpPost } from './http.ts';
import type { OutgoingSms } from './sms.ts';

/**
 * What each channel carries. A message kind renders one of these for the channel of its
 * delivery; the channel's transport sends it. Adding a channel adds a line here, a transport,
 * and its rule in failures.ts.
 */
export interface ChannelMessages {
  email: OutgoingMail;
  sms: OutgoingSms;
  webhook: OutgoingHttpPost;
  teams: OutgoingHttpPost;
  slack: OutgoingHttpPost;
}

export type TransportChannel = keyof ChannelMessages & DeliveryChannel;

/** A message for one channel, as a renderer returns it. */
export type RenderedMessage = { [C in TransportChannel]: { channel: C; message: ChannelMessages[C] } }[TransportChannel];

/** The peer took the message: its answer (an SMTP reply, a gateway's message id, an HTTP status). */
export interface Accepted {
  reply: string;
  /** The peer's own id of the message, by which its later reports name it (an SMPP message id). */
  peerMessageId?: string;
  /** What was sent, kept with the delivery where it is not rebuilt from its source (an SMS text). */
  body?: Json;
  /** The HTTP status of the answer (webhooks, Teams, Slack). */
  peerStatus?: number;
}

/** Which stored message is being sent: transports name it to the peer (a Message-ID, a webhook id). */
export interface DeliveryReference {
  id: string;
  kind: MessageKind;
}

/** Sends one message over one channel; throws when the peer did not take it (failures.ts reads why). */
export interface Transport<M> {
  send(message: M, delivery: DeliveryReference): Promise<Accepted>;
}

export type Transports = { [C in TransportChannel]: Transport<ChannelMessages[C]> };
