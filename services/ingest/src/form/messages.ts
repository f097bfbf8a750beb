import type { Locale, Satisfaction } from '@ambassador/domain/vocabulary';

/** Everything the form pages say, in Dutch (formal "u", as to a client) and in English. */
export interface FormMessages {
  languageName: string;
  switchTo: string;
  title: (project: string) => string;
  heading: (project: string) => string;
  greeting: (contact: string) => string;
  intro: (accountManager: string, brand: string, project: string) => string;
  oneMinute: string;
  satisfaction: { legend: string; choices: Record<Satisfaction, { label: string; hint: string }> };
  motivation: { label: string; hint: string; counter: string };
  wouldRecommend: string;
  /** The 0–10 question, and what its two ends mean. */
  recommendScore: { legend: string; lowest: string; highest: string };
  wantsMoreServices: string;
  yes: string;
  no: string;
  submit: string;
  errorSummary: string;
  errorTitlePrefix: string;
  errors: {
    satisfaction: string;
    wouldRecommend: string;
    recommendScore: string;
    wantsMoreServices: string;
    motivationTooLong: string;
    motivationInvalid: string;
  };
  thanks: { title: string; heading: (contact: string) => string; body: (brand: string) => string };
  alreadyAnswered: { title: string; heading: string; body: string };
  privacy: (brand: string) => string;
}

export const formMessages: Record<Locale, FormMessages> = {
  nl: {
    languageName: 'Nederlands',
    switchTo: 'English',
    title: (project) => `Uw mening over ${project}`,
    heading: (project) => `Hoe kijkt u terug op ${project}?`,
    greeting: (contact) => `Beste ${contact},`,
    intro: (accountManager, brand, project) =>
      `${accountManager} van ${brand} hoort graag hoe u het project ${project} heeft ervaren.`,
    oneMinute: 'Vier vragen, minder dan een minuut.',
    satisfaction: {
      legend: 'Hoe tevreden bent u over onze dienstverlening?',
      choices: {
        ontevreden: { label: 'Ontevreden', hint: 'Het had beter gemoeten' },
        tevreden: { label: 'Tevreden', hint: 'Zoals afgesproken' },
        meer_dan_tevreden: { label: 'Meer dan tevreden', hint: 'Boven verwachting' },
      },
    },
    motivation: { label: 'Waarom? (mag ook kort)', hint: 'Maximaal 2000 tekens.', counter: 'tekens over' },
    wouldRecommend: 'Zou u ons aanbevelen bij anderen?',
    recommendScore: {
      legend: 'Hoe waarschijnlijk is het dat u ons zou aanbevelen bij anderen?',
      lowest: 'helemaal niet waarschijnlijk',
      highest: 'zeer waarschijnlijk',
    },
    wantsMoreServices: 'Heeft u interesse in meer van onze diensten?',
    yes: 'Ja',
    no: 'Nee',
    submit: 'Versturen',
    errorSummary: 'Er ontbreekt nog iets',
    errorTitlePrefix: 'Fout: ',
    errors: {
      satisfaction: 'Kies hoe tevreden u bent.',
      wouldRecommend: 'Kies of u ons zou aanbevelen.',
      recommendScore: 'Kies een cijfer van 0 tot en met 10.',
      wantsMoreServices: 'Kies of u interesse heeft in meer van onze diensten.',
      motivationTooLong: 'Uw toelichting is langer dan 2000 tekens.',
      motivationInvalid: 'Uw toelichting bevat tekens die we niet kunnen opslaan.',
    },
    thanks: {
      title: 'Dank u wel',
      heading: (contact) => `Dank u wel, ${contact}!`,
      body: (brand) => `Uw antwoord is ontvangen. ${brand} leest het met aandacht.`,
    },
    alreadyAnswered: {
      title: 'Al ingevuld',
      heading: 'U heeft deze vragenlijst al ingevuld',
      body: 'Dank u wel! Uw eerdere antwoord blijft staan.',
    },
    privacy: (brand) => `Uw antwoord gaat alleen naar ${brand}. Deze pagina gebruikt geen cookies en geen tracking.`,
  },
  en: {
    languageName: 'English',
    switchTo: 'Nederlands',
    title: (project) => `Your view of ${project}`,
    heading: (project) => `How do you look back on ${project}?`,
    greeting: (contact) => `Dear ${contact},`,
    intro: (accountManager, brand, project) =>
      `${accountManager} of ${brand} would like to hear how you experienced the project ${project}.`,
    oneMinute: 'Four questions, less than a minute.',
    satisfaction: {
      legend: 'How satisfied are you with our services?',
      choices: {
        ontevreden: { label: 'Dissatisfied', hint: 'It should have been better' },
        tevreden: { label: 'Satisfied', hint: 'As agreed' },
        meer_dan_tevreden: { label: 'More than satisfied', hint: 'Beyond expectations' },
      },
    },
    motivation: { label: 'Why? (a few words will do)', hint: 'At most 2000 characters.', counter: 'characters left' },
    wouldRecommend: 'Would you recommend us to others?',
    recommendScore: {
      legend: 'How likely is it that you would recommend us to others?',
      lowest: 'not at all likely',
      highest: 'extremely likely',
    },
    wantsMoreServices: 'Are you interested in more of our services?',
    yes: 'Yes',
    no: 'No',
    submit: 'Send',
    errorSummary: 'Something is missing',
    errorTitlePrefix: 'Error: ',
    errors: {
      satisfaction: 'Choose how satisfied you are.',
      wouldRecommend: 'Choose whether you would recommend us.',
      recommendScore: 'Choose a number from 0 to 10.',
      wantsMoreServices: 'Choose whether you are interested in more of our services.',
      motivationTooLong: 'Your explanation is longer than 2000 characters.',
      motivationInvalid: 'Your explanation contains characters we cannot store.',
    },
    thanks: {
      title: 'Thank you',
      heading: (contact) => `Thank you, ${contact}!`,
      body: (brand) => `Your answer has been received. ${brand} will read it with care.`,
    },
    alreadyAnswered: {
      title: 'Already answered',
      heading: 'You have already answered this questionnaire',
      body: 'Thank you! Your earlier answer stands.',
    },
    privacy: (brand) => `Your answer goes to ${brand} only. This page uses no cookies and no tracking.`,
  },
};

