import type { EscalationMessage } from '@ambassador/db/escalations';
import { satisfactionLabels, yesNo } from '@ambassador/domain/labels';
import { groupSigns, type Locale } from '@ambassador/domain/vocabulary';
import { html } from '@ambassador/html/template';
import { emailDateFormat } from './dates.ts';
import { emailButton, emailDocument, factLines, factsTable, finePrint, groupColours, type RenderedEmail } from './email-layout.ts';
import { headerText } from './header-text.ts';

interface Facts {
  recipient: string;
  respondent: string;
  client: string;
  project: string;
  accountManager: string;
  answeredOn: string;
  deadline: string;
}

const messages = {
  nl: {
    subject: (f: Facts, sign: string) => `[${sign}] Geen opvolging: ${f.respondent}, ${f.client}`,
    greeting: (f: Facts) => `Hallo ${f.recipient},`,
    intro: {
      negative: (f: Facts) =>
        `${f.respondent} van ${f.client} hoort na project "${f.project}" bij de \u2212 groep: een negatieve ambassadeur. Er is nog geen opvolging vastgelegd, en de termijn liep af op ${f.deadline}.`,
      positive: (f: Facts) =>
        `${f.respondent} van ${f.client} hoort na project "${f.project}" bij de + groep: een positieve ambassadeur. Er is nog geen opvolging vastgelegd, en de termijn liep af op ${f.deadline}.`,
    },
    labels: {
      respondent: 'Wie',
      client: 'Klant',
      project: 'Project',
      accountManager: 'Accountmanager',
      satisfaction: 'Tevredenheid',
      motivation: 'Motivatie',
      wouldRecommend: 'Beveelt ons aan',
      wantsMoreServices: 'Wil meer van onze diensten',
      submittedAt: 'Ingevuld op',
    },
    noMotivation: '(geen motivatie gegeven)',
    nextStepTitle: 'Wat nu',
    nextStep: {
      negative: (f: Facts) =>
        `Vraag ${f.accountManager} wat er gebeurt, of bel ${f.respondent} zelf. Leg de opvolging vast bij de reactie; dan weet iedereen dat het loopt.`,
      positive: (f: Facts) =>
        `Vraag ${f.accountManager} om ${f.respondent} te bedanken en om een introductie of referentie te vragen, of doe het zelf. Leg de opvolging vast bij de reactie.`,
    },
    link: 'Bekijk de reactie en leg de opvolging vast',
    why: (f: Facts) =>
      `Je ontvangt dit bericht één keer, als leidinggevende van ${f.accountManager}, de accountmanager van dit project.`,
    footer: 'Dit bericht is automatisch verstuurd door Ambassador.',
  },
  en: {
    subject: (f: Facts, sign: string) => `[${sign}] No follow-up: ${f.respondent}, ${f.client}`,
    greeting: (f: Facts) => `Hello ${f.recipient},`,
    intro: {
      negative: (f: Facts) =>
        `After project "${f.project}", ${f.respondent} of ${f.client} is in the \u2212 group: a negative ambassador. No follow-up has been recorded yet, and the deadline passed on ${f.deadline}.`,
      positive: (f: Facts) =>
        `After project "${f.project}", ${f.respondent} of ${f.client} is in the + group: a positive ambassador. No follow-up has been recorded yet, and the deadline passed on ${f.deadline}.`,
    },
    labels: {
      respondent: 'Who',
      client: 'Client',
      project: 'Project',
      accountManager: 'Account manager',
      satisfaction: 'Satisfaction',
      motivation: 'Motivation',
      wouldRecommend: 'Would recommend us',
      wantsMoreServices: 'Wants more of our services',
      submittedAt: 'Answered on',
    },
    noMotivation: '(no motivation given)',
    nextStepTitle: 'What now',
    nextStep: {
      negative: (f: Facts) =>
        `Ask ${f.accountManager} what is happening, or call ${f.respondent} yourself. Record the follow-up with the response, so that everyone knows it is in hand.`,
      positive: (f: Facts) =>
        `Ask ${f.accountManager} to thank ${f.respondent} and to ask for an introduction or a reference, or do it yourself. Record the follow-up with the response.`,
    },
    link: 'Read the response and record the follow-up',
    why: (f: Facts) => `You receive this message once, as the manager of ${f.accountManager}, the account manager of this project.`,
    footer: 'This message was sent automatically by Ambassador.',
  },
} satisfies Record<Locale, unknown>;


/**
 * The escalation to the account manager's manager: which + or − response has had no
 * follow-up step within its deadline, what the client said, and what to do about it. In
 * the manager's language; user text escaped in HTML and kept to one line in the subject.
 */
export function renderEscalationEmail(
  delivery: EscalationMessage,
  { responseUrl, timeZone }: { responseUrl: string; timeZone: string },
): RenderedEmail {
  const { response } = delivery;
  const { group } = response;
  const locale = delivery.recipient.locale;
  const m = messages[locale];
  const dates = emailDateFormat(locale, timeZone, { withTime: true });
  const facts: Facts = {
    recipient: delivery.recipient.name,
    respondent: response.respondentName,
    client: delivery.client.name,
    project: delivery.project.name,
    accountManager: delivery.accountManager.name,
    answeredOn: dates.format(response.submittedAt),
    deadline: dates.format(delivery.dueAt),
  };
  const subject = m.subject({ ...facts, respondent: headerText(facts.respondent, 60), client: headerText(facts.client, 60) }, groupSigns[group]);
  const intro = m.intro[group](facts);
  const nextStep = m.nextStep[group](facts);
  const rows: [string, string][] = [
    [m.labels.respondent, `${response.respondentName} <${response.respondentEmail}>`],
    [m.labels.client, delivery.client.name],
    [m.labels.project, delivery.project.name],
    [m.labels.accountManager, delivery.accountManager.name],
    [m.labels.satisfaction, satisfactionLabels[locale][response.satisfaction]],
    [m.labels.motivation, response.motivation ?? m.noMotivation],
    [m.labels.wouldRecommend, yesNo(locale, response.wouldRecommend)],
    [m.labels.wantsMoreServices, yesNo(locale, response.wantsMoreServices)],
    [m.labels.submittedAt, facts.answeredOn],
  ];

  const text = [
    m.greeting(facts),
    '',
    intro,
    '',
    ...factLines(rows),
    '',
    `${m.nextStepTitle}: ${nextStep}`,
    '',
    `${m.link}: ${responseUrl}`,
    '',
    m.why(facts),
    '',
    '-- ',
    m.footer,
    '',
  ].join('\n');

  const colour = groupColours[group];
  const body = emailDocument({
    locale,
    title: subject,
    band: colour,
    body: html`<p style="margin:0 0 16px;"><span style="display:inline-block;padding:4px 10px;border-radius:4px;background:${colour};color:#ffffff;font-weight:bold;">${groupSigns[group]}</span></p>
<p>${m.greeting(facts)}</p>
<p>${intro}</p>
${factsTable(rows)}
<p style="padding:12px;border-left:4px solid ${colour};background:#f6f8fa;"><strong>${m.nextStepTitle}:</strong> ${nextStep}</p>
<p style="margin:20px 0;">${emailButton(responseUrl, m.link, colour)}</p>
<p style="color:#57606a;">${m.why(facts)}</p>
${finePrint(m.footer)}`,
  });
  return { subject, text, html: body };
}
