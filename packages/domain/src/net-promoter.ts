import { UnprocessableError } from './errors.ts';

/**
 * The Net Promoter question ("how likely are you to recommend us", 0 to 10) beside the
 * yes/no one. The decision table keeps reading `wouldRecommend`; the score is what a firm that
 * reports an NPS keeps counting (DESIGN.md, "NPS beside −/0/+").
 */

export const RECOMMEND_SCORE_MIN = 0;
export const RECOMMEND_SCORE_MAX = 10;
/** A score from which the respondent is a promoter, and from which, alone, counts as "would recommend". */
export const PROMOTER_FROM = 9;
/** A score from which the respondent is a passive (below it: a detractor). */
export const PASSIVE_FROM = 7;

/** Every score the question offers, lowest first. */
export const recommendScores: readonly number[] = Array.from(
  { length: RECOMMEND_SCORE_MAX - RECOMMEND_SCORE_MIN + 1 },
  (_, index) => RECOMMEND_SCORE_MIN + index,
);

export function isRecommendScore(value: number): boolean {
  return Number.isInteger(value) && value >= RECOMMEND_SCORE_MIN && value <= RECOMMEND_SCORE_MAX;
}

export interface RecommendAnswer {
  wouldRecommend: boolean;
  /** Null when the score was not asked. */
  recommendScore: number | null;
}

/**
 * What is stored of the recommendation: both as given when both are given; with only the score,
 * `wouldRecommend` is `score >= 9` (a promoter). A score outside 0–10, or not whole, is refused
 * naming `recommendScore`. The input schemas make sure at least one of the two is there.
 */
export function recommendAnswer({ wouldRecommend, recommendScore }: { wouldRecommend?: boolean | undefined; recommendScore?: number | null }): RecommendAnswer {
  const score = recommendScore ?? null;
  if (score !== null && !isRecommendScore(score)) {
    throw new UnprocessableError(
      `recommendScore must be a whole number from ${RECOMMEND_SCORE_MIN} to ${RECOMMEND_SCORE_MAX}.`,
      'recommendScore',
    );
  }
  if (wouldRecommend !== undefined) return { wouldRecommend, recommendScore: score };
  if (score === null) throw new UnprocessableError('Give wouldRecommend, recommendScore or both.', 'wouldRecommend');
  return { wouldRecommend: score >= PROMOTER_FROM, recommendScore: score };
}

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

export function npsCategory(score: number): NpsCategory {
  if (score >= PROMOTER_FROM) return 'promoter';
  if (score >= PASSIVE_FROM) return 'passive';
  return 'detractor';
}

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/**
 * % promoters − % detractors of the responses with a score, as a whole number rounded half
 * away from zero (12.5 → 13, −12.5 → −13); null when none has a score. Computed on integers,
 * so no binary fraction tips a half the wrong way.
 */
export function netPromoterScore({ promoters, passives, detractors }: NpsCounts): number | null {
  const total = promoters + passives + detractors;
  if (total === 0) return null;
  const difference = (promoters - detractors) * 100;
  const magnitude = Math.floor((2 * Math.abs(difference) + total) / (2 * total));
  return difference < 0 ? -magnitude : magnitude;
}

/** The NPS figures as the API and the statistics show them. */
export function npsFigures(counts: NpsCounts): NpsCounts & { score: number | null } {
  return { ...counts, score: netPromoterScore(counts) };
}

/** How the form asks the recommendation: yes/no (the default), or the 0–10 question instead (`SURVEY_RECOMMEND_QUESTION`). */
export const recommendQuestions = ['yes_no', 'score'] as const;
export type RecommendQuestion = (typeof recommendQuestions)[number];
