import { html, type SafeHtml } from '@ambassador/html/template';

/**
 * The pieces of the management module's forms: a labelled field with its hint and error, and
 * the error summary at the top of a page that came back with 422 (each error linked to its
 * field), as the settings page has them.
 */

export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

interface FieldOptions {
  hint?: string | undefined;
  error?: string | undefined;
  /** `type`, `autocomplete`, `inputmode`, `required`: attributes of the input itself. */
  type?: string;
  autocomplete?: string;
  required?: boolean;
}

function describedBy(name: string, { hint, error }: FieldOptions): SafeHtml | '' {
  const ids = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
}

function hintAndError(name: string, { hint, error }: FieldOptions): { hint: SafeHtml | ''; error: SafeHtml | '' } {
  return {
    hint: hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : '',
    error: error ? html`<p class="error" id="${name}-error">${error}</p>` : '',
  };
}

export function textField(name: string, label: string, value: string, options: FieldOptions = {}): SafeHtml {
  const { hint, error } = hintAndError(name, options);
  return html`<div class="field"><label for="${name}">${label}</label>${hint}
<input id="${name}" name="${name}" type="${options.type ?? 'text'}" value="${value}"${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${
    options.required ? html` required` : ''
  }${describedBy(name, options)}${options.error ? html` aria-invalid="true"` : ''}>${error}</div>`;
}

export interface Choice {
  value: string;
  label: string;
}

export function selectField(name: string, label: string, value: string, choices: readonly Choice[], options: FieldOptions = {}): SafeHtml {
  const { hint, error } = hintAndError(name, options);
  return html`<div class="field"><label for="${name}">${label}</label>${hint}
<select id="${name}" name="${name}"${describedBy(name, options)}${options.error ? html` aria-invalid="true"` : ''}>${choices.map(
    (choice) => html`<option value="${choice.value}"${choice.value === value ? html` selected` : ''}>${choice.label}</option>`,
  )}</select>${error}</div>`;
}

export function checkboxField(name: string, value: string, label: string, checked: boolean): SafeHtml {
  return html`<p class="check"><input type="checkbox" id="${name}-${value}" name="${name}" value="${value}"${checked ? html` checked` : ''}><label for="${name}-${value}">${label}</label></p>`;
}

/** The list of what to correct, each linked to its field; nothing when there are no errors. */
export function errorSummary(title: string, errors: Readonly<Record<string, string | undefined>>): SafeHtml | '' {
  const listed = Object.entries(errors).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (listed.length === 0) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1"><h2>${title}</h2><ul>${listed.map(
    ([field, message]) => html`<li><a href="#${field}">${message}</a></li>`,
  )}</ul></div>`;
}

/** The fields of a posted form as strings: a field sent several times (ticked checkboxes) as its values joined. */
export function postedFields(body: unknown): { text: (name: string) => string; all: (name: string) => string[] } {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const all = (name: string) => [fields[name]].flat().filter((value): value is string => typeof value === 'string');
  return { text: (name) => all(name)[0] ?? '', all };
}

/** A list page's search box (GET, so the address keeps the search): `q`. */
export function searchForm(action: string, label: string, button: string, value: string): SafeHtml {
  return html`<form class="filters" method="get" action="${action}" role="search">
<div><label for="q">${label}</label><input id="q" name="q" type="search" value="${value}" size="32"></div>
<div><button class="primary" type="submit">${button}</button></div>
</form>`;
}

/** A table of rows in its scrolling frame, with a caption, column headers and a line for when it is empty. */
export function dataTable(caption: string, columns: readonly string[], rows: readonly SafeHtml[], empty: string): SafeHtml {
  return html`<div class="table-wrap">
<table>
<caption>${caption}</caption>
<thead><tr>${columns.map((column) => html`<th scope="col">${column}</th>`)}</tr></thead>
<tbody>
${rows.length > 0 ? rows : html`<tr><td colspan="${columns.length}" class="muted">${empty}</td></tr>`}
</tbody>
</table>
</div>`;
}
