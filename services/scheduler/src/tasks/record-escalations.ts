import type { Database } from '@ambassador/db/database';
import type { QueuedDelivery } from '@ambassador/db/deliveries';
import { type EscalatingGroup, findEscalationCandidates, recordEscalations as storeEscalations } from '@ambassador/db/escalations';
import { DAY_MS, defaultFollowUpPolicy, type FollowUpPolicy, followUpDeadline } from '@ambassador/domain/calendar';
import type { ScheduledTask } from '../scheduler.ts';
import { type PollingSettings, queueStoredMessages, type TaskDependencies } from './task-dependencies.ts';

export interface EscalationPolicy extends FollowUpPolicy {
  /**
   * How many days after its deadline a response can still escalate. Later than that it is
   * history, not news; it also keeps the first run after an upgrade (or a long outage) from
   * e-mailing managers about every old response without a follow-up step.
   */
  windowDays: number;
}

export const defaultEscalationPolicy: EscalationPolicy = { ...defaultFollowUpPolicy, windowDays: 7 };

function workingDaysFor(group: EscalatingGroup, policy: EscalationPolicy): number {
  return group === 'negative' ? policy.negativeWorkingDays : policy.positiveWorkingDays;
}

/**
 * Records an escalation for every + and − response whose deadline (its group's working
 * days after classification, weekends skipped, in the firm's time zone) has passed, no
 * longer ago than the window, without any follow-up step. 0 working days turns a group's
 * escalations off. Returns the e-mails of those it recorded now, for queueing.
 */
export async function recordDueEscalations(db: Database, policy: EscalationPolicy, now: Date, batchSize: number): Promise<QueuedDelivery[]> {
  const recorded: QueuedDelivery[] = [];
  const earliestDeadline = now.getTime() - policy.windowDays * DAY_MS;
  for (const group of ['negative', 'positive'] as const) {
    const workingDays = workingDaysFor(group, policy);
    if (workingDays === 0) continue;
    // n working days span at least n and at most 2n + 3 calendar days: the database
    // narrows to that band, the calendar decides exactly.
    const classifiedUntil = new Date(now.getTime() - workingDays * DAY_MS);
    const classifiedFrom = new Date(earliestDeadline - (2 * workingDays + 3) * DAY_MS);
    let after: string | undefined;
    for (;;) {
      const candidates = await findEscalationCandidates(db, { group, classifiedFrom, classifiedUntil }, batchSize, after);
      if (candidates.length === 0) break;
      const due = candidates.flatMap(({ responseId, classifiedAt }) => {
        const dueAt = followUpDeadline(group, classifiedAt, policy);
        return dueAt <= now && dueAt.getTime() > earliestDeadline ? [{ responseId, dueAt }] : [];
      });
      recorded.push(...(await storeEscalations(db, due, now)));
      if (candidates.length < batchSize) break;
      after = candidates.at(-1)?.responseId;
    }
  }
  return recorded;
}

/**
 * Records the escalations that fell due, each with its e-mail, and queues the e-mails. An
 * escalation is unique per response, so instances that overlap record each once.
 */
export function recordEscalations(
  dependencies: TaskDependencies,
  { intervalMs, batchSize }: PollingSettings,
  policy: EscalationPolicy = defaultEscalationPolicy,
): ScheduledTask<{ escalationsRecorded: number; escalationsQueued: number }, 'record-escalations'> {
  return {
    name: 'record-escalations',
    summary: 'recorded escalations that fell due',
    intervalMs,
    needs: 'database',
    async run(now) {
      const escalations = await recordDueEscalations(dependencies.db, policy, now, batchSize);
      const escalationsQueued = await queueStoredMessages(dependencies, 'record-escalations', escalations, now);
      return { escalationsRecorded: escalations.length, escalationsQueued };
    },
  };
}
