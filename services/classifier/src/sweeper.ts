import { recordAuditEvent } from '@ambassador/db/audit';
import type { Database } from '@ambassador/db/database';
import { findPendingDeliveries } from '@ambassador/db/deliveries';
import { recordDueDigests } from '@ambassador/db/digests';
import { type DigestSchedule, defaultDigestSchedule, digestWeekOf } from '@ambassador/domain/calendar';
import { daysAfter } from '@ambassador/domain/invitations';
import { type LoginPurgeResult, noLoginPurgeWork, purgeExpiredLogins } from '@ambassador/db/login';
import { findUnclassifiedResponseIds } from '@ambassador/db/responses';
import { applyRetention, noRetentionWork, type RetentionResult } from '@ambassador/db/retention';
import type { Logger } from '@ambassador/observability/logger';
import type { JobProducer } from '@ambassador/queue/producer';
import { classifyResponses } from './classify-responses.ts';
import { defaultEscalationPolicy, type EscalationPolicy, recordDueEscalations } from './escalations.ts';

/** Batches of a backlog classified at the same time: PostgreSQL works on each in its own backend. */
const PARALLEL_BATCHES = 2;

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

export interface RetentionPolicy {
  /** Days after which responses, invitations and contacts are anonymised (contacts with nothing left, deleted). */
  days: number;
}

/** Three years. */
export const defaultRetentionPolicy: RetentionPolicy = { days: 1095 };

/** Retention reads whole tables: each process applies it at most this often (by the service's clock). */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/** Expired sessions and login links are purged at most this often (by the service's clock). */
export const PURGE_INTERVAL_MS = 60 * 60 * 1000;

export interface SweepSettings {
  /** Only work older than this is taken: younger work is still on its normal path. */
  graceMs: number;
  batchSize: number;
  /** When + and − responses without a follow-up step escalate; `defaultEscalationPolicy` when not given. */
  escalation?: EscalationPolicy;
  /** When the weekly digests are due; Monday 08:00 Europe/Amsterdam when not given. */
  digest?: DigestSchedule;
  /** How long data says who it is about; `defaultRetentionPolicy` when not given. */
  retention?: RetentionPolicy;
}

export interface SweepDependencies {
  db: Database;
  producer: JobProducer;
  clock: () => Date;
}

export interface SweepResult {
  /** Messages stored before but not settled, whatever their kind and channel, queued again. */
  messagesQueued: number;
  classified: number;
  /** The messages of the alerts of what this sweep classified. */
  alertsQueued: number;
  /** Escalations and digests that fell due in this sweep (their e-mails queued with them). */
  escalationsRecorded: number;
  digestsRecorded: number;
}

/**
 * What one sweep did: the unfinished work it finished, and (when they were due) what retention
 * changed and what purging deleted.
 */
export type SweepOutcome = SweepResult & RetentionResult & LoginPurgeResult;

/**
 * Finishes what PostgreSQL holds but the queues lost or never got (Redis was down, a job
 * failed for good, Redis was flushed): queues again every message stored but not settled,
 * whatever its kind and channel (one query), and classifies stored-but-unclassified responses
 * in batches, queueing their alerts. It is also the clock of the management messages: it
 * records the escalations and weekly digests that fell due, and queues their e-mails. Safe to
 * run anywhere and in parallel: rows are locked while classified, escalations and digests are
 * unique per response and per manager and week, and job ids are derived from row ids. With
 * `applyRetention`, it also applies the retention period (see `applyRetention` in the db
 * package); the sweeper asks for that at most once an hour.
 */
