import type { InvitationMessage } from '@ambassador/db/invitations';
import type { Locale } from '@ambassador/domain/vocabulary';
import { html } from '@ambassador/html/template';
import { emailDateFormat } from './dates.ts';
import { emailButton, emailDocument, type RenderedEmail } from './email-layout.ts';
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
    button: 'Geef uw mening',
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
    button: 'Give your view',
    validity: (f: Facts) => `The link is personal and valid until ${f.validUntil}.`,
    closing: 'Kind regards,',
  },
} satisfies Record<Locale, unknown>;

/**
 * The invitation (or its one reminder) to the client contact, in the contact's language:
 * who asks, about which project, that it takes a minute, and the personal link.
 */
export function renderInvitationEmail(
  delivery: InvitationMessage,
  kind: InvitationMessageKind,
  { link, brandName, brandColor, timeZone }: { link: string; brandName: string; brandColor: string; timeZone: string },
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
  const text = [
    m.greeting(facts),
    '',
    m.intro[kind](facts),
    m.oneMinute,
    '',
    `${m.button}: ${link}`,
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
<p style="margin:28px 0;">${emailButton(link, m.button, brandColor)}</p>
<p style="color:#57606a;font-size:13px;">${m.validity(facts)}<br><a href="${link}" style="color:#57606a;word-break:break-all;">${link}</a></p>
<p>${m.closing}<br>${facts.accountManager}<br>${brandName}</p>`,
  });
  return { subject, text, html: body };
}
