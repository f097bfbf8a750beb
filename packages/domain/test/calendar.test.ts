import { describe, expect, it } from 'vitest';
import { acknowledgeLinkExpiry, addWorkingDays, defaultFollowUpPolicy, followUpDeadline, weekStartOf } from '../src/calendar.ts';

const AMS = 'Europe/Amsterdam';

describe('working days', () => {
  it('counts Monday + 2 as Wednesday', () => {
    expect(addWorkingDays(new Date('2026-11-23T10:00:00+01:00'), 2, AMS)).toEqual(new Date('2026-11-25T10:00:00+01:00'));
  });

  it('skips the weekend: Friday + 2 is Tuesday', () => {
    expect(addWorkingDays(new Date('2026-11-27T10:00:00+01:00'), 2, AMS)).toEqual(new Date('2026-12-01T10:00:00+01:00'));
  });

  it('starts counting on Monday for a Saturday: Saturday + 1 is Monday', () => {
    expect(addWorkingDays(new Date('2026-11-28T10:00:00+01:00'), 1, AMS)).toEqual(new Date('2026-11-30T10:00:00+01:00'));
  });

  it('uses the firm\'s time zone: Friday 23:30 in Amsterdam is not yet the weekend there', () => {
    // 2026-11-27T22:30Z is Friday 23:30 in Amsterdam; + 1 working day is Monday 23:30.
    expect(addWorkingDays(new Date('2026-11-27T22:30:00Z'), 1, AMS)).toEqual(new Date('2026-11-30T22:30:00Z'));
  });

  it('gives a − response 2 and a + response 5 working days by default', () => {
    const monday = new Date('2026-11-23T09:00:00Z');
    expect(followUpDeadline('negative', monday, defaultFollowUpPolicy)).toEqual(new Date('2026-11-25T09:00:00Z'));
    expect(followUpDeadline('positive', monday, defaultFollowUpPolicy)).toEqual(new Date('2026-11-30T09:00:00Z'));
  });
});

describe('the expiry of an "I am on it" link', () => {
  const monday = new Date('2026-11-23T09:00:00Z');

  it('is 30 days after sending when the follow-up deadline comes sooner', () => {
    expect(acknowledgeLinkExpiry({ group: 'negative', classifiedAt: monday, sentAt: monday }, defaultFollowUpPolicy)).toEqual(
      new Date('2026-12-23T09:00:00Z'),
    );
  });

  it('is a week after the follow-up deadline when that comes later', () => {
    const slow = { ...defaultFollowUpPolicy, positiveWorkingDays: 25 };
    // 25 working days from Monday 23 November: Monday 28 December; a week later, 4 January.
    expect(acknowledgeLinkExpiry({ group: 'positive', classifiedAt: monday, sentAt: monday }, slow)).toEqual(new Date('2027-01-04T09:00:00Z'));
  });

  it('counts the 30 days from the sending, not from the classification', () => {
    const sentLater = new Date('2026-11-30T09:00:00Z');
    expect(acknowledgeLinkExpiry({ group: 'negative', classifiedAt: monday, sentAt: sentLater }, defaultFollowUpPolicy)).toEqual(
      new Date('2026-12-30T09:00:00Z'),
    );
  });
});

describe('weeks', () => {
  it('starts on Monday in Amsterdam', () => {
    expect(weekStartOf(new Date('2026-11-25T12:00:00Z'), AMS)).toBe('2026-11-23');
    expect(weekStartOf(new Date('2026-11-29T22:59:00Z'), AMS)).toBe('2026-11-23');
    expect(weekStartOf(new Date('2026-11-29T23:00:00Z'), AMS)).toBe('2026-11-30');
  });
});
