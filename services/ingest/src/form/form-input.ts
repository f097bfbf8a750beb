import { motivationText } from '@ambassador/domain/inputs';
import { isRecommendScore, recommendAnswer, type RecommendQuestion } from '@ambassador/domain/net-promoter';
import type { Locale, Satisfaction } from '@ambassador/domain/vocabulary';
import { satisfactions } from '@ambassador/domain/vocabulary';
import { formMessages } from './messages.ts';

export type FormField = 'satisfaction' | 'motivation' | 'wouldRecommend' | 'recommendScore' | 'wantsMoreServices';

/**
 * What the client typed, as typed: shown again when the form comes back with errors.
 * `startedInEmail` is the hidden field of a form opened from an answer button in the e-mail.
 */
export type FormValues = Partial<Record<FormField | 'startedInEmail', string>>;
export type FormErrors = Partial<Record<FormField, string>>;

/** The hidden field's value when the form was opened from an answer button in the invitation e-mail. */
export const STARTED_IN_EMAIL = 'yes';

export interface FormAnswer {
  satisfaction: Satisfaction;
  motivation: string | null;
  wouldRecommend: boolean;
  recommendScore: number | null;
  wantsMoreServices: boolean;
  startedInEmail: boolean;
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A satisfaction value, or undefined for anything else (an unknown value in a link is ignored). */
export function satisfactionOf(value: unknown): Satisfaction | undefined {
  return satisfactions.find((satisfaction) => satisfaction === value);
}

/** The 0–10 answer as posted ("0" to "10", nothing else), or undefined. */
function scoreOf(value: string | undefined): number | undefined {
  if (value === undefined || !/^(?:0|[1-9][0-9]?)$/u.test(value)) return undefined;
  const score = Number(value);
  return isRecommendScore(score) ? score : undefined;
}

/**
 * Reads the posted form (any shape: fields may be missing, repeated or foreign) into either
 * an answer or the values to show again with an error message per field, in `locale`. The
 * recommendation is the yes/no question or, with `score`, the 0–10 one.
 */
export function readForm(
  body: unknown,
  locale: Locale,
  recommendQuestion: RecommendQuestion,
): { answer: FormAnswer } | { values: FormValues; errors: FormErrors } {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const values: FormValues = {
    satisfaction: single(fields.satisfaction),
    motivation: single(fields.motivation),
    wantsMoreServices: single(fields.wantsMoreServices),
    startedInEmail: single(fields.startedInEmail) === STARTED_IN_EMAIL ? STARTED_IN_EMAIL : undefined,
    ...(recommendQuestion === 'score' ? { recommendScore: single(fields.recommendScore) } : { wouldRecommend: single(fields.wouldRecommend) }),
  };
  const m = formMessages[locale].errors;
  const errors: FormErrors = {};

  const satisfaction = satisfactionOf(values.satisfaction);
  if (!satisfaction) errors.satisfaction = m.satisfaction;
  const motivation = motivationText.safeParse(values.motivation ?? '');
  if (!motivation.success) errors.motivation = (values.motivation ?? '').length > 2000 ? m.motivationTooLong : m.motivationInvalid;
  const yesNo = (value: string | undefined) => (value === 'yes' ? true : value === 'no' ? false : undefined);
  const wouldRecommend = yesNo(values.wouldRecommend);
  const recommendScore = scoreOf(values.recommendScore);
  if (recommendQuestion === 'yes_no' && wouldRecommend === undefined) errors.wouldRecommend = m.wouldRecommend;
  if (recommendQuestion === 'score' && recommendScore === undefined) errors.recommendScore = m.recommendScore;
  const wantsMoreServices = yesNo(values.wantsMoreServices);
  if (wantsMoreServices === undefined) errors.wantsMoreServices = m.wantsMoreServices;

  if (!satisfaction || !motivation.success || wantsMoreServices === undefined || Object.keys(errors).length > 0) {
    return { values, errors };
  }
  return {
    answer: {
      satisfaction,
      motivation: motivation.data || null,
      ...recommendAnswer({ wouldRecommend, recommendScore }),
      wantsMoreServices,
      startedInEmail: values.startedInEmail === STARTED_IN_EMAIL,
    },
  };
}
