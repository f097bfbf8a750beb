import type { Transaction } from 'kysely';
import { compiledOnce } from './compiled-once.ts';
import type { Database } from './database.ts';
import type { DB, DeliveryChannel, DeliveryStatus, Json, MessageKind } from './schema.ts';

export type { DeliveryChannel, DeliveryStatus, MessageKind } from './schema.ts';

/**
 * Outgoing messages: one row per message, recipient and channel (see the migration that added
 * `deliveries`). Every kind of message is stored here before it is queued, claimed here while
 * it is sent, and settled here; this file is the only one that changes a delivery's state.
 */

/** What a queue needs to know of a stored message: which job, on which queue, when. */
export interface QueuedDelivery {
  id: string;
  kind: MessageKind;
  channel: DeliveryChannel;
  dueAt: Date;
}

const queuedColumns = ['deliveries.id', 'deliveries.kind', 'deliveries.channel', 'deliveries.dueAt'] as const;

/** The column that names the row a message of each kind is about. */
const referenceColumn = {
  alert: 'alertId',
  invitation: 'invitationId',
  reminder: 'invitationId',
  login_link: 'loginLinkId',
  escalation: 'escalationId',
  digest: 'digestId',
} as const satisfies Partial<Record<MessageKind, keyof DB['deliveries']>>;

/** A new message: its kind, its channel, the id of the row it is about, and when it may go. */
export interface NewDelivery {
  kind: keyof typeof referenceColumn;
  channel: DeliveryChannel;
  about: string;
  dueAt: Date;
}

/**
 * Stores messages, in the caller's transaction (the one that records what they are about), and
 * returns them for queueing once it commits. A message that exists already is not stored again.
 */
export async function storeDeliveries(
  trx: Database | Transaction<DB>,
  deliveries: readonly NewDelivery[],
  now: Date,
): Promise<QueuedDelivery[]> {
  if (deliveries.length === 0) return [];
  return trx
    .insertInto('deliveries')
    .values(
      deliveries.map(({ kind, channel, about, dueAt }) => ({ kind, channel, [referenceColumn[kind]]: about, createdAt: now, dueAt })),
    )
    .onConflict((conflict) => conflict.doNothing())
    .returning(['id', 'kind', 'channel', 'dueAt'])
    .execute();
}

/**
 * Messages not settled yet that were stored no later than `storedUntil` and are due by `dueBy`,
 * a page at a time in id order: pass the last id of a page as `after` for the next one. What
 * the scheduler queues again when their jobs were lost.
 */
export async function findPendingDeliveries(
  db: Database,
  { storedUntil, dueBy, limit, after }: { storedUntil: Date; dueBy: Date; limit: number; after?: string },
): Promise<QueuedDelivery[]> {
  let query = db
    .selectFrom('deliveries')
    .select(queuedColumns)
    .where('status', '=', 'pending')
    .where('createdAt', '<=', storedUntil)
    .where('dueAt', '<=', dueBy);
  if (after !== undefined) query = query.where('id', '>', after);
  return query.orderBy('id').limit(limit).execute();
}

/** A claimed message: what it is, which attempt this is, and the row it is about. */
export interface ClaimedDelivery {
  id: string;
  kind: MessageKind;
  channel: DeliveryChannel;
  /** 1 on the first attempt. */
  attempt: number;
  createdAt: Date;
  alertId: string | null;
  invitationId: string | null;
  loginLinkId: string | null;
  escalationId: string | null;
  digestId: string | null;
  eventId: string | null;
  destinationId: string | null;
}

export type Claim =
  | { kind: 'claimed'; delivery: ClaimedDelivery }
  /** There is no such message (what it was about was deleted, e.g. erased). */
  | { kind: 'gone' }
  /** Sent, delivered, failed or cancelled before: never sent again. */
  | { kind: 'settled'; status: DeliveryStatus }
  /** Another worker holds it, or it is not due yet: try again at `until`. */
  | { kind: 'held'; until: Date };

