/**
 * Working days and weeks in the firm's time zone (Europe/Amsterdam by default). Weekends
 * do not count; public holidays are not known here.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** 0 = Sunday … 6 = Saturday, as the calendar in `timeZone` has it. */
export function weekdayIn(moment: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone }).format(moment);
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(name);
}

function isWeekend(moment: Date, timeZone: string): boolean {
  const day = weekdayIn(moment, timeZone);
  return day === 0 || day === 6;
}

/**
 * The moment `days` working days after `start`: each step moves a day and skips Saturdays
 * and Sundays. Friday 10:00 plus 2 working days is Tuesday 10:00.
 */
export function addWorkingDays(start: Date, days: number, timeZone: string): Date {
  let moment = start;
  for (let counted = 0; counted < days; ) {
    moment = new Date(moment.getTime() + DAY_MS);
    if (!isWeekend(moment, timeZone)) counted += 1;
  }
  return moment;
}

/** The calendar date (YYYY-MM-DD) of `moment` in `timeZone`. */
export function dateIn(moment: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(moment);
}

/** The Monday (YYYY-MM-DD, in `timeZone`) of the week `moment` falls in. */
export function weekStartOf(moment: Date, timeZone: string): string {
  const back = (weekdayIn(moment, timeZone) + 6) % 7;
  return dateIn(new Date(moment.getTime() - back * DAY_MS), timeZone);
}

export interface FollowUpPolicy {
  /** Working days a − response may stay without a follow-up step before the manager hears. */
  negativeWorkingDays: number;
  /** The same for a + response. */
  positiveWorkingDays: number;
  timeZone: string;
}

export const defaultFollowUpPolicy: FollowUpPolicy = { negativeWorkingDays: 2, positiveWorkingDays: 5, timeZone: 'Europe/Amsterdam' };

/** When a response's first follow-up step is due; neutral responses have no deadline. */
export function followUpDeadline(group: 'positive' | 'negative', classifiedAt: Date, policy: FollowUpPolicy): Date {
  return addWorkingDays(classifiedAt, group === 'negative' ? policy.negativeWorkingDays : policy.positiveWorkingDays, policy.timeZone);
}
