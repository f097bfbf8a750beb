import type { Locale } from '@ambassador/domain/vocabulary';
import { html } from '@ambassador/html/template';
import type { RenderedEmail } from './alert-email.ts';

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
  const body = html`<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${m.subject}</title></head>
<body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;color:#1f2328;">
<p>${m.greeting(name)}</p>
<p>${m.body}</p>
<p><a href="${link}" style="display:inline-block;padding:12px 20px;background:#1f5fad;color:#ffffff;font-weight:bold;text-decoration:none;border-radius:6px;">${m.button}</a></p>
<p style="color:#57606a;font-size:13px;">${m.ignore}</p>
</body>
</html>
`;
  return { subject: m.subject, text, html: body.markup };
}
