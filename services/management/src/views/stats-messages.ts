import type { Locale } from '@ambassador/domain/vocabulary';

const nl = {
  title: 'Statistieken',
  intro: 'Respons, groepen en de ambassadeursscore (% + min % −) van de projecten die je mag zien.',
  filters: 'Periode',
  from: 'Vanaf',
  to: 'Tot en met',
  apply: 'Toon',
  period: (from: string, to: string) => `Periode: ${from} tot en met ${to}.`,
  reversed: 'De begindatum ligt na de einddatum. Kies een periode die eindigt op of na de dag waarop ze begint.',
  tooLong: (months: number) => `Kies een periode van hoogstens ${months} maanden.`,
  noData: 'geen gegevens',
  summary: 'Totaal over de periode',
  summaryFacts: {
    responseRate: 'Respons',
    responseRateValue: (rate: string, answered: number, sent: number) => `${rate} (${answered} van ${sent} uitnodigingen beantwoord)`,
    classified: 'Geclassificeerde reacties',
    unclassified: (count: number) => `, en ${count} nog niet geclassificeerd`,
    shares: 'Groepen',
    score: 'Ambassadeursscore',
  },
  perMonth: 'Per maand',
  perAccountManager: 'Per accountmanager',
  perDivision: 'Per divisie',
  noDivision: 'Zonder divisie',
  empty: 'Geen uitnodigingen en geen reacties in deze periode.',
  columns: {
    month: 'Maand',
    accountManager: 'Accountmanager',
    division: 'Divisie',
    sent: 'Uitnodigingen verstuurd',
    answered: 'Beantwoord',
    responseRate: 'Respons',
    classified: 'Geclassificeerd',
    score: 'Score',
  },
  captions: {
    months: 'Respons, groepen en ambassadeursscore per maand',
    accountManagers: 'Respons, groepen en ambassadeursscore per accountmanager',
    divisions: 'Respons, groepen en ambassadeursscore per divisie',
  },
  charts: {
    scorePerMonth: 'Ambassadeursscore per maand',
    scorePerMonthDescription: 'Staafdiagram van −100 tot 100; boven de nullijn meer positieve dan negatieve reacties.',
    sharesPerAccountManager: 'Groepen per accountmanager',
    sharesPerDivision: 'Groepen per divisie',
    sharesDescription: 'Gestapelde staven: het aandeel positief (+), neutraal (0) en negatief (−) van de geclassificeerde reacties, met de score erachter.',
  },
  notes:
    'Respons: beantwoorde ÷ verstuurde uitnodigingen, geteld in de maand waarin de uitnodiging is gemaakt. Groepen en score: over de geclassificeerde reacties, geteld in de maand waarin ze zijn ingevuld. Score = % positief − % negatief, van −100 tot 100; percentages zijn afgerond, de score is uit de aantallen berekend. Maanden volgen de tijdzone van het bedrijf; een accountmanager telt mee bij de divisie waar die nu bij hoort.',
};

export type StatsMessages = typeof nl;

const en: StatsMessages = {
  title: 'Statistics',
  intro: 'Response rate, groups and the ambassador score (% + minus % −) of the projects you may see.',
  filters: 'Period',
  from: 'From',
  to: 'Up to and including',
  apply: 'Show',
  period: (from: string, to: string) => `Period: ${from} up to and including ${to}.`,
  reversed: 'The start date is after the end date. Choose a period that ends on or after the day it starts.',
  tooLong: (months: number) => `Choose a period of at most ${months} months.`,
  noData: 'no data',
  summary: 'Total over the period',
  summaryFacts: {
    responseRate: 'Response rate',
    responseRateValue: (rate: string, answered: number, sent: number) => `${rate} (${answered} of ${sent} invitations answered)`,
    classified: 'Classified responses',
    unclassified: (count: number) => `, and ${count} not classified yet`,
    shares: 'Groups',
    score: 'Ambassador score',
  },
  perMonth: 'Per month',
  perAccountManager: 'Per account manager',
  perDivision: 'Per division',
  noDivision: 'No division',
  empty: 'No invitations and no responses in this period.',
  columns: {
    month: 'Month',
    accountManager: 'Account manager',
    division: 'Division',
    sent: 'Invitations sent',
    answered: 'Answered',
    responseRate: 'Response rate',
    classified: 'Classified',
    score: 'Score',
  },
  captions: {
    months: 'Response rate, groups and ambassador score per month',
    accountManagers: 'Response rate, groups and ambassador score per account manager',
    divisions: 'Response rate, groups and ambassador score per division',
  },
  charts: {
    scorePerMonth: 'Ambassador score per month',
    scorePerMonthDescription: 'Bar chart from −100 to 100; above the zero line, more positive than negative responses.',
    sharesPerAccountManager: 'Groups per account manager',
    sharesPerDivision: 'Groups per division',
    sharesDescription: 'Stacked bars: the share of positive (+), neutral (0) and negative (−) among the classified responses, followed by the score.',
  },
  notes:
    'Response rate: answered ÷ sent invitations, counted in the month the invitation was made. Groups and score: over the classified responses, counted in the month they were submitted. Score = % positive − % negative, from −100 to 100; percentages are rounded, the score is computed from the counts. Months follow the firm’s time zone; an account manager counts in their current division.',
};

/** What the statistics page says, in Dutch and in English (the viewer's language). */
export const statsMessages: Record<Locale, StatsMessages> = { nl, en };
