/**
 * HTML templates where every interpolated value is escaped unless it is already
 * `SafeHtml`. Markup from elsewhere must be asked for by name with `trustedHtml`.
 *
 *   html`<p>${userText}</p>`            // escaped
 *   html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`  // nested templates stay markup
 */

export class SafeHtml {
  readonly markup: string;
  constructor(markup: string) {
    this.markup = markup;
  }
  toString(): string {
    return this.markup;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/gu, (character) => ESCAPES[character] ?? character);
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(markup);
}

/** Markup that is trusted as is, such as an inline SVG built by our own code. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  // `false`, `null` and `undefined` render as nothing so that `${cond && html`...`}` reads well.
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}
