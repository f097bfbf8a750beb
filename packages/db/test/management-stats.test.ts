import { describe, expect, it } from 'vitest';
import { addCounts, lastTwelveMonths, monthsOf, noCounts, type StatsCounts, statsFigures } from '../src/management-stats.ts';

function counts(partial: Partial<StatsCounts>): StatsCounts {
  return { ...noCounts, ...partial };
}

describe('statistics figures', () => {
  it('gives the response rate as answered over sent invitations', () => {
    expect(statsFigures(counts({ invitationsSent: 8, invitationsAnswered: 2 })).responseRate).toBe(0.25);
  });

  it('has no response rate when no invitation went out, rather than 0 or a division by zero', () => {
    expect(statsFigures(counts({ invitationsSent: 0, invitationsAnswered: 0, positive: 3 })).responseRate).toBeNull();
  });

  it('shares the classified responses over +, 0 and −, leaving unclassified ones out', () => {
    const figures = statsFigures(counts({ positive: 2, neutral: 1, negative: 1, unclassified: 5 }));
    expect(figures.classified).toBe(4);
    expect(figures.shares).toEqual({ positive: 50, neutral: 25, negative: 25 });
  });

  it('scores % positive minus % negative', () => {
    expect(statsFigures(counts({ positive: 2, neutral: 1, negative: 1 })).ambassadorScore).toBe(25);
    expect(statsFigures(counts({ positive: 1, neutral: 1, negative: 2 })).ambassadorScore).toBe(-25);
    expect(statsFigures(counts({ positive: 7, neutral: 2, negative: 2 })).ambassadorScore).toBeCloseTo(45.4545, 3);
  });

  it('scores 100 when all are positive, −100 when all are negative, and 0 when they balance', () => {
    expect(statsFigures(counts({ positive: 3 })).ambassadorScore).toBe(100);
    expect(statsFigures(counts({ negative: 3 })).ambassadorScore).toBe(-100);
    expect(statsFigures(counts({ positive: 2, neutral: 5, negative: 2 })).ambassadorScore).toBe(0);
  });

  it('has no shares and no score without classified responses', () => {
    const figures = statsFigures(counts({ invitationsSent: 3, invitationsAnswered: 1, unclassified: 1 }));
    expect(figures).toEqual({ responseRate: 1 / 3, classified: 0, shares: null, ambassadorScore: null, scored: 0, nps: null });
  });

  it('adds counts field by field', () => {
    const sum = addCounts(
      counts({ invitationsSent: 1, positive: 2, unclassified: 1, promoters: 1, detractors: 2 }),
      counts({ invitationsSent: 2, invitationsAnswered: 1, invitationsAnsweredInEmail: 1, negative: 1, promoters: 1, passives: 1 }),
    );
    expect(sum).toEqual({
      invitationsSent: 3,
      invitationsAnswered: 1,
      invitationsAnsweredInEmail: 1,
      positive: 2,
      neutral: 0,
      negative: 1,
      unclassified: 1,
      promoters: 2,
      passives: 1,
      detractors: 2,
    });
  });

  it('gives the NPS of the scored responses beside the ambassador score of the classified ones, rounded half away from zero', () => {
    // 3 promoters, 4 passives, 1 detractor: 37.5 % − 12.5 % = 25; 1 promoter, 6 passives, 1 detractor: 0; 1 of 8 more detractors: −12.5 → −13.
    expect(statsFigures(counts({ positive: 1, promoters: 3, passives: 4, detractors: 1 }))).toMatchObject({ scored: 8, nps: 25, ambassadorScore: 100 });
    expect(statsFigures(counts({ promoters: 1, passives: 6, detractors: 1 }))).toMatchObject({ scored: 8, nps: 0, ambassadorScore: null });
    expect(statsFigures(counts({ promoters: 0, passives: 7, detractors: 1 }))).toMatchObject({ nps: -13 });
    expect(statsFigures(counts({ positive: 3 }))).toMatchObject({ scored: 0, nps: null });
  });
});

describe('statistics periods', () => {
  it('lists every month a period touches, across a year end', () => {
    expect(monthsOf({ from: '2025-11-15', to: '2026-02-01' })).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsOf({ from: '2026-03-01', to: '2026-03-31' })).toEqual(['2026-03']);
  });

  it('defaults to the current month and the eleven before it', () => {
    expect(lastTwelveMonths('2026-11-23')).toEqual({ from: '2025-12-01', to: '2026-11-23' });
    expect(lastTwelveMonths('2026-12-31')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(monthsOf(lastTwelveMonths('2026-01-05'))).toHaveLength(12);
  });
});
