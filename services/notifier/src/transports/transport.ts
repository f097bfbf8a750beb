import type { DeliveryChannel, MessageKind } from '@ambassador/domain/vocabulary';
import type { OutgoingMail } from './email.ts';

/**
 * What each channel carries. A message kind renders one of these for the channel of its
 * delivery; the channel's transport sends it. Adding a channel adds a line here, a transport,
 * and its rule in failures.ts.
 */
export interface ChannelMessages {
  email: OutgoingMail;
}

export type TransportChannel = keyof ChannelMessages & DeliveryChannel;

/** A message for one channel, as a renderer returns it. */
export type RenderedMessage = { [C in TransportChannel]: { channel: C; message: ChannelMessages[C] } }[TransportChannel];

/** The peer took the message: its answer (an SMTP reply, a gateway's message id, an HTTP status). */
export interface Accepted {
  reply: string;
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
