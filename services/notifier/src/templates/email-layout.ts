import type { Group, Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';

/** An e-mail as every message kind renders it: one subject line, a text part and an HTML part. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The colour of a + and a − in e-mails (both meet 4.5:1 with white text). */
export const groupColours: Record<Exclude<Group, 'neutral'>, string> = { positive: '#1a7f37', negative: '#b42318' };

/**
 * The one HTML skeleton of every e-mail: inline styles only (mail clients drop style sheets),
 * a white column on a grey background, an optional coloured band on top.
 */
export function emailDocument({ locale, title, band, body }: { locale: Locale; title: string; band?: string; body: SafeHtml }): string {
  return html`<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2328;">
<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;${band ? html`border-top:6px solid ${band};` : ''}">
${body}
</div>
</body>
</html>
`.markup;
}

/** A link that looks like a button. */
export function emailButton(href: string, label: string, colour: string): SafeHtml {
  return html`<a href="${href}" style="display:inline-block;padding:12px 20px;background:${colour};color:#ffffff;font-weight:bold;text-decoration:none;border-radius:6px;">${label}</a>`;
}

/**
 * Large buttons side by side that every mail client draws, Outlook for Windows included (it
 * renders with Word: no padding or display on links, no border-radius, no flex): a table of
 * cells with a background colour, the link filling each through a border of the same colour,
 * so the whole button is clickable there too.
 */
export function emailButtonRow(buttons: readonly { href: string; label: string }[], colour: string): SafeHtml {
  const width = Math.floor(100 / Math.max(1, buttons.length));
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:separate;border-spacing:6px 0;margin:16px 0 24px;">
<tr>
${buttons.map(
  ({ href, label }) =>
    html`<td width="${String(width)}%" align="center" valign="middle" bgcolor="${colour}" style="background:${colour};border-radius:6px;"><a href="${href}" style="display:block;border:14px solid ${colour};border-left-width:6px;border-right-width:6px;background:${colour};border-radius:6px;color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:20px;font-weight:bold;text-align:center;text-decoration:none;">${label}</a></td>
`,
)}</tr>
</table>`;
}

/** Labelled facts (who, client, project, …) as a table in HTML. */
export function factsTable(rows: readonly (readonly [string, string])[]): SafeHtml {
  return html`<table role="presentation" style="border-collapse:collapse;width:100%;margin:16px 0;">
${rows.map(
  ([label, value]) =>
    html`<tr><th scope="row" style="text-align:left;vertical-align:top;padding:6px 12px 6px 0;white-space:nowrap;">${label}</th><td style="padding:6px 0;white-space:pre-wrap;">${value}</td></tr>
`,
)}</table>`;
}

/** The same facts as lines of the text part. */
export function factLines(rows: readonly (readonly [string, string])[]): string[] {
  return rows.map(([label, value]) => `${label}: ${value}`);
}

/** The small grey print under a message. */
export function finePrint(text: string | SafeHtml, size = 12): SafeHtml {
  return html`<p style="color:#57606a;font-size:${size}px;">${text}</p>`;
}
