import { digestWeekOf, wallClockMoment } from '@ambassador/domain/calendar';
import { describe, expect, it } from 'vitest';

const mondayEight = { weekday: 1, hour: 8, timeZone: 'Europe/Amsterdam' };

describe('the digest week', () => {
  it('is due from Monday 08:00 in Amsterdam and reports on the calendar week before', () => {
    expect(digestWeekOf(new Date('2026-11-25T12:00:00Z'), mondayEight)).toEqual({
      weekStart: '2026-11-23',
      dueAt: new Date('2026-11-23T07:00:00Z'),
      period: { from: new Date('2026-11-15T23:00:00Z'), to: new Date('2026-11-22T23:00:00Z') },
    });
  });

  it('counts Sunday evening in Amsterdam to the week that began the Monday before, though it is Monday in UTC+14', () => {
    expect(digestWeekOf(new Date('2026-11-29T22:30:00Z'), mondayEight).weekStart).toBe('2026-11-23');
    expect(digestWeekOf(new Date('2026-11-29T23:30:00Z'), mondayEight).weekStart).toBe('2026-11-30');
  });

  it('keeps 08:00 local across the change to and from summer time', () => {
    // Summer time starts on Sunday 28 March 2027; ends on Sunday 25 October 2026.
    expect(digestWeekOf(new Date('2027-03-29T12:00:00Z'), mondayEight).dueAt).toEqual(new Date('2027-03-29T06:00:00Z'));
    const afterWinter = digestWeekOf(new Date('2026-10-26T12:00:00Z'), mondayEight);
    expect(afterWinter.dueAt).toEqual(new Date('2026-10-26T07:00:00Z'));
    // That week's period is an hour longer than 7 × 24 hours: it still starts and ends at midnight.
    expect(afterWinter.period).toEqual({ from: new Date('2026-10-18T22:00:00Z'), to: new Date('2026-10-25T23:00:00Z') });
  });

  it('follows a configured day, hour and time zone', () => {
    const fridayFive = { weekday: 5, hour: 17, timeZone: 'America/New_York' };
    expect(digestWeekOf(new Date('2026-11-25T12:00:00Z'), fridayFive).dueAt).toEqual(new Date('2026-11-27T22:00:00Z'));
  });

  it('reads a wall-clock hour that a DST change skips as the hour after', () => {
    expect(wallClockMoment('2027-03-28', 2, 'Europe/Amsterdam')).toEqual(new Date('2027-03-28T01:00:00Z'));
  });
});
