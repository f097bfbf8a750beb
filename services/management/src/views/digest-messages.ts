import type { Locale } from '@ambassador/domain/vocabulary';

/** The words of the digest's unsubscribe page, in the language of the person who unsubscribes. */
export const digestMessages = {
  nl: {
    unsubscribedTitle: 'Afgemeld voor het weekoverzicht',
    unsubscribed: 'Je ontvangt het wekelijkse overzicht niet meer. Alerts en escalaties over jouw team blijven gewoon komen.',
    resubscribe: 'Toch weer ontvangen? Vraag de beheerder van Ambassador om je weer aan te melden.',
  },
  en: {
    unsubscribedTitle: 'Unsubscribed from the weekly digest',
    unsubscribed: 'You will no longer receive the weekly digest. Alerts and escalations about your team still come as before.',
    resubscribe: 'Want it back? Ask the administrator of Ambassador to subscribe you again.',
  },
} satisfies Record<Locale, unknown>;
