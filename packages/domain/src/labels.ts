import type { Locale, Satisfaction } from './vocabulary.ts';

/** How each locale writes the answers; the stored values stay the Dutch wire values. */
export const satisfactionLabels: Record<Locale, Record<Satisfaction, string>> = {
  nl: { ontevreden: 'ontevreden', tevreden: 'tevreden', meer_dan_tevreden: 'meer dan tevreden' },
  en: { ontevreden: 'dissatisfied', tevreden: 'satisfied', meer_dan_tevreden: 'more than satisfied' },
};

export const yesNoLabels: Record<Locale, Record<'yes' | 'no', string>> = {
  nl: { yes: 'ja', no: 'nee' },
  en: { yes: 'yes', no: 'no' },
};

export function yesNo(locale: Locale, value: boolean): string {
  return yesNoLabels[locale][value ? 'yes' : 'no'];
}