export async function sweepOnce(
  dependencies: SweepDependencies,
  { graceMs, batchSize, escalation = defaultEscalationPolicy, digest = defaultDigestSchedule, retention = defaultRetentionPolicy }: SweepSettings,
  { applyRetention: retentionDue = false }: { applyRetention?: boolean } = {},
): Promise<SweepResult & RetentionResult> {
  const { db, producer, clock } = dependencies;
  const now = clock();
  const storedUntil = new Date(now.getTime() - graceMs);
  // First, so that what this sweep stores below is queued once, by the step that stores it.
  let messagesQueued = 0;
  for (let after: string | undefined; ; ) {
    const page = await findPendingDeliveries(db, { storedUntil, dueBy: now, limit: batchSize, after });
    if (page.length === 0) break;
    await producer.requeueDeliveries(page, now);
    messagesQueued += page.length;
    after = page.at(-1)?.id;
  }

  let classified = 0;
  let alertsQueued = 0;
  // A batch's alerts go to Redis while the next batch is classified in PostgreSQL: after a
  // long outage the backlog drains at the pace of the slower of the two, not of their sum.
  let queueing: Promise<void> | undefined;
  try {
    for (;;) {
      const ids = await findUnclassifiedResponseIds(db, storedUntil, batchSize * PARALLEL_BATCHES);
      if (ids.length === 0) break;
      // Disjoint batches, each in a transaction of its own, on connections of their own.
      const batches = await Promise.all(chunksOf(ids, batchSize).map((batch) => classifyResponses(db, batch, now)));
      const records = batches.flatMap((batch) => batch.records);
      const deliveries = batches.flatMap((batch) => batch.deliveries);
      classified += records.length;
      await queueing;
      queueing = producer.enqueueDeliveries(deliveries, now);
      alertsQueued += deliveries.length;
      // Fewer than a full page, or all of them held by another classifier: done for now.
      if (ids.length < batchSize * PARALLEL_BATCHES || records.length === 0) break;
    }
  } finally {
    // Also when classifying failed: no queueing is left behind unawaited.
    await queueing;
  }

  const escalations = await recordDueEscalations(db, escalation, now, batchSize);
  await producer.enqueueDeliveries(escalations, now);
  const week = digestWeekOf(now, digest);
  const digests = now >= week.dueAt ? await recordDueDigests(db, week, now) : [];
  await producer.enqueueDeliveries(digests, now);
  const retained = retentionDue ? await retainOnce(db, retention, now, batchSize) : noRetentionWork;
  return {
    messagesQueued,
    classified,
    alertsQueued,
    escalationsRecorded: escalations.length,
    digestsRecorded: digests.length,
    ...retained,
  };
}

/** Applies retention, and records in the audit trail that the system did, when it changed anything. */
async function retainOnce(db: Database, policy: RetentionPolicy, now: Date, batchSize: number): Promise<RetentionResult> {
  const cutoff = daysAfter(now, -policy.days);
  // Null: another classifier is applying it right now.
  const result = (await applyRetention(db, { cutoff, now, batchSize })) ?? noRetentionWork;
  if (Object.values(result).some((count) => count > 0)) {
    await recordAuditEvent(db, { at: now, actor: { type: 'system' }, action: 'retention.applied' });
  }
  return result;
}

export interface Sweeper {
  /**
   * Runs one sweep now (waiting for one in progress first); with retention, and then purging,
   * when an hour has passed since each last ran.
   */
  sweepNow(): Promise<SweepOutcome>;
  stop(): Promise<void>;
}

/** Sweeps every `intervalMs` until stopped; a failed sweep is logged and retried next time. */
export function startSweeper(
  dependencies: SweepDependencies & { logger: Logger },
  settings: SweepSettings & { intervalMs: number },
): Sweeper {
  const log = dependencies.logger.child({ component: 'sweeper' });
  let running: Promise<SweepOutcome> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // In memory, per process: a restart applies retention again at its first sweep, which is
  // harmless (what was done is not done again). Counted from the attempt, so a failing
  // retention is not retried at every sweep.
  let retentionAppliedAt: number | undefined;
  let purgedAt: number | undefined;

  // Purging is a step of its own: a sweep that fails (Redis is down) does not keep expired
  // sessions around, and a purge that fails is logged and does not fail the sweep.
  const purge = async (): Promise<LoginPurgeResult> => {
    const now = dependencies.clock();
    if (purgedAt !== undefined && now.getTime() - purgedAt < PURGE_INTERVAL_MS) return noLoginPurgeWork;
    purgedAt = now.getTime();
    try {
      return await purgeExpiredLogins(dependencies.db, now);
    } catch (error) {
      log.warn({ err: error }, 'purging expired sessions and login links failed; will try again in an hour');
      return noLoginPurgeWork;
    }
  };

  const sweepAndPurge = async (applyRetention: boolean): Promise<SweepOutcome> => {
    let swept: SweepResult & RetentionResult;
    try {
      swept = await sweepOnce(dependencies, settings, { applyRetention });
    } catch (error) {
      await purge();
      throw error;
    }
    return { ...swept, ...(await purge()) };
  };

  const sweep = async (): Promise<SweepOutcome> => {
    if (running) await running.catch(() => undefined);
    const now = dependencies.clock().getTime();
    const applyRetention = retentionAppliedAt === undefined || now - retentionAppliedAt >= RETENTION_INTERVAL_MS;
    if (applyRetention) retentionAppliedAt = now;
    running = sweepAndPurge(applyRetention);
    try {
      const result = await running;
      if (Object.values(result).some((count) => count > 0)) log.info(result, 'sweep finished unfinished work');
      return result;
    } finally {
      running = undefined;
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      sweep().then(
        () => schedule(),
        (error: unknown) => {
          log.warn({ err: error }, 'sweep failed; will try again');
          schedule();
        },
      );
    }, settings.intervalMs);
  };
  schedule();

  return {
    sweepNow: sweep,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