/** Pages shown without an invitation (bad link, refused request): both languages at once. */
export const bilingualPages = {
  notFound: {
    status: 404,
    title: 'Link niet gevonden / Link not found',
    nl: 'Deze link is niet (meer) geldig. Neem contact op met uw contactpersoon als u toch wilt reageren.',
    en: 'This link is not valid (any more). Please contact your account manager if you would still like to respond.',
  },
  forbidden: {
    status: 403,
    title: 'Niet toegestaan / Not allowed',
    nl: 'Dit formulier kan alleen vanaf deze pagina zelf worden verstuurd.',
    en: 'This form can only be sent from its own page.',
  },
  badRequest: {
    status: 400,
    title: 'Verzoek niet begrepen / Request not understood',
    nl: 'We konden dit verzoek niet verwerken. Open de link uit de e-mail opnieuw en probeer het nog eens.',
    en: 'We could not process this request. Please open the link from the e-mail again and retry.',
  },
  tooManyRequests: {
    status: 429,
    title: 'Even geduld / Please wait',
    nl: 'Er komen te veel verzoeken tegelijk binnen. Probeer het over een minuut opnieuw.',
    en: 'Too many requests at once. Please try again in a minute.',
  },
  error: {
    status: 500,
    title: 'Er ging iets mis / Something went wrong',
    nl: 'Er ging aan onze kant iets mis. Probeer het later opnieuw.',
    en: 'Something went wrong on our side. Please try again later.',
  },
} as const;
export type BilingualPage = keyof typeof bilingualPages;
