import type { ImportKind } from '@ambassador/db/imports';
import type { Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import { type ImportPlan, importColumns, type Refusal, type RowPlan } from '../import/plan.ts';
import { dataTable, errorSummary } from './forms.ts';
import { importMessages } from './import-messages.ts';
import { peopleMessages } from './people-messages.ts';
import { projectsMessages } from './projects-messages.ts';

/** Rows the preview lists at most (refused first); the counts above it cover them all. */
export const PREVIEW_ROWS = 2000;

export interface ImportPageOptions {
  csrfToken: string;
  kind?: ImportKind | undefined;
  /** What is wrong with the file or the form, by field (`kind`, `file`). */
  errors?: { kind?: string | undefined; file?: string | undefined };
  notice?: string | undefined;
}

export function importPage(locale: Locale, { csrfToken, kind, errors = {}, notice }: ImportPageOptions): SafeHtml {
  const m = importMessages[locale];
  const kinds: ImportKind[] = ['employees', 'projects'];
  return html`<h1>${m.title}</h1>
<p class="lead">${m.intro}</p>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${errorSummary(m.errorSummary, { 'kind-employees': errors.kind, file: errors.file })}
<div class="panel">
<form method="post" action="/import" enctype="multipart/form-data" novalidate>
<input type="hidden" name="_csrf" value="${csrfToken}">
<fieldset${errors.kind ? html` aria-describedby="kind-error"` : ''}>
<legend>${m.kind}</legend>
${kinds.map(
  (value) =>
    html`<p class="check"><input type="radio" id="kind-${value}" name="kind" value="${value}"${kind === value ? html` checked` : ''}><label for="kind-${value}">${m.kinds[value]}</label></p>`,
)}
${errors.kind ? html`<p class="error" id="kind-error">${errors.kind}</p>` : ''}
</fieldset>
<div class="field"><label for="file">${m.file}</label><p class="hint" id="file-hint">${m.fileHint}</p>
<input id="file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="file-hint${errors.file ? ' file-error' : ''}"${
    errors.file ? html` aria-invalid="true"` : ''
  }>${errors.file ? html`<p class="error" id="file-error">${errors.file}</p>` : ''}</div>
<p><button class="primary" type="submit">${m.upload}</button></p>
</form>
</div>
<h2>${m.templates}</h2>
<p>${m.templatesIntro}</p>
<ul>${kinds.map((value) => html`<li><a href="/import/templates/${value}.csv" download>${m.template[value]}</a>: <code>${importColumns[value].join(';')}</code></li>`)}</ul>`;
}

/** What the forms say about a value the API's schema refuses, by column; the schema's own words otherwise. */
function invalidValue(locale: Locale, kind: ImportKind, column: string, message: string): string {
  const idRule = peopleMessages[locale].errors.id;
  const forms: Record<string, string> = kind === 'employees' ? peopleMessages[locale].errors : { ...projectsMessages[locale].errors, id: idRule, clientId: idRule, accountManagerId: idRule };
  return forms[column] ?? message;
}

function refusalText(locale: Locale, kind: ImportKind, refusal: Refusal): string {
  const m = importMessages[locale].refusals;
  switch (refusal.reason) {
    case 'invalid':
      return m.invalid(refusal.column, invalidValue(locale, kind, refusal.column, refusal.message));
    case 'duplicate_id':
    case 'duplicate_email':
      return m[refusal.reason](refusal.line);
    case 'email_taken':
      return m.email_taken(refusal.otherId);
    case 'unknown_manager':
    case 'deactivated_manager':
    case 'unknown_account_manager':
    case 'deactivated_account_manager':
      return m[refusal.reason](refusal.id);
    case 'circular_manager':
      return m.circular_manager();
  }
}

export function previewPage(
  locale: Locale,
  plan: ImportPlan<unknown>,
  { csrfToken, importId, fileName, kind }: { csrfToken: string; importId: string; fileName: string; kind: ImportKind },
): SafeHtml {
  const m = importMessages[locale];
  const order = { refused: 0, create: 1, change: 2, unchanged: 3 } as const;
  const shown = [...plan.rows].sort((a, b) => order[a.action] - order[b.action] || a.line - b.line).slice(0, PREVIEW_ROWS);
  const detail = (row: RowPlan<unknown>) =>
    row.action === 'refused'
      ? html`<ul class="reasons">${row.refusals.map((refusal) => html`<li>${refusalText(locale, kind, refusal)}</li>`)}</ul>`
      : row.action === 'change'
        ? m.changed(row.changes.join(', '))
        : '';
  const rows = shown.map(
    (row) => html`<tr class="${row.action}"><td>${row.line}</td><td>${row.id}</td><td>${row.name}</td><td><span class="action ${row.action}">${m.actions[row.action]}</span></td><td>${detail(row)}</td></tr>`,
  );
  const toWrite = plan.counts.create + plan.counts.change;
  const { counts } = plan;
  return html`<h1>${m.previewTitle(fileName)}</h1>
<p class="lead">${m.previewIntro}</p>
<ul class="counts">${(['create', 'change', 'unchanged', 'refused'] as const).map((action) => html`<li><strong>${counts[action]}</strong> ${m.counts[action]}</li>`)}</ul>
<div class="actions">
${
  toWrite > 0
    ? html`<form method="post" action="/import/${importId}/apply"><input type="hidden" name="_csrf" value="${csrfToken}"><button class="primary" type="submit">${m.confirm(toWrite)}</button></form>`
    : html`<p>${m.nothingToDo}</p>`
}
<a href="/import">${m.again}</a>
</div>
${dataTable(m.caption(shown.length, plan.rows.length), [m.columns.line, m.columns.id, m.columns.name, m.columns.action, m.columns.detail], rows, '')}`;
}
