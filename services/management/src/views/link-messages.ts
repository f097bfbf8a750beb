import type { Locale } from '@ambassador/domain/vocabulary';

/**
 * The pages the links in e-mails open (login, "I am on it", unsubscribe), in the language of
 * the person the link was made for: there is no viewer to take it from.
 */
const nl = {
  signIn: {
    title: 'Inloggen',
    as: 'Je logt in op Ambassador als',
    notYou: 'Ben jij dit niet, of heb je niet om deze link gevraagd? Sluit dan deze pagina; er gebeurt niets.',
    button: 'Inloggen',
  },
  acknowledge: {
    title: 'Ik pak dit op',
    intro: 'Hiermee zet je de opvolging van deze reactie op "in behandeling", op naam van',
    group: 'Groep',
    button: 'Ja, ik pak dit op',
    doneTitle: 'Genoteerd',
    done: 'Dank je. De opvolging staat op "in behandeling".',
    open: 'Bekijk de reactie',
  },
  unsubscribe: {
    title: 'Afmelden voor het weekoverzicht',
    question: 'Wil je het wekelijkse overzicht niet meer ontvangen op',
    keeps: 'Alerts en escalaties over jouw team blijven gewoon komen.',
    button: 'Afmelden',
    doneTitle: 'Afgemeld voor het weekoverzicht',
    done: 'Je ontvangt het wekelijkse overzicht niet meer. Alerts en escalaties over jouw team blijven gewoon komen.',
    resubscribe: 'Toch weer ontvangen? Vraag de beheerder van Ambassador om je weer aan te melden.',
  },
  spent: {
    title: 'Deze link werkt niet meer',
    expired: 'De link is verlopen.',
    used: 'De link is al gebruikt.',
    signInHint: 'Log in met je e-mailadres; in Ambassador vind je alles terug.',
    signIn: 'Naar inloggen',
  },
};

export type LinkMessages = typeof nl;

const en: LinkMessages = {
  signIn: {
    title: 'Sign in',
    as: 'You are signing in to Ambassador as',
    notYou: 'Not you, or did not ask for this link? Then close this page; nothing happens.',
    button: 'Sign in',
  },
  acknowledge: {
    title: 'I am on it',
    intro: 'This sets the follow-up of this response to "in progress", in the name of',
    group: 'Group',
    button: 'Yes, I am on it',
    doneTitle: 'Noted',
    done: 'Thank you. The follow-up is now "in progress".',
    open: 'Read the response',
  },
  unsubscribe: {
    title: 'Unsubscribe from the weekly digest',
    question: 'Stop sending the weekly digest to',
    keeps: 'Alerts and escalations about your team still come as before.',
    button: 'Unsubscribe',
    doneTitle: 'Unsubscribed from the weekly digest',
    done: 'You will no longer receive the weekly digest. Alerts and escalations about your team still come as before.',
    resubscribe: 'Want it back? Ask the administrator of Ambassador to subscribe you again.',
  },
  spent: {
    title: 'This link no longer works',
    expired: 'The link has expired.',
    used: 'The link was used already.',
    signInHint: 'Sign in with your e-mail address; everything is in Ambassador.',
    signIn: 'Go to sign in',
  },
};

export const linkMessages: Record<Locale, LinkMessages> = { nl, en };
