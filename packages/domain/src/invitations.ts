import { DAY_MS } from './calendar.ts';

/** How long links live, when to remind, and how often one client organisation is asked. */
export interface InvitationPolicy {
  /** Days a link stays valid. */
  validityDays: number;
  /** Days after the invitation to send the one reminder; 0 turns reminders off. */
  reminderAfterDays: number;
  /** A client invited within this many days is not invited again. */
  throttleDays: number;
}

export const defaultInvitationPolicy: InvitationPolicy = { validityDays: 60, reminderAfterDays: 7, throttleDays: 90 };

export function daysAfter(moment: Date, days: number): Date {
  return new Date(moment.getTime() + days * DAY_MS);
}

export interface InvitationSchedule {
  expiresAt: Date;
  /** Null when reminders are off, or when the link expires before the reminder would go. */
  reminderDueAt: Date | null;
}

export function invitationSchedule(createdAt: Date, policy: InvitationPolicy): InvitationSchedule {
  const expiresAt = daysAfter(createdAt, policy.validityDays);
  const reminderDueAt = policy.reminderAfterDays > 0 ? daysAfter(createdAt, policy.reminderAfterDays) : null;
  return { expiresAt, reminderDueAt: reminderDueAt && reminderDueAt < expiresAt ? reminderDueAt : null };
}

/** The organisation was invited too recently when its last invitation is after this moment. */
export function throttleWindowStart(now: Date, policy: InvitationPolicy): Date {
  return daysAfter(now, -policy.throttleDays);
}
