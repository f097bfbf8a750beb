import type { Locale } from '@ambassador/domain/vocabulary';
import { html } from '@ambassador/html/template';
import { emailButton, emailDocument, finePrint, type RenderedEmail } from './email-layout.ts';

const messages = {
  nl: {
    subject: 'Je inloglink voor Ambassador',
    greeting: (name: string | null) => (name ? `Hallo ${name},` : 'Hallo,'),
    body: 'Deze link opent een pagina waarop je met de knop "Inloggen" inlogt op de ambassadeursmodule. De link werkt één keer en is 15 minuten geldig.',
    button: 'Inloggen',
    ignore: 'Heb je niet om deze link gevraagd? Dan kun je dit bericht negeren.',
  },
  en: {
    subject: 'Your Ambassador login link',
    greeting: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
    body: 'This link opens a page where the "Sign in" button signs you in to the ambassador module. It works once and is valid for 15 minutes.',
    button: 'Sign in',
    ignore: 'Did not ask for this link? Then you can ignore this message.',
  },
} satisfies Record<Locale, unknown>;

export function renderLoginEmail({ name, locale, link }: { name: string | null; locale: Locale; link: string }): RenderedEmail {
  const m = messages[locale];
  const text = [m.greeting(name), '', m.body, '', `${m.button}: ${link}`, '', m.ignore, ''].join('\n');
  const body = emailDocument({
    locale,
    title: m.subject,
    body: html`<p>${m.greeting(name)}</p>
<p>${m.body}</p>
<p>${emailButton(link, m.button, '#1f5fad')}</p>
${finePrint(m.ignore, 13)}`,
  });
  return { subject: m.subject, text, html: body };
}
