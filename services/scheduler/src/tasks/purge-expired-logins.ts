import { type LoginPurgeResult, purgeExpiredLogins as deleteExpiredLogins } from '@ambassador/db/login';
import type { ScheduledTask } from '../scheduler.ts';
import type { TaskDependencies } from './task-dependencies.ts';

/** Expired sessions and login links are purged once an hour. */
export const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** Deletes expired sessions, login links (used or not) a day after they expired, and import uploads past their hour. */
export function purgeExpiredLogins({ db }: TaskDependencies): ScheduledTask<LoginPurgeResult, 'purge-expired-logins'> {
  return {
    name: 'purge-expired-logins',
    summary: 'deleted expired sessions, login links and import uploads',
    intervalMs: PURGE_INTERVAL_MS,
    needs: 'database',
    run: (now) => deleteExpiredLogins(db, now),
  };
}
