/**
 * Working days and weeks in the firm's time zone (Europe/Amsterdam by default). Weekends
 * do not count; public holidays are not known here.
 */

/** A day of 24 hours, in milliseconds (calendar days in a time zone are `dateIn`'s business). */
export const DAY_MS = 24 * 60 * 60 * 1000;

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

/**
 * When the "I am on it" link of an alert stops working: a week after its response's
 * follow-up deadline, and never sooner than 30 days after the alert was sent (someone back
 * from a holiday can still take it on).
 */
export function acknowledgeLinkExpiry(
  { group, classifiedAt, sentAt }: { group: 'positive' | 'negative'; classifiedAt: Date; sentAt: Date },
  policy: FollowUpPolicy,
): Date {
  const afterDeadline = followUpDeadline(group, classifiedAt, policy).getTime() + 7 * DAY_MS;
  return new Date(Math.max(afterDeadline, sentAt.getTime() + 30 * DAY_MS));
}

/* The weekly digest: when it is due, and which week it reports on. */

export interface DigestSchedule {
  /** ISO weekday the digest is due on: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Hour (0–23, local time) from which it is due. */
  hour: number;
  timeZone: string;
}

export const defaultDigestSchedule: DigestSchedule = { weekday: 1, hour: 8, timeZone: 'Europe/Amsterdam' };

/** What a digest reports on: the calendar week (Monday 00:00 to Monday 00:00, local) before its own week. */
export interface DigestPeriod {
  from: Date;
  to: Date;
}

export interface DigestWeek {
  /** The Monday (YYYY-MM-DD, local) of the week the digest is sent in: the row's `week_start`. */
  weekStart: string;
  /** From this moment on the week's digest may be sent. */
  dueAt: Date;
  period: DigestPeriod;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** One formatter per time zone: making one costs more than using it, and exports use it per row. */
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/** How far the clocks in `timeZone` are ahead of UTC at `moment`, in milliseconds. */
function offsetIn(moment: Date, timeZone: string): number {
  const parts = wallClockFormat(timeZone).formatToParts(moment);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((candidate) => candidate.type === type)?.value);
  const local = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return local - Math.floor(moment.getTime() / 1000) * 1000;
}

/**
 * What the clocks in `timeZone` show at `moment`, as a Date whose UTC fields hold it: for
 * formats whose dates have no time zone (a spreadsheet's), so that people see their own time.
 */
export function wallClockOf(moment: Date, timeZone: string): Date {
  return new Date(moment.getTime() + offsetIn(moment, timeZone));
}

/** The moment the clocks in `timeZone` show `hour`:00 on `date` (YYYY-MM-DD). */
export function wallClockMoment(date: string, hour: number, timeZone: string): Date {
  const asIfUtc = Date.parse(`${date}T00:00:00Z`) + hour * 3_600_000;
  // The offset at the first guess can differ from the one at the answer when a DST change
  // lies between them; the second look settles it.
  const guess = asIfUtc - offsetIn(new Date(asIfUtc), timeZone);
  return new Date(asIfUtc - offsetIn(new Date(guess), timeZone));
}

export function digestPeriod(weekStart: string, timeZone: string): DigestPeriod {
  return { from: wallClockMoment(addDays(weekStart, -7), 0, timeZone), to: wallClockMoment(weekStart, 0, timeZone) };
}

/** The digest week `now` falls in, when its digest is due, and what it reports on. */
export function digestWeekOf(now: Date, schedule: DigestSchedule): DigestWeek {
  const weekStart = weekStartOf(now, schedule.timeZone);
  return {
    weekStart,
    dueAt: wallClockMoment(addDays(weekStart, schedule.weekday - 1), schedule.hour, schedule.timeZone),
    period: digestPeriod(weekStart, schedule.timeZone),
  };
}
