import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@ambassador/db/database';
import type { DB } from '@ambassador/db/schema';
import type { Logger } from '@ambassador/observability/logger';
import { UnrecoverableError } from '@ambassador/queue/worker';
import type { Transaction } from 'kysely';
import { type DeliveryFailure, describeDeliveryFailure, type Mailer, type OutgoingMail } from './mailer.ts';

/** How one kind of message records the outcome of a delivery attempt on its row. */
export interface DeliveryRecord {
  /**
   * The server accepted the message. Runs in the delivery's transaction, and on its own again
   * should that transaction fail after the acceptance: it must change only a message that is
   * still pending.
   */
  sent(db: Database, reply: string): Promise<void>;
  /** An attempt failed; `final` settles the message as failed. */
  failed(trx: Transaction<DB>, failure: { error: string; final: boolean }): Promise<void>;
}

/** A delivery attempt that did not get the message accepted. */
export interface Failed {
  kind: 'failed';
  failure: DeliveryFailure;
  /** Recorded as failed for good: a permanent reply, or the last attempt. */
  final: boolean;
}

export interface DeliveryTransaction<T> {
  trx: Transaction<DB>;
  /**
   * Sends the message and records the outcome in the transaction: resolves with `sent` once
   * the server accepted it, or with the failure (recorded as well).
   */
  send: <S extends T>(mail: OutgoingMail, record: DeliveryRecord, sent: S) => Promise<S | Failed>;
}

export class TransientDeliveryError extends Error {
  override name = 'TransientDeliveryError';
}

/** How long, after the server accepted a message, recording that may be retried. */
const RECORD_AGAIN = { firstDelayMs: 200, maxDelayMs: 5000, withinMs: 120_000 };

/**
 * One delivery of one message, in one transaction: `work` locks the message's row, decides
 * whether it is still due, and sends it with `send`, which records the outcome in the same
 * transaction. A second delivery of the same message waits for the row, then finds it settled.
 *
 * The gap is between the server's 250 and our COMMIT. If this process dies there, the retry
 * sends the e-mail again (with the same Message-ID). If the database goes away there (it
 * restarts, fails over), the transaction fails but this process knows the message is out: it
 * records it as sent on a fresh connection, retrying until the database answers (for up to
 * two minutes), and the job succeeds instead of sending the e-mail a second time.
 */
export async function deliverOnce<T>(
  { db, mailer, log }: { db: Database; mailer: Mailer; log: Logger },
  { isLastAttempt }: { isLastAttempt: boolean },
  work: (delivery: DeliveryTransaction<T>) => Promise<T | Failed>,
): Promise<T | Failed> {
  let accepted: { record: DeliveryRecord; reply: string; sent: T } | undefined;
  try {
    return await db.transaction().execute((trx) =>
      work({
        trx,
        send: async (mail, record, sent) => {
          let reply: string;
          try {
            reply = await mailer.send(mail);
          } catch (error) {
            const failure = describeDeliveryFailure(error);
            const final = failure.permanent || isLastAttempt;
            await record.failed(trx, { error: failure.description, final });
            return { kind: 'failed', failure, final };
          }
          accepted = { record, reply, sent };
          await record.sent(trx, reply);
          return sent;
        },
      }),
    );
  } catch (error) {
    if (!accepted) throw error;
    log.warn({ err: error }, 'e-mail accepted by the SMTP server, but recording it failed; recording it again');
    await recordAgain(db, accepted.record, accepted.reply);
    return accepted.sent;
  }
}

async function recordAgain(db: Database, record: DeliveryRecord, reply: string): Promise<void> {
  const started = Date.now();
  for (let delay = RECORD_AGAIN.firstDelayMs; ; delay = Math.min(delay * 2, RECORD_AGAIN.maxDelayMs)) {
    try {
      await record.sent(db, reply);
      return;
    } catch (error) {
      // Given up: the job fails, and its retry sends the e-mail again.
      if (Date.now() - started + delay > RECORD_AGAIN.withinMs) throw error;
      await sleep(delay);
    }
  }
}

/** A failed attempt as the job's outcome: BullMQ retries a transient failure, never a permanent one. */
export function failedDelivery({ failure }: Failed): Error {
  if (failure.permanent) return new UnrecoverableError(`permanent SMTP failure ${failure.code}`);
  return new TransientDeliveryError(`transient SMTP failure ${failure.code}`);
}