const claimStatement = compiledOnce((db, id: string, now: Date, claimedUntil: Date) =>
  db
    .updateTable('deliveries')
    .set((eb) => ({ claimedUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('dueAt', '<=', now)
    .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<=', now)]))
    .returning(['id', 'kind', 'channel', 'attempts as attempt', 'createdAt', 'alertId', 'invitationId', 'loginLinkId', 'escalationId', 'digestId', 'eventId', 'destinationId']),
);

/**
 * Claims a pending, due message for `leaseMs`, with one statement: the claim keeps a second
 * worker from sending it at the same time, and lapses by itself should this one die. Counts
 * the attempt.
 */
export async function claimDelivery(db: Database, id: string, { now, leaseMs }: { now: Date; leaseMs: number }): Promise<Claim> {
  const [claimed] = await claimStatement(db, id, now, new Date(now.getTime() + leaseMs));
  if (claimed) return { kind: 'claimed', delivery: claimed };
  const row = await db.selectFrom('deliveries').select(['status', 'dueAt', 'claimedUntil']).where('id', '=', id).executeTakeFirst();
  if (!row) return { kind: 'gone' };
  if (row.status !== 'pending') return { kind: 'settled', status: row.status };
  const until = row.dueAt > now ? row.dueAt : (row.claimedUntil ?? now);
  return { kind: 'held', until };
}

/** What the peer said when it accepted a message, and what of the message is kept. */
export interface PeerAcceptance {
  at: Date;
  /** Its answer: an SMTP reply, an SMPP status and message id, an HTTP status. */
  reply: string;
  /** Its own id of the message, by which its later reports (an SMS receipt) name it. */
  peerMessageId?: string;
  /** What was sent, where it is not rebuilt from its source (an SMS text): personal data. */
  body?: Json;
  /** The HTTP status it answered with (webhooks, Teams, Slack). */
  peerStatus?: number;
}

/** The record of an accepted message that keeps nothing more than the peer's answer (an e-mail). */
const recordSentStatement = compiledOnce((db, id: string, at: Date, reply: string) =>
  db
    .updateTable('deliveries')
    .set({ status: 'sent', sentAt: at, peerReply: reply, lastError: null, claimedUntil: null })
    .where('id', '=', id)
    .where('status', '=', 'pending'),
);

/**
 * Records that the peer accepted a message, with its answer. Only a message still pending
 * changes, so running it twice is harmless.
 */
export async function recordDeliverySent(db: Database, id: string, { at, reply, peerMessageId, body, peerStatus }: PeerAcceptance): Promise<void> {
  if (peerMessageId === undefined && body === undefined && peerStatus === undefined) {
    await recordSentStatement(db, id, at, reply.slice(0, 1000));
    return;
  }
  await db
    .updateTable('deliveries')
    .set({
      status: 'sent',
      sentAt: at,
      peerReply: reply.slice(0, 1000),
      lastError: null,
      claimedUntil: null,
      ...(peerMessageId === undefined ? {} : { peerMessageId }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(peerStatus === undefined ? {} : { peerStatus }),
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** A peer's later report on a message it accepted (an SMS delivery receipt): it arrived, or it never will. */
export interface PeerReport {
  channel: DeliveryChannel;
  peerMessageId: string;
  at: Date;
  outcome: { delivered: true } | { delivered: false; reason: string };
}

export type ReportOutcome =
  /** The sent message it names is now delivered or failed. */
  | { kind: 'recorded'; id: string; messageKind: MessageKind }
  /** Settled before (by an earlier report of the same outcome, or another): left as it is. */
  | { kind: 'settled'; id: string; status: DeliveryStatus }
  /** No message of ours has that id, or its sending is not recorded yet. */
  | { kind: 'unknown' };

/** Settles a sent message by its peer's report: delivered, or failed with the peer's reason. */
export async function recordDeliveryReport(db: Database, report: PeerReport, retried = false): Promise<ReportOutcome> {
  const { channel, peerMessageId, at, outcome } = report;
  const recorded = await db
    .updateTable('deliveries')
    .set(outcome.delivered ? { status: 'delivered', deliveredAt: at } : { status: 'failed', failedAt: at, lastError: outcome.reason.slice(0, 1000) })
    .where('channel', '=', channel)
    .where('peerMessageId', '=', peerMessageId)
    .where('status', '=', 'sent')
    .returning(['id', 'kind'])
    .executeTakeFirst();
  if (recorded) return { kind: 'recorded', id: recorded.id, messageKind: recorded.kind };
  const known = await db
    .selectFrom('deliveries')
    .select(['id', 'status'])
    .where('channel', '=', channel)
    .where('peerMessageId', '=', peerMessageId)
    .executeTakeFirst();
  if (!known) return { kind: 'unknown' };
  // Its sending was recorded between the two statements (the UPDATE did not see it yet, the
  // SELECT did): the report is for a sent message after all.
  if (known.status === 'sent' && !retried) return recordDeliveryReport(db, report, true);
  return { kind: 'settled', id: known.id, status: known.status };
}

/**
 * Records a failed attempt and lets go of the claim; `final` settles the message as failed.
 * `peerStatus`: the HTTP status the peer answered with, if it answered over HTTP.
 */
export async function recordDeliveryFailure(
  db: Database,
  id: string,
  { at, error, final, peerStatus }: { at: Date; error: string; final: boolean; peerStatus?: number | null },
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      lastError: error.slice(0, 1000),
      claimedUntil: null,
      ...(peerStatus === undefined ? {} : { peerStatus }),
      ...(final ? { status: 'failed' as const, failedAt: at } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** Settles a message that is no longer wanted (a reminder to someone who answered), saying why. */
export async function cancelDelivery(db: Database, id: string, reason: string): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ status: 'cancelled', lastError: reason.slice(0, 1000), claimedUntil: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** Lets go of a claim without counting an attempt: the message was not sent, and is not due yet. */
export async function releaseDelivery(db: Database, id: string): Promise<void> {
  await db
    .updateTable('deliveries')
    .set((eb) => ({ claimedUntil: null, attempts: eb('attempts', '-', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}
