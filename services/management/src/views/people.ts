import type { OrgChartNode, PersonOption, PersonRow } from '@ambassador/db/people';
import { locales, type Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import { checkboxField, dataTable, errorSummary, type FieldErrors, searchForm, selectField, textField } from './forms.ts';
import { peopleMessages } from './people-messages.ts';

export type PersonField = 'id' | 'name' | 'email' | 'managerId' | 'division' | 'locale' | 'phone' | 'alertChannels';

/** What the person form shows: what is stored, or what was typed when it came back with errors. */
export interface PersonForm {
  id: string;
  name: string;
  email: string;
  managerId: string;
  division: string;
  locale: string;
  phone: string;
  sms: boolean;
}

export const emptyPersonForm: PersonForm = { id: '', name: '', email: '', managerId: '', division: '', locale: 'nl', phone: '', sms: false };

export function peopleListPage(locale: Locale, people: readonly PersonRow[], search: string): SafeHtml {
  const m = peopleMessages[locale];
  const row = (person: PersonRow) => html`<tr>
<td><a href="/people/${encodeURIComponent(person.id)}/edit">${person.name}</a><br><span class="muted">${person.id}</span></td>
<td>${person.email}</td>
<td>${person.managerName ?? ''}</td>
<td>${person.division ?? ''}</td>
<td>${person.projects}</td>
<td>${person.active ? m.active : html`<strong>${m.inactive}</strong>`}</td>
</tr>`;
  return html`<h1>${m.title}</h1>
<p class="lead">${m.intro}</p>
<p class="actions"><a class="primary" href="/people/new">${m.add}</a> <a href="/people/chart">${m.chart}</a> <a href="/import">${m.importLink}</a></p>
${searchForm('/people', m.search, m.searchButton, search)}
${dataTable(m.caption(people.length), [m.columns.name, m.columns.email, m.columns.manager, m.columns.division, m.columns.projects, m.columns.state], people.map(row), m.empty)}`;
}

export interface PersonPageOptions {
  csrfToken: string;
  /** The person being edited; undefined on the page that adds one. */
  editing?: { id: string; active: boolean; deactivatedSince: string | null } | undefined;
  managers: readonly PersonOption[];
  errors?: FieldErrors<PersonField | 'successorId'>;
  notice?: string | undefined;
}

export function personPage(locale: Locale, form: PersonForm, { csrfToken, editing, managers, errors = {}, notice }: PersonPageOptions): SafeHtml {
  const m = peopleMessages[locale];
  const f = m.fields;
  const others = managers.filter((manager) => manager.id !== editing?.id);
  const managerChoices = [{ value: '', label: f.noManager }, ...others.map((manager) => ({ value: manager.id, label: `${manager.name} (${manager.email})` }))];
  const action = editing ? `/people/${encodeURIComponent(editing.id)}/edit` : '/people';
  const title = editing ? m.editTitle(form.name) : m.newTitle;
  return html`<p><a href="/people">${m.back}</a></p>
<h1>${title}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${errorSummary(m.errorSummary, errors)}
<div class="panel">
<form method="post" action="${action}" novalidate>
<input type="hidden" name="_csrf" value="${csrfToken}">
${editing ? html`<p><strong>${f.id}:</strong> ${editing.id}</p>` : textField('id', f.id, form.id, { hint: f.idHint, error: errors.id })}
${textField('name', f.name, form.name, { error: errors.name, autocomplete: 'off', required: true })}
${textField('email', f.email, form.email, { type: 'email', error: errors.email, autocomplete: 'off', required: true })}
${selectField('managerId', f.manager, form.managerId, managerChoices, { error: errors.managerId })}
${textField('division', f.division, form.division, { error: errors.division })}
${selectField('locale', f.locale, form.locale, locales.map((value) => ({ value, label: m.locales[value] })), { error: errors.locale })}
${textField('phone', f.phone, form.phone, { type: 'tel', hint: f.phoneHint, error: errors.phone, autocomplete: 'off' })}
<fieldset>
<legend>${f.channels}</legend>
<input type="hidden" name="alertChannels" value="email">
<p class="check"><input type="checkbox" id="alertChannels-email" checked disabled><label for="alertChannels-email">${f.email_channel}</label></p>
${checkboxField('alertChannels', 'sms', f.sms, form.sms)}
${errors.alertChannels ? html`<p class="error" id="alertChannels-error">${errors.alertChannels}</p>` : ''}
</fieldset>
<p><button class="primary" type="submit">${m.save}</button></p>
</form>
</div>
${editing ? deactivatePanel(locale, editing, others, csrfToken, errors.successorId) : ''}`;
}

function deactivatePanel(
  locale: Locale,
  editing: NonNullable<PersonPageOptions['editing']>,
  colleagues: readonly PersonOption[],
  csrfToken: string,
  error: string | undefined,
): SafeHtml {
  const m = peopleMessages[locale].deactivate;
  if (!editing.active) return html`<div class="panel"><h2>${m.title}</h2><p>${m.already(editing.deactivatedSince ?? '')}</p></div>`;
  const choices = [{ value: '', label: m.choose }, ...colleagues.map((colleague) => ({ value: colleague.id, label: `${colleague.name} (${colleague.email})` }))];
  return html`<div class="panel">
<h2>${m.title}</h2>
<p>${m.intro}</p>
<form method="post" action="/people/${encodeURIComponent(editing.id)}/deactivate">
<input type="hidden" name="_csrf" value="${csrfToken}">
${selectField('successorId', m.successor, '', choices, { error })}
<p><button class="primary danger" type="submit">${m.button}</button></p>
</form>
</div>`;
}

export function orgChartPage(locale: Locale, roots: readonly OrgChartNode[]): SafeHtml {
  const m = peopleMessages[locale];
  const node = (person: OrgChartNode): SafeHtml =>
    html`<li><a href="/people/${encodeURIComponent(person.id)}/edit">${person.name}</a>${person.division ? html` <span class="muted">(${person.division})</span>` : ''}${
      person.reports.length > 0 ? html`<ul>${person.reports.map(node)}</ul>` : ''
    }</li>`;
  return html`<p><a href="/people">${m.back}</a></p>
<h1>${m.chartTitle}</h1>
<p class="lead">${m.chartIntro}</p>
${roots.length > 0 ? html`<ul class="tree">${roots.map(node)}</ul>` : html`<p>${m.chartEmpty}</p>`}`;
}
