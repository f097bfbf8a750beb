import type { ClientAccount, ClientProject } from '@ambassador/db/client-accounts';
import type { RegisterRow } from '@ambassador/db/register';
import { type Group, type Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import { managementRoutes, pathTo } from '@ambassador/links/links';
import { formatPercent } from './charts.ts';
import { type ClientMessages, clientMessages } from './client-messages.ts';
import { formatDate, groupBadge } from './layout.ts';
import { messages } from './messages.ts';

interface Context {
  locale: Locale;
  timeZone: string;
}

const groupOrder: readonly Group[] = ['positive', 'negative', 'neutral'];

function date(moment: Date, { locale, timeZone }: Context): SafeHtml {
  return html`<time datetime="${moment.toISOString()}">${formatDate(moment, locale, timeZone)}</time>`;
}

function responseLink(answer: RegisterRow, content: SafeHtml | string): SafeHtml {
  return html`<a href="${pathTo(managementRoutes.response, { id: answer.responseId })}">${content}</a>`;
}

function hotLead(answer: RegisterRow, locale: Locale): SafeHtml | '' {
  return answer.hotLead ? html`<span class="hot">${messages[locale].register.hotLead}</span>` : '';
}

function summary(account: ClientAccount, c: ClientMessages, context: Context): SafeHtml {
  const { sent, answered } = account.invitations;
  const groupNames = messages[context.locale].groups;
  const perGroup = groupOrder.map(
    (group) => html`${groupBadge(group, context.locale)} ${groupNames[group]}: ${account.contacts.filter((contact) => contact.currentGroup === group).length}`,
  );
  const facts: [string, SafeHtml | string][] = [
    [c.responseRate, sent === 0 ? c.noInvitations : c.responseRateValue(formatPercent((answered / sent) * 100), answered, sent)],
    [c.contactsByGroup, html`${perGroup.map((part, index) => html`${index > 0 ? ' · ' : ''}${part}`)}`],
    [c.openFollowUps, String(account.openFollowUps.length)],
  ];
  return html`<h2>${c.summary}</h2>
<dl class="facts">${facts.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>
<p><a href="${managementRoutes.register}?client=${encodeURIComponent(account.id)}">${c.inRegister}</a></p>`;
}

function contactsTable({ contacts, anonymisedAnswers }: ClientAccount, c: ClientMessages, context: Context): SafeHtml {
  const anonymised = anonymisedAnswers > 0 ? html`<p class="muted">${c.anonymised(anonymisedAnswers)}</p>` : '';
  if (contacts.length === 0) return anonymised === '' ? html`<p class="muted">${c.noContacts}</p>` : anonymised;
  const groupNames = messages[context.locale].groups;
  const answer = (row: RegisterRow) =>
    html`<li>${groupBadge(row.group, context.locale)} ${responseLink(row, date(row.submittedAt, context))} · ${row.projectName}${hotLead(row, context.locale)}</li>`;
  return html`<div class="table-wrap">
<table>
<caption>${c.contactsCaption(contacts.length)}</caption>
<thead><tr><th scope="col">${c.columns.name}</th><th scope="col">${c.columns.currentGroup}</th><th scope="col">${c.columns.answers}</th></tr></thead>
<tbody>
${contacts.map(
  (contact) => html`<tr><th scope="row">${contact.name}</th><td>${groupBadge(contact.currentGroup, context.locale)} ${groupNames[contact.currentGroup]}</td>
<td><ol class="answers">${contact.answers.map(answer)}</ol></td></tr>`,
)}
</tbody>
</table>
</div>
${anonymised}`;
}

function followUpsTable(rows: RegisterRow[], c: ClientMessages, context: Context): SafeHtml {
  if (rows.length === 0) return html`<p class="muted">${c.noOpenFollowUps}</p>`;
  const m = messages[context.locale];
  return html`<div class="table-wrap">
<table>
<caption>${c.followUpsCaption(rows.length)}</caption>
<thead><tr><th scope="col">${c.columns.name}</th><th scope="col">${c.columns.project}</th><th scope="col">${c.columns.accountManager}</th><th scope="col">${c.columns.date}</th><th scope="col">${c.columns.followUp}</th></tr></thead>
<tbody>
${rows.map(
  (row) => html`<tr><td>${groupBadge(row.group, context.locale)} ${responseLink(row, row.respondentName)}${hotLead(row, context.locale)}</td>
<td>${row.projectName}</td><td>${row.accountManagerName}</td><td>${date(row.submittedAt, context)}</td><td>${m.followUpStatus[row.followUpStatus]}</td></tr>`,
)}
</tbody>
</table>
</div>`;
}

function invitation(project: ClientProject, c: ClientMessages, context: Context): SafeHtml | string {
  if (project.invitedAt === null) return c.notInvited;
  return html`${c.invited(formatDate(project.invitedAt, context.locale, context.timeZone))} · ${project.invitationAnswered ? c.answered : c.notAnswered}`;
}

function projectsTable(projects: ClientProject[], c: ClientMessages, context: Context): SafeHtml {
  if (projects.length === 0) return html`<p class="muted">${c.noProjects}</p>`;
  return html`<div class="table-wrap">
<table>
<caption>${c.projectsCaption(projects.length)}</caption>
<thead><tr><th scope="col">${c.columns.project}</th><th scope="col">${c.columns.accountManager}</th><th scope="col">${c.columns.closedAt}</th><th scope="col">${c.columns.invitation}</th></tr></thead>
<tbody>
${projects.map(
  (project) => html`<tr><th scope="row">${project.name}</th><td>${project.accountManagerName}</td>
<td>${project.closedAt ? date(project.closedAt, context) : c.notClosed}</td><td>${invitation(project, c, context)}</td></tr>`,
)}
</tbody>
</table>
</div>`;
}

/**
 * One client organisation: the response rate, who answered (by name, each with their answers
 * over time and the group of their latest), the + and − answers still to follow up, and the
 * projects. `scoped`: the viewer sees only their team's projects, and the page says so.
 */
export function clientAccountPage(account: ClientAccount, { locale, timeZone, scoped }: Context & { scoped: boolean }): SafeHtml {
  const c = clientMessages[locale];
  const context = { locale, timeZone };
  return html`<h1>${account.name}</h1>
<p class="lead">${c.lead}${scoped ? html` ${c.scoped}` : ''}</p>
${summary(account, c, context)}
<h2>${c.contacts}</h2>
${contactsTable(account, c, context)}
<h2>${c.openFollowUps}</h2>
${followUpsTable(account.openFollowUps, c, context)}
<h2>${c.projects}</h2>
${projectsTable(account.projects, c, context)}`;
}
