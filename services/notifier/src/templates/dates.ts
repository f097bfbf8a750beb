import type { Locale } from '@ambassador/domain/vocabulary';

const languageTags: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * How the e-mails write a moment: a long date (`20 november 2026`), with the time when asked
 * (`20 november 2026 om 10:41`), as the clocks in the firm's `timeZone` show it. Kept per
 * kind, language and zone: a format is costly to make and is used for every e-mail.
 */
export function emailDateFormat(locale: Locale, timeZone: string, { withTime }: { withTime: boolean }): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone} ${withTime}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(languageTags[locale], { dateStyle: 'long', ...(withTime ? { timeStyle: 'short' } : {}), timeZone });
    formats.set(key, format);
  }
  return format;
}
