import type { AlertMessage } from '@ambassador/db/alerts';
import { isHotLead } from '@ambassador/domain/classification';
import { satisfactionLabels, yesNo } from '@ambassador/domain/labels';
import { type Group, groupSigns, type Locale } from '@ambassador/domain/vocabulary';
import { html } from '@ambassador/html/template';
import { emailDateFormat } from './dates.ts';
import { emailButton, emailDocument, factLines, factsTable, finePrint, groupColours, type RenderedEmail } from './email-layout.ts';
import { headerText } from './header-text.ts';

export interface AlertLinks {
  /** Where the recipient reads the whole response (the management module). */
  responseUrl: string;
  /** Opens a page whose one button records "in progress" on the response, without logging in. */
  acknowledgeUrl: string;
  /** The firm's time zone, for the date of the answer. */
  timeZone: string;
}

type AlertGroup = Exclude<Group, 'neutral'>;

interface Facts {
  respondent: string;
  client: string;
  project: string;
  accountManager: string;
}

const messages = {
  nl: {
    subject: {
      positive: (f: Facts, hot: boolean) =>
        `[+] ${hot ? 'Hot lead' : 'Positieve ambassadeur'}: ${f.respondent}, ${f.client}`,
      negative: (f: Facts) => `[\u2212] Negatieve ambassadeur: ${f.respondent}, ${f.client}. Bel binnen één werkdag`,
    },
    greeting: (name: string) => `Hallo ${name},`,
    intro: {
      positive: (f: Facts) =>
        `${f.respondent} van ${f.client} heeft de vragenlijst over project "${f.project}" ingevuld en hoort bij de + groep: een positieve ambassadeur.`,
      negative: (f: Facts) =>
        `${f.respondent} van ${f.client} heeft de vragenlijst over project "${f.project}" ingevuld en hoort bij de \u2212 groep: een negatieve ambassadeur.`,
    },
    hotLead: 'Hot lead: wil meer van onze diensten.',
    labels: {
      respondent: 'Wie',
      client: 'Klant',
      project: 'Project',
      satisfaction: 'Tevredenheid',
      motivation: 'Motivatie',
      wouldRecommend: 'Beveelt ons aan',
      wantsMoreServices: 'Wil meer van onze diensten',
      submittedAt: 'Ingevuld op',
    },
    noMotivation: '(geen motivatie gegeven)',
    nextStepTitle: 'Volgende stap',
    nextStep: {
      positive: (f: Facts, hot: boolean) =>
        `Bedank ${f.respondent} persoonlijk en vraag om een introductie in het netwerk of om een referentiecase.` +
        (hot ? ' Bespreek ook welke diensten interessant zijn: deze klant wil meer.' : ''),
      negative: (f: Facts) =>
        `Bel ${f.respondent} binnen één werkdag. Luister naar wat er misging en spreek af hoe het wordt hersteld.`,
    },
    link: 'Bekijk de reactie',
    acknowledge: 'Ik pak dit op',
    acknowledgeHint: 'De link opent een pagina waarop je met één knop de opvolging op "in behandeling" zet; je hoeft niet in te loggen.',
    managerNote: (f: Facts) => `Je ontvangt dit bericht als leidinggevende van ${f.accountManager}, de accountmanager van dit project.`,
    footer: 'Dit bericht is automatisch verstuurd door Ambassador.',
  },
  en: {
    subject: {
      positive: (f: Facts, hot: boolean) => `[+] ${hot ? 'Hot lead' : 'Positive ambassador'}: ${f.respondent}, ${f.client}`,
      negative: (f: Facts) => `[\u2212] Negative ambassador: ${f.respondent}, ${f.client}. Call within one working day`,
    },
    greeting: (name: string) => `Hello ${name},`,
    intro: {
      positive: (f: Facts) =>
        `${f.respondent} of ${f.client} answered the questionnaire about project "${f.project}" and is in the + group: a positive ambassador.`,
      negative: (f: Facts) =>
        `${f.respondent} of ${f.client} answered the questionnaire about project "${f.project}" and is in the \u2212 group: a negative ambassador.`,
    },
    hotLead: 'Hot lead: wants more of our services.',
    labels: {
      respondent: 'Who',
      client: 'Client',
      project: 'Project',
      satisfaction: 'Satisfaction',
      motivation: 'Motivation',
      wouldRecommend: 'Would recommend us',
      wantsMoreServices: 'Wants more of our services',
      submittedAt: 'Answered on',
    },
    noMotivation: '(no motivation given)',
    nextStepTitle: 'Next step',
    nextStep: {
      positive: (f: Facts, hot: boolean) =>
        `Thank ${f.respondent} personally and ask for an introduction to their network or for a reference case.` +
        (hot ? ' Also discuss which of our services they are interested in: this client wants more.' : ''),
      negative: (f: Facts) =>
        `Call ${f.respondent} within one working day. Listen to what went wrong and agree how it will be put right.`,
    },
    link: 'Read the response',
    acknowledge: 'I am on it',
    acknowledgeHint: 'The link opens a page where one button sets the follow-up to "in progress"; no login needed.',
    managerNote: (f: Facts) => `You receive this as the manager of ${f.accountManager}, the account manager of this project.`,
    footer: 'This message was sent automatically by Ambassador.',
  },
} satisfies Record<Locale, unknown>;


