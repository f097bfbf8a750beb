import { describe, expect, it } from 'vitest';
import { UnprocessableError } from '../src/errors.ts';
import { netPromoterScore, npsCategory, recommendAnswer, recommendScores } from '../src/net-promoter.ts';

describe('the recommendation answer', () => {
  it.each([0, 5, 8, 9, 10])('stores both as given when both are given (score %i, and no)', (score) => {
    expect(recommendAnswer({ wouldRecommend: false, recommendScore: score })).toEqual({ wouldRecommend: false, recommendScore: score });
    expect(recommendAnswer({ wouldRecommend: true, recommendScore: score })).toEqual({ wouldRecommend: true, recommendScore: score });
  });

  it.each([
    [0, false],
    [6, false],
    [7, false],
    [8, false],
    [9, true],
    [10, true],
  ])('derives wouldRecommend from a score given alone: %i → %s', (score, wouldRecommend) => {
    expect(recommendAnswer({ recommendScore: score })).toEqual({ wouldRecommend, recommendScore: score });
  });

  it('keeps the score null when only yes/no is given', () => {
    expect(recommendAnswer({ wouldRecommend: true })).toEqual({ wouldRecommend: true, recommendScore: null });
    expect(recommendAnswer({ wouldRecommend: false, recommendScore: null })).toEqual({ wouldRecommend: false, recommendScore: null });
  });

  it.each([-1, 11, 9.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses the score %s, naming recommendScore', (score) => {
    const refuse = () => recommendAnswer({ wouldRecommend: true, recommendScore: score });
    expect(refuse).toThrow(UnprocessableError);
    expect(refuse).toThrow(expect.objectContaining({ field: 'recommendScore' }) as Error);
  });

  it('offers 0 to 10', () => {
    expect(recommendScores).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('the Net Promoter Score', () => {
  it.each([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [9, 'promoter'],
    [10, 'promoter'],
  ] as const)('counts %i as a %s', (score, category) => {
    expect(npsCategory(score)).toBe(category);
  });

  it('is null when no response has a score', () => {
    expect(netPromoterScore({ promoters: 0, passives: 0, detractors: 0 })).toBeNull();
  });

  it.each([
    // promoters, passives, detractors → % promoters − % detractors
    [1, 0, 0, 100],
    [0, 0, 1, -100],
    [0, 3, 0, 0],
    [2, 1, 1, 25],
    // 1/8 = 12.5 %: half away from zero, both ways.
    [1, 7, 0, 13],
    [0, 7, 1, -13],
    // 3/8 − 0 = 37.5 %; 1/8 − 2/8 = −12.5 %.
    [3, 5, 0, 38],
    [1, 5, 2, -13],
    // 1/3 = 33.33… %, 2/3 = 66.66… %: ordinary rounding.
    [1, 2, 0, 33],
    [2, 1, 0, 67],
    [0, 1, 2, -67],
    // 7/200 − 0 = 3.5 % (a binary fraction would make this 3.4999…).
    [7, 193, 0, 4],
    [0, 193, 7, -4],
  ])('is %i promoters, %i passives and %i detractors → %i', (promoters, passives, detractors, score) => {
    expect(netPromoterScore({ promoters, passives, detractors })).toBe(score);
  });
});
