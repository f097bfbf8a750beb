import { motivationText } from '@ambassador/domain/inputs';
import type { Locale, Satisfaction } from '@ambassador/domain/vocabulary';
import { satisfactions } from '@ambassador/domain/vocabulary';
import { formMessages } from './messages.ts';

export type FormField = 'satisfaction' | 'motivation' | 'wouldRecommend' | 'wantsMoreServices';

/** What the client typed, as typed: shown again when the form comes back with errors. */
export type FormValues = Partial<Record<FormField, string>>;
export type FormErrors = Partial<Record<FormField, string>>;

export interface FormAnswer {
  satisfaction: Satisfaction;
  motivation: string | null;
  wouldRecommend: boolean;
  wantsMoreServices: boolean;
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads the posted form (any shape: fields may be missing, repeated or foreign) into either
 * an answer or the values to show again with an error message per field, in `locale`.
 */
export function readForm(body: unknown, locale: Locale): { answer: FormAnswer } | { values: FormValues; errors: FormErrors } {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const values: FormValues = {
    satisfaction: single(fields.satisfaction),
    motivation: single(fields.motivation),
    wouldRecommend: single(fields.wouldRecommend),
    wantsMoreServices: single(fields.wantsMoreServices),
  };
  const m = formMessages[locale].errors;
  const errors: FormErrors = {};

  const satisfaction = satisfactions.find((value) => value === values.satisfaction);
  if (!satisfaction) errors.satisfaction = m.satisfaction;
  const motivation = motivationText.safeParse(values.motivation ?? '');
  if (!motivation.success) errors.motivation = (values.motivation ?? '').length > 2000 ? m.motivationTooLong : m.motivationInvalid;
  const yesNo = (value: string | undefined) => (value === 'yes' ? true : value === 'no' ? false : undefined);
  const wouldRecommend = yesNo(values.wouldRecommend);
  if (wouldRecommend === undefined) errors.wouldRecommend = m.wouldRecommend;
  const wantsMoreServices = yesNo(values.wantsMoreServices);
  if (wantsMoreServices === undefined) errors.wantsMoreServices = m.wantsMoreServices;

  if (!satisfaction || !motivation.success || wouldRecommend === undefined || wantsMoreServices === undefined) {
    return { values, errors };
  }
  return { answer: { satisfaction, motivation: motivation.data || null, wouldRecommend, wantsMoreServices } };
}
