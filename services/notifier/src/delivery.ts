import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@ambassador/db/database';
import { disableDestination } from '@ambassador/db/destinations';
import { cancelDelivery, claimDelivery, type ClaimedDelivery, recordDeliveryFailure, recordDeliverySent, releaseDelivery } from '@ambassador/db/deliveries';
import type { Logger } from '@ambassador/observability/logger';
import { type JobContext, UnrecoverableError } from '@ambassador/queue/worker';
import { describeDeliveryFailure } from './failures.ts';
import type { MessageHandlers, PreparedMessage, RenderContext } from './messages/message.ts';
import type { NotifierMetrics } from './metrics.ts';
import type { Accepted, ChannelMessages, DeliveryReference, Transport, TransportChannel, Transports } from './transports/transport.ts';

/** What the delivery routine works with; `main.ts` builds it, tests build their own. */
export interface DeliveryEngine {
  db: Database;
  handlers: MessageHandlers;
  transports: Transports;
  context: RenderContext;
  metrics: NotifierMetrics;
  clock: () => Date;
  /**
   * How long a claim on a message holds. Longer than a send can take; a worker that dies holding
   * one lets it lapse after this, so its messages go out again about as soon as the queue
   * retries the job (set it to the queue's lock duration).
   */
  claimMs: number;
}

export class TransientDeliveryError extends Error {
  override name = 'TransientDeliveryError';
}

/** How long, after the peer accepted a message, recording that may be retried. */
const RECORD_AGAIN = { firstDelayMs: 200, maxDelayMs: 5000, withinMs: 120_000 };

/**
 * Delivers one stored message, whatever its kind and channel, at most once as far as it is up
 * to us:
 * 1. claim it (one UPDATE): a settled message is left alone, one held by another worker or not
 *    due yet waits (the job is put back without counting an attempt);
 * 2. read what it says now, and decide whether it is still wanted (a reminder to someone who
 *    answered is cancelled);
 * 3. render it for its channel and hand it to the channel's transport;
 * 4. record the peer's answer (one UPDATE). A transient refusal throws, so the queue retries with
 *    backoff; a permanent one, or the last attempt, records the message as failed.
 *
 * The gap is between the peer's acceptance and our record. If this process dies there, the
 * retry sends the message again (an e-mail with the same Message-ID). If the database goes
 * away there, this process knows the message is out: it records it on a fresh connection,
 * retrying until the database answers (for up to two minutes), instead of sending it again.
 */
export async function deliver(engine: DeliveryEngine, deliveryId: string, { log, isLastAttempt, later }: JobContext): Promise<void> {
  const { db, metrics } = engine;
  const now = engine.clock();
  const claim = await claimDelivery(db, deliveryId, { now, leaseMs: engine.claimMs });
  switch (claim.kind) {
    case 'gone':
      log.warn({ deliveryId }, 'message no longer exists; nothing to send');
      return;
    case 'settled':
      log.info({ deliveryId, status: claim.status }, 'message already settled; not sending again');
      return;
    case 'held':
      throw await later(claim.until);
    case 'claimed':
      break;
  }
  const delivery = claim.delivery;
  const about = { deliveryId, kind: delivery.kind, channel: delivery.channel };
  const prepared = await engine.handlers[delivery.kind].prepare(db, delivery, now);
  if (!prepared) {
    await cancelDelivery(db, deliveryId, 'what the message was about no longer exists');
    log.warn(about, 'what the message was about no longer exists; cancelled');
    return;
  }
  const fields = { ...about, ...prepared.logFields };
  if ('cancel' in prepared.decision) {
    await cancelDelivery(db, deliveryId, prepared.decision.cancel);
    metrics.deliveries.inc({ kind: delivery.kind, channel: delivery.channel, outcome: 'cancelled' });
    log.info({ ...fields, reason: prepared.decision.cancel }, 'message no longer wanted; cancelled');
    return;
  }
  if ('later' in prepared.decision) {
    await releaseDelivery(db, deliveryId);
    throw await later(prepared.decision.later);
  }

  let accepted: Accepted;
  try {
    accepted = await send(engine, delivery, prepared);
  } catch (error) {
    const failure = describeDeliveryFailure(delivery.channel, error);
    const final = failure.permanent || isLastAttempt;
    const at = engine.clock();
    const { destinationId } = delivery;
    // The failure and, when the receiver is gone for good, the end of its destination commit
    // together: whoever sees the one sees the other.
    const disabled = await db.transaction().execute(async (trx) => {
      await recordDeliveryFailure(trx, deliveryId, { at, error: failure.description, final, ...(failure.peerStatus === undefined ? {} : { peerStatus: failure.peerStatus }) });
      if (!failure.gone || destinationId === null) return false;
      return disableDestination(trx, destinationId, { cause: 'gone', reason: 'the receiver answered 410 Gone', now: at });
    });
    if (disabled) log.warn({ ...fields, destinationId }, 'destination answered 410 Gone: disabled');
    metrics.deliveries.inc({ kind: delivery.kind, channel: delivery.channel, outcome: final ? 'failed' : 'retrying' });
    log.warn({ ...fields, code: failure.code, permanent: failure.permanent, final }, 'message not delivered');
    if (failure.permanent) throw new UnrecoverableError(`permanent ${delivery.channel} failure ${failure.code}`);
    throw new TransientDeliveryError(`transient ${delivery.channel} failure ${failure.code}`);
  }
  await recordSent(engine, deliveryId, accepted, log);
  metrics.deliveries.inc({ kind: delivery.kind, channel: delivery.channel, outcome: 'sent' });
  if (prepared.startedAt) metrics.latency.observe({ kind: delivery.kind, channel: delivery.channel }, (Date.now() - prepared.startedAt.getTime()) / 1000);
  log.info(fields, 'message sent');
}

async function send(engine: DeliveryEngine, delivery: ClaimedDelivery, prepared: PreparedMessage): Promise<Accepted> {
  const rendered = prepared.render(delivery.channel, engine.context);
  if (rendered.channel !== delivery.channel) throw new Error(`rendered for ${rendered.channel}, delivered over ${delivery.channel}`);
  return sendOver(engine.transports, rendered, delivery);
}

/** Hands a rendered message to the transport of its channel. */
function sendOver<C extends TransportChannel>(
  transports: Transports,
  rendered: { channel: C; message: ChannelMessages[C] },
  delivery: DeliveryReference,
): Promise<Accepted> {
  const transport: Transport<ChannelMessages[C]> = transports[rendered.channel];
  return transport.send(rendered.message, delivery);
}

/** Records an accepted message, on a fresh connection should the first try fail (see `deliver`). */
async function recordSent(engine: DeliveryEngine, deliveryId: string, accepted: Accepted, log: Logger): Promise<void> {
  const started = Date.now();
  for (let delay = RECORD_AGAIN.firstDelayMs; ; delay = Math.min(delay * 2, RECORD_AGAIN.maxDelayMs)) {
    try {
      await recordDeliverySent(engine.db, deliveryId, { at: engine.clock(), ...accepted });
      return;
    } catch (error) {
      // Given up: the job fails, and its retry sends the message again.
      if (Date.now() - started + delay > RECORD_AGAIN.withinMs) throw error;
      log.warn({ deliveryId, err: error }, 'message accepted by the peer, but recording it failed; recording it again');
      await sleep(delay);
    }
  }
}
