import { recordAuditEvent } from '@ambassador/db/audit';
import { applyRetention as anonymiseBefore, noRetentionWork, type RetentionResult } from '@ambassador/db/retention';
import { daysAfter } from '@ambassador/domain/invitations';
import type { ScheduledTask } from '../scheduler.ts';
import type { PollingSettings, TaskDependencies } from './task-dependencies.ts';

export interface RetentionPolicy {
  /** Days after which responses, invitations and contacts are anonymised (contacts with nothing left, deleted). */
  days: number;
}

/** Three years. */
export const defaultRetentionPolicy: RetentionPolicy = { days: 1095 };

/** Retention reads whole tables: it runs once an hour. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Anonymises what is older than the retention period (see `applyRetention` in the db
 * package), and records in the audit trail that the system did, when it changed anything.
 */
export function applyRetention(
  { db }: TaskDependencies,
  { batchSize }: PollingSettings,
  policy: RetentionPolicy = defaultRetentionPolicy,
): ScheduledTask<RetentionResult, 'apply-retention'> {
  return {
    name: 'apply-retention',
    summary: 'anonymised what is older than the retention period',
    intervalMs: RETENTION_INTERVAL_MS,
    needs: 'database',
    async run(now) {
      // Null: another process (a classifier of the version before, during an upgrade) is applying it right now.
      const result = (await anonymiseBefore(db, { cutoff: daysAfter(now, -policy.days), now, batchSize })) ?? noRetentionWork;
      if (Object.values(result).some((count) => count > 0)) {
        await recordAuditEvent(db, { at: now, actor: { type: 'system' }, action: 'retention.applied' });
      }
      return result;
    },
  };
}
