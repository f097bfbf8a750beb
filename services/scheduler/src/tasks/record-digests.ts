import { recordDueDigests } from '@ambassador/db/digests';
import { type DigestSchedule, defaultDigestSchedule, digestWeekOf } from '@ambassador/domain/calendar';
import type { ScheduledTask } from '../scheduler.ts';
import { type PollingSettings, queueStoredMessages, type TaskDependencies } from './task-dependencies.ts';

/**
 * From the configured day and hour of each week, records that week's digest for every manager
 * who is due one, each with its e-mail, and queues the e-mails. A digest is unique per
 * manager and week, so instances that overlap record each once.
 */
export function recordDigests(
  dependencies: TaskDependencies,
  { intervalMs }: PollingSettings,
  schedule: DigestSchedule = defaultDigestSchedule,
): ScheduledTask<{ digestsRecorded: number; digestsQueued: number }, 'record-digests'> {
  return {
    name: 'record-digests',
    summary: 'recorded the weekly digests that fell due',
    intervalMs,
    needs: 'database',
    async run(now) {
      const week = digestWeekOf(now, schedule);
      const digests = now >= week.dueAt ? await recordDueDigests(dependencies.db, week, now) : [];
      const digestsQueued = await queueStoredMessages(dependencies, 'record-digests', digests, now);
      return { digestsRecorded: digests.length, digestsQueued };
    },
  };
}