/**
 * The alert e-mail to one recipient about one + or − response, in the recipient's
 * language and the firm's time zone: who answered, about what, what they said, and what to
 * do next. Every user-supplied string is escaped in the HTML part and kept to one clean line
 * in the subject.
 */
export function renderAlertEmail(delivery: AlertMessage, links: AlertLinks): RenderedEmail {
  const { response } = delivery;
  if (response.group !== 'positive' && response.group !== 'negative') {
    throw new Error(`alert ${delivery.id} is for a response without a + or \u2212 group`);
  }
  const group: AlertGroup = response.group;
  const locale = delivery.recipient.locale;
  const m = messages[locale];
  const hot = isHotLead(group, response.wantsMoreServices);
  const facts: Facts = {
    respondent: response.respondentName,
    client: delivery.client.name,
    project: delivery.project.name,
    accountManager: delivery.accountManager.name,
  };
  const subjectFacts: Facts = {
    respondent: headerText(facts.respondent, 60),
    client: headerText(facts.client, 60),
    project: facts.project,
    accountManager: facts.accountManager,
  };
  const subject = group === 'positive' ? m.subject.positive(subjectFacts, hot) : m.subject.negative(subjectFacts);
  const intro = group === 'positive' ? m.intro.positive(facts) : m.intro.negative(facts);
  const nextStep = group === 'positive' ? m.nextStep.positive(facts, hot) : m.nextStep.negative(facts);
  const managerNote = delivery.role === 'manager' ? m.managerNote(facts) : undefined;

  const rows: [string, string][] = [
    [m.labels.respondent, `${response.respondentName} <${response.respondentEmail}>`],
    [m.labels.client, delivery.client.name],
    [m.labels.project, delivery.project.name],
    [m.labels.satisfaction, satisfactionLabels[locale][response.satisfaction]],
    [m.labels.motivation, response.motivation ?? m.noMotivation],
    [m.labels.wouldRecommend, yesNo(locale, response.wouldRecommend)],
    [m.labels.wantsMoreServices, yesNo(locale, response.wantsMoreServices)],
    [m.labels.submittedAt, emailDateFormat(locale, links.timeZone, { withTime: true }).format(response.submittedAt)],
  ];

  const text = [
    m.greeting(delivery.recipient.name),
    '',
    intro,
    ...(hot ? ['', `*** ${m.hotLead} ***`] : []),
    '',
    ...factLines(rows),
    '',
    `${m.nextStepTitle}: ${nextStep}`,
    '',
    `${m.acknowledge}: ${links.acknowledgeUrl}`,
    `(${m.acknowledgeHint})`,
    '',
    `${m.link}: ${links.responseUrl}`,
    ...(managerNote ? ['', managerNote] : []),
    '',
    '-- ',
    m.footer,
    '',
  ].join('\n');

  const colour = groupColours[group];
  const body = emailDocument({
    locale,
    title: subject,
    body: html`<p style="margin:0 0 16px;"><span style="display:inline-block;padding:4px 10px;border-radius:4px;background:${colour};color:#ffffff;font-weight:bold;">${groupSigns[group]}</span>${hot ? html` <strong style="color:${colour};">${m.hotLead}</strong>` : ''}</p>
<p>${m.greeting(delivery.recipient.name)}</p>
<p>${intro}</p>
${factsTable(rows)}
<p style="padding:12px;border-left:4px solid ${colour};background:#f6f8fa;"><strong>${m.nextStepTitle}:</strong> ${nextStep}</p>
<p style="margin:20px 0;">${emailButton(links.acknowledgeUrl, m.acknowledge, colour)} &nbsp; <a href="${links.responseUrl}" style="color:#0b57d0;">${m.link}</a></p>
${finePrint(m.acknowledgeHint)}
${managerNote ? html`<p style="color:#57606a;">${managerNote}</p>` : ''}
${finePrint(m.footer)}`,
  });
  return { subject, text, html: body };
}
