import type { PersonOption } from '@ambassador/db/people';
import type { ClientOption, ProjectRow } from '@ambassador/db/project-pages';
import { locales, type Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import { dataTable, errorSummary, type FieldErrors, searchForm, selectField, textField } from './forms.ts';
import { projectsMessages } from './projects-messages.ts';

export type ProjectField = 'name' | 'clientId' | 'clientName' | 'contactName' | 'contactEmail' | 'contactLocale' | 'accountManagerId';

/** What the project form shows: what is stored, or what was typed when it came back with errors. */
export interface ProjectForm {
  name: string;
  /** An existing client's id, or '' for a new one named `clientName`. */
  clientId: string;
  clientName: string;
  contactName: string;
  contactEmail: string;
  contactLocale: string;
  accountManagerId: string;
}

export const emptyProjectForm: ProjectForm = { name: '', clientId: '', clientName: '', contactName: '', contactEmail: '', contactLocale: 'nl', accountManagerId: '' };

function invitationCell(locale: Locale, project: ProjectRow, date: (moment: Date) => string): SafeHtml {
  const m = projectsMessages[locale];
  const { invitation } = project;
  if (project.contactErased && invitation.state === 'none') return html`${m.erased}`;
  if (invitation.state === 'none') return html`${project.closedAt ? m.closedNotInvited : m.states.none}`;
  const when = {
    pending: invitation.createdAt,
    failed: invitation.createdAt,
    sent: invitation.sentAt,
    reminded: invitation.remindedAt,
    answered: invitation.answeredAt,
    expired: invitation.expiresAt,
  }[invitation.state];
  return html`<span class="state ${invitation.state}">${m.states[invitation.state]}</span>${when ? html` ${m.on(date(when))}` : ''}`;
}

export interface ProjectsListOptions {
  csrfToken: string;
  isAdmin: boolean;
  search: string;
  notice?: string | undefined;
  date: (moment: Date) => string;
}

export function projectsListPage(locale: Locale, projects: readonly ProjectRow[], { csrfToken, isAdmin, search, notice, date }: ProjectsListOptions): SafeHtml {
  const m = projectsMessages[locale];
  const action = (project: ProjectRow) =>
    project.invitation.state === 'none' && !project.contactErased
      ? html`<form method="post" action="/projects/${encodeURIComponent(project.id)}/close"><input type="hidden" name="_csrf" value="${csrfToken}"><button class="primary" type="submit">${m.close}<span class="visually-hidden">: ${project.name}</span></button></form>`
      : '';
  const row = (project: ProjectRow) => html`<tr id="project-${project.id}">
<td>${project.name}${isAdmin ? html`<br><a href="/projects/${encodeURIComponent(project.id)}/edit">${m.edit}<span class="visually-hidden">: ${project.name}</span></a>` : ''}</td>
<td>${project.clientName}</td>
<td>${project.contactErased ? m.erased : html`${project.contactName}<br><span class="muted">${project.contactEmail}</span>`}</td>
<td>${project.accountManagerName}</td>
<td>${invitationCell(locale, project, date)}</td>
<td>${action(project)}</td>
</tr>`;
  return html`<h1>${m.title}</h1>
<p class="lead">${m.intro}</p>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${isAdmin ? html`<p class="actions"><a class="primary" href="/projects/new">${m.add}</a></p>` : ''}
${searchForm('/projects', m.search, m.searchButton, search)}
${dataTable(m.caption(projects.length), [m.columns.project, m.columns.client, m.columns.contact, m.columns.accountManager, m.columns.invitation, m.columns.action], projects.map(row), m.empty)}`;
}

export interface ProjectPageOptions {
  csrfToken: string;
  /** The project being edited; undefined on the page that adds one. */
  editingId?: string | undefined;
  clients: readonly ClientOption[];
  accountManagers: readonly PersonOption[];
  errors?: FieldErrors<ProjectField>;
  notice?: string | undefined;
}

export function projectPage(locale: Locale, form: ProjectForm, { csrfToken, editingId, clients, accountManagers, errors = {}, notice }: ProjectPageOptions): SafeHtml {
  const m = projectsMessages[locale];
  const f = m.fields;
  const action = editingId ? `/projects/${encodeURIComponent(editingId)}/edit` : '/projects';
  return html`<p><a href="/projects">${m.back}</a></p>
<h1>${editingId ? m.editTitle(form.name) : m.newTitle}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${errorSummary(m.errorSummary, errors)}
<div class="panel">
<form method="post" action="${action}" novalidate>
<input type="hidden" name="_csrf" value="${csrfToken}">
${textField('name', f.name, form.name, { error: errors.name, required: true })}
${selectField('clientId', f.client, form.clientId, [{ value: '', label: f.newClient }, ...clients.map((client) => ({ value: client.id, label: client.name }))], { error: errors.clientId })}
${textField('clientName', f.clientName, form.clientName, { hint: f.clientNameHint, error: errors.clientName })}
<fieldset>
<legend>${f.contact}</legend>
${textField('contactName', f.contactName, form.contactName, { error: errors.contactName, required: true, autocomplete: 'off' })}
${textField('contactEmail', f.contactEmail, form.contactEmail, { type: 'email', error: errors.contactEmail, required: true, autocomplete: 'off' })}
${selectField('contactLocale', f.contactLocale, form.contactLocale, locales.map((value) => ({ value, label: m.locales[value] })), { error: errors.contactLocale })}
</fieldset>
${selectField(
  'accountManagerId',
  f.accountManager,
  form.accountManagerId,
  [{ value: '', label: f.choose }, ...accountManagers.map((person) => ({ value: person.id, label: `${person.name} (${person.email})` }))],
  { error: errors.accountManagerId },
)}
<p><button class="primary" type="submit">${m.save}</button></p>
</form>
</div>`;
}
