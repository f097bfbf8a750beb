import type { DigestSchedule } from '@ambassador/domain/calendar';
import type { ScheduledTask } from '../scheduler.ts';
import { applyRetention, type RetentionPolicy } from './apply-retention.ts';
import { classifyBacklog } from './classify-backlog.ts';
import { purgeExpiredLogins } from './purge-expired-logins.ts';
import { type EscalationPolicy, recordEscalations } from './record-escalations.ts';
import { recordDigests } from './record-digests.ts';
import { requeueMessages } from './requeue-messages.ts';
import type { PollingSettings, TaskDependencies } from './task-dependencies.ts';

export interface TaskSettings extends PollingSettings {
  /** When + and − responses without a follow-up step escalate; `defaultEscalationPolicy` when not given. */
  escalation?: EscalationPolicy;
  /** When the weekly digests are due; Monday 08:00 Europe/Amsterdam when not given. */
  digest?: DigestSchedule;
  /** How long data says who it is about; `defaultRetentionPolicy` when not given. */
  retention?: RetentionPolicy;
}

/**
 * Every periodic task, in the order "run them all now" takes them: re-queueing first, so that
 * what the others store is queued once, by the task that stores it.
 */
export function periodicTasks(dependencies: TaskDependencies, settings: TaskSettings) {
  return [
    requeueMessages(dependencies, settings),
    classifyBacklog(dependencies, settings),
    recordEscalations(dependencies, settings, settings.escalation),
    recordDigests(dependencies, settings, settings.digest),
    applyRetention(dependencies, settings, settings.retention),
    purgeExpiredLogins(dependencies),
  ] as const satisfies readonly ScheduledTask[];
}

type Tasks = ReturnType<typeof periodicTasks>;

export type TaskName = Tasks[number]['name'];

/** What each task's run returns, by the task's name. */
export type ResultOf<N extends TaskName> = Awaited<ReturnType<Extract<Tasks[number], { name: N }>['run']>>;
