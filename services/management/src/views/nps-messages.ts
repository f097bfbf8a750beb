import type { Locale } from '@ambassador/domain/vocabulary';

/** What the management pages say about the 0–10 score (NPS) and the first question in the e-mail, in Dutch and in English. */
const nl = {
  /** The register's column and the response page's fact. */
  recommendScore: 'Cijfer (0–10)',
  noScore: 'geen cijfer',
  nps: 'NPS',
  ambassadorScore: 'Ambassadeursscore',
  scored: 'Met cijfer',
  parts: { positive: 'Promotors (9–10)', neutral: 'Passieven (7–8)', negative: 'Criticasters (0–6)' },
  summaryNps: 'Net Promoter Score (NPS)',
  summaryNpsValue: (nps: string, scored: number) => `${nps} (over ${scored} reacties met een cijfer van 0 tot 10)`,
  captions: {
    months: 'NPS naast de ambassadeursscore per maand',
    accountManagers: 'NPS naast de ambassadeursscore per accountmanager',
    divisions: 'NPS naast de ambassadeursscore per divisie',
  },
  charts: {
    npsPerMonth: 'NPS per maand',
    npsPerMonthDescription: 'Staafdiagram van −100 tot 100: % promotors (9–10) min % criticasters (0–6).',
    npsPerAccountManager: 'NPS per accountmanager',
    npsPerDivision: 'NPS per divisie',
    partsDescription: 'Gestapelde staven: het aandeel promotors (9–10), passieven (7–8) en criticasters (0–6) van de reacties met een cijfer, met de NPS erachter.',
  },
  firstQuestion: {
    heading: 'De eerste vraag in de e-mail',
    intro: 'Van de beantwoorde uitnodigingen: hoeveel begonnen met een antwoordknop in de uitnodiging of de herinnering.',
    caption: 'Uitgenodigd, beantwoord en begonnen in de e-mail, per maand',
    month: 'Maand',
    sent: 'Uitgenodigd',
    answered: 'Beantwoord',
    inEmail: 'waarvan begonnen in de e-mail',
    share: 'Aandeel begonnen in de e-mail',
    summary: 'Begonnen in de e-mail',
    summaryValue: (share: string, inEmail: number, answered: number) => `${share} (${inEmail} van ${answered} beantwoorde uitnodigingen)`,
  },
  notes:
    'NPS = % promotors (9–10) − % criticasters (0–6) van de reacties met een cijfer, afgerond op een heel getal (een halve naar boven, bij een negatieve score naar beneden); alleen getoond wanneer het formulier of de API het cijfer vraagt. "Begonnen in de e-mail": de klant opende het formulier met een van de drie antwoordknoppen in de e-mail en verstuurde het; het openen van een link telt niet.',
};

export type NpsMessages = typeof nl;

const en: NpsMessages = {
  recommendScore: 'Score (0–10)',
  noScore: 'no score',
  nps: 'NPS',
  ambassadorScore: 'Ambassador score',
  scored: 'With a score',
  parts: { positive: 'Promoters (9–10)', neutral: 'Passives (7–8)', negative: 'Detractors (0–6)' },
  summaryNps: 'Net Promoter Score (NPS)',
  summaryNpsValue: (nps: string, scored: number) => `${nps} (over ${scored} responses with a score from 0 to 10)`,
  captions: {
    months: 'NPS beside the ambassador score per month',
    accountManagers: 'NPS beside the ambassador score per account manager',
    divisions: 'NPS beside the ambassador score per division',
  },
  charts: {
    npsPerMonth: 'NPS per month',
    npsPerMonthDescription: 'Bar chart from −100 to 100: % promoters (9–10) minus % detractors (0–6).',
    npsPerAccountManager: 'NPS per account manager',
    npsPerDivision: 'NPS per division',
    partsDescription: 'Stacked bars: the share of promoters (9–10), passives (7–8) and detractors (0–6) among the responses with a score, followed by the NPS.',
  },
  firstQuestion: {
    heading: 'The first question in the e-mail',
    intro: 'Of the invitations answered: how many started with an answer button in the invitation or the reminder.',
    caption: 'Invited, answered and started in the e-mail, per month',
    month: 'Month',
    sent: 'Invited',
    answered: 'Answered',
    inEmail: 'of which started in the e-mail',
    share: 'Share started in the e-mail',
    summary: 'Started in the e-mail',
    summaryValue: (share: string, inEmail: number, answered: number) => `${share} (${inEmail} of ${answered} invitations answered)`,
  },
  notes:
    'NPS = % promoters (9–10) − % detractors (0–6) of the responses with a score, rounded to a whole number (halves away from zero); shown only where the form or the API asks the score. "Started in the e-mail": the client opened the form with one of the three answer buttons in the e-mail and sent it; opening a link does not count.',
};

export const npsMessages: Record<Locale, NpsMessages> = { nl, en };
