import { registerCounts, registerFilterOptions, type RegisterRow, registerRows } from '@ambassador/db/register';
import { html } from '@ambassador/html/template';
import type { FastifyInstance } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';
import { localeOf, sendErrorPage, sendPage } from '../plugins/pages.ts';
import { scopeOfRequest } from '../plugins/session.ts';
import { formatDate, groupBadge } from '../views/layout.ts';
import { noDataMark } from '../views/charts.ts';
import { messages } from '../views/messages.ts';
import { npsMessages } from '../views/nps-messages.ts';
import { queryString } from './query.ts';
import { filtersOf, registerQuery, tabOrder } from './register-filters.ts';
import { managementRoutes, pathTo } from '@ambassador/links/links';


/** The ambassador register, by name: + (hot leads first), − and 0 (the same rows as a file: register-export.ts). */
export default async function registerRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, timeZone } = dependencies;

  app.get('/', async (_request, reply) => reply.redirect('/register', 303));

  app.get(managementRoutes.register, async (request, reply) => {
    const parsed = registerQuery.safeParse(request.query);
    if (!parsed.success) return sendErrorPage(request, reply, 400);
    const query = parsed.data;
    const group = query.group ?? 'positive';
    const scope = await scopeOfRequest(dependencies, request);
    const filters = filtersOf(query);
    const [rows, counts, options] = await Promise.all([
      registerRows(db, scope, group, filters),
      registerCounts(db, scope, filters),
      registerFilterOptions(db, scope),
    ]);
    const locale = localeOf(request);
    const m = messages[locale];
    const r = m.register;
    // The 0–10 score's column, where the firm asks it (a response with a score is on the page).
    const withScores = rows.some((entry) => entry.recommendScore !== null);

    const row = (entry: RegisterRow) => html`<tr>
<td>${groupBadge(entry.group, locale)} <a href="/responses/${entry.responseId}">${entry.respondentName}</a>${entry.hotLead ? html`<span class="hot">${r.hotLead}</span>` : ''}</td>
<td><a href="${pathTo(managementRoutes.client, { id: entry.clientId })}">${entry.clientName}</a></td><td>${entry.projectName}</td><td>${entry.accountManagerName}</td>
<td><time datetime="${entry.submittedAt.toISOString()}">${formatDate(entry.submittedAt, locale, timeZone)}</time></td>
<td>${m.followUpStatus[entry.followUpStatus]}</td>
${withScores ? html`<td>${entry.recommendScore ?? noDataMark(npsMessages[locale].noScore)}</td>` : ''}
</tr>`;

    const body = html`<h1>${r.title}</h1>
<p class="lead">${r.intro}</p>
<form class="filters" method="get" action="/register">
<fieldset><legend>${r.filters}</legend>
<input type="hidden" name="group" value="${group}">
<div><label for="from">${r.from}</label><input id="from" name="from" type="date" value="${query.from ?? ''}"></div>
<div><label for="to">${r.to}</label><input id="to" name="to" type="date" value="${query.to ?? ''}"></div>
<div><label for="accountManager">${r.accountManager}</label><select id="accountManager" name="accountManager">
<option value="">${r.all}</option>
${options.accountManagers.map(
  (option) => html`<option value="${option.id}"${query.accountManager === option.id ? html` selected` : ''}>${option.name}</option>`,
)}</select></div>
${
  options.divisions.length > 0
    ? html`<div><label for="division">${r.division}</label><select id="division" name="division">
<option value="">${r.all}</option>
${options.divisions.map((division) => html`<option${query.division === division ? html` selected` : ''}>${division}</option>`)}</select></div>`
    : ''
}
<div><label for="client">${r.columns.client}</label><select id="client" name="client">
<option value="">${r.all}</option>
${options.clients.map((option) => html`<option value="${option.id}"${query.client === option.id ? html` selected` : ''}>${option.name}</option>`)}</select></div>
<div><button class="primary" type="submit">${r.apply}</button></div>
</fieldset>
</form>
<ul class="tabs">
${tabOrder.map(
  (tab) =>
    html`<li><a href="/register${queryString({ ...query, group: tab })}"${tab === group ? html` aria-current="page"` : ''}>${groupBadge(tab, locale)} ${m.groups[tab]} (${counts[tab]})</a></li>`,
)}
</ul>
<p><a href="/register.csv${queryString({ ...query, group })}" download>${r.csv}</a> · <a href="/register.xlsx${queryString({ ...query, group })}" download>${r.xlsx}</a></p>
<div class="table-wrap">
<table>
<caption>${r.caption(m.groups[group], rows.length)}</caption>
<thead><tr><th scope="col">${r.columns.name}</th><th scope="col">${r.columns.client}</th><th scope="col">${r.columns.project}</th><th scope="col">${r.columns.accountManager}</th><th scope="col">${r.columns.date}</th><th scope="col">${r.columns.followUp}</th>${
  withScores ? html`<th scope="col">${npsMessages[locale].recommendScore}</th>` : ''
}</tr></thead>
<tbody>
${rows.length > 0 ? rows.map(row) : html`<tr><td colspan="6" class="muted">${r.empty}</td></tr>`}
</tbody>
</table>
</div>`;
    return sendPage(request, reply, 200, { title: r.title, body, active: 'register' });
  });
}
