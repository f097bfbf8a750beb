import type { InvitationMessage } from '@ambassador/db/invitations';
import { satisfactionLabels } from '@ambassador/domain/labels';
import { type Locale, type Satisfaction, satisfactions } from '@ambassador/domain/vocabulary';
import { html } from '@ambassador/html/template';
import { emailDateFormat } from './dates.ts';
import { emailButtonRow, emailDocument, type RenderedEmail } from './email-layout.ts';
import { headerText } from './header-text.ts';

/** The invitation itself, or its one reminder. */
export type InvitationMessageKind = 'invitation' | 'reminder';

interface Facts {
  contact: string;
  project: string;
  accountManager: string;
  brand: string;
  validUntil: string;
}

const messages = {
  nl: {
    subject: { invitation: (f: Facts) => `Uw mening over ${f.project}: één minuut`, reminder: (f: Facts) => `Herinnering: uw mening over ${f.project}` },
    greeting: (f: Facts) => `Beste ${f.contact},`,
    intro: {
      invitation: (f: Facts) =>
        `Het project ${f.project} is afgerond. ${f.accountManager} van ${f.brand} hoort graag hoe u het heeft ervaren.`,
      reminder: (f: Facts) =>
        `Onlangs vroegen we uw mening over het project ${f.project}. Misschien is het erbij ingeschoten; daarom nog één keer.`,
    },
    oneMinute: 'Het zijn vier korte vragen: invullen kost minder dan een minuut.',
    firstQuestion: 'Hoe tevreden bent u over onze dienstverlening?',
    answerHere: 'Kies hier uw antwoord; op de pagina die opent vult u de rest in.',
    otherwise: 'Of open de vragenlijst',
    validity: (f: Facts) => `De link is persoonlijk en geldig tot ${f.validUntil}.`,
    closing: 'Met vriendelijke groet,',
  },
  en: {
    subject: { invitation: (f: Facts) => `Your view of ${f.project}: one minute`, reminder: (f: Facts) => `Reminder: your view of ${f.project}` },
    greeting: (f: Facts) => `Dear ${f.contact},`,
    intro: {
      invitation: (f: Facts) =>
        `The project ${f.project} has been completed. ${f.accountManager} of ${f.brand} would like to hear how you experienced it.`,
      reminder: (f: Facts) =>
        `Recently we asked for your view of the project ${f.project}. Perhaps it slipped through; so once more.`,
    },
    oneMinute: 'There are four short questions: answering takes less than a minute.',
    firstQuestion: 'How satisfied are you with our services?',
    answerHere: 'Choose your answer here; you fill in the rest on the page that opens.',
    otherwise: 'Or open the questionnaire',
    validity: (f: Facts) => `The link is personal and valid until ${f.validUntil}.`,
    closing: 'Kind regards,',
  },
} satisfies Record<Locale, unknown>;

function capitalised(label: string): string {
  return `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
}

/**
 * The invitation (or its one reminder) to the client contact, in the contact's language:
 * who asks, about which project, that it takes a minute, and the personal link. The first
 * question is in the e-mail itself: one button (and, in the text part, one link) per answer,
 * opening the form with that answer chosen; the client sends the rest from there.
 */
export function renderInvitationEmail(
  delivery: InvitationMessage,
  kind: InvitationMessageKind,
  {
    link,
    answerLinks,
    brandName,
    brandColor,
    timeZone,
  }: { link: string; answerLinks: Record<Satisfaction, string>; brandName: string; brandColor: string; timeZone: string },
): RenderedEmail {
  const locale = delivery.contact.locale;
  const m = messages[locale];
  const facts: Facts = {
    contact: delivery.contact.name,
    project: delivery.project.name,
    accountManager: delivery.accountManager.name,
    brand: brandName,
    validUntil: emailDateFormat(locale, timeZone, { withTime: false }).format(delivery.expiresAt),
  };
  const subject = m.subject[kind]({ ...facts, project: headerText(facts.project, 80) });
  const answers = satisfactions.map((value) => ({ label: capitalised(satisfactionLabels[locale][value]), href: answerLinks[value] }));
  const text = [
    m.greeting(facts),
    '',
    m.intro[kind](facts),
    m.oneMinute,
    '',
    m.firstQuestion,
    m.answerHere,
    '',
    ...answers.map(({ label, href }) => `${label}: ${href}`),
    '',
    `${m.otherwise}: ${link}`,
    '',
    m.validity(facts),
    '',
    m.closing,
    facts.accountManager,
    brandName,
    '',
  ].join('\n');
  const body = emailDocument({
    locale,
    title: subject,
    band: brandColor,
    body: html`<p style="font-weight:bold;">${brandName}</p>
<p>${m.greeting(facts)}</p>
<p>${m.intro[kind](facts)}</p>
<p>${m.oneMinute}</p>
<p style="margin:28px 0 4px;font-size:18px;font-weight:bold;">${m.firstQuestion}</p>
<p style="margin:0;">${m.answerHere}</p>
${emailButtonRow(answers, brandColor)}
<p style="color:#57606a;font-size:13px;">${m.validity(facts)} ${m.otherwise}:<br><a href="${link}" style="color:#57606a;word-break:break-all;">${link}</a></p>
<p>${m.closing}<br>${facts.accountManager}<br>${brandName}</p>`,
  });
  return { subject, text, html: body };
}
