import { type AuditEvent, findAuditEvents } from '@ambassador/db/audit';
import { html } from '@ambassador/html/template';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ManagementDependencies } from '../dependencies.ts';
import { localeOf, sendErrorPage, sendPage } from '../plugins/pages.ts';
import { auditMessages } from '../views/audit-messages.ts';
import { formatDateTime } from '../views/layout.ts';
import { optionalField, queryString } from './query.ts';

const PAGE_SIZE = 100;

// Spaces around a value are dropped; a field left blank is no filter.
const optionalText = (max: number) => z.preprocess((value) => (typeof value === 'string' ? value.trim() : value), optionalField(z.string().max(max)));

/** `actor` (addresses are stored lower-cased, and so are API key ids), `subject`, and `before` for the next page. */
const auditQuery = z.object({
  actor: optionalText(254).transform((value) => value?.toLowerCase()),
  subject: optionalText(64),
  before: z.string().regex(/^[1-9][0-9]{0,17}$/u).optional(),
});
type AuditQuery = z.output<typeof auditQuery>;

function auditLink(query: Partial<AuditQuery>): string {
  return `/audit${queryString(query)}`;
}

/**
 * The audit trail, for admins only (app.ts registers it behind `requireAdmin`): newest first,
 * a page at a time, filtered by actor or subject. Each actor and subject links to its own trail.
 */
export default async function auditRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  app.get('/audit', async (request, reply) => {
    const parsed = auditQuery.safeParse(request.query);
    if (!parsed.success) return sendErrorPage(request, reply, 400);
    const query = parsed.data;
    const events = await findAuditEvents(
      dependencies.db,
      {
        ...(query.actor === undefined ? {} : { actor: query.actor }),
        ...(query.subject === undefined ? {} : { subjectId: query.subject }),
        ...(query.before === undefined ? {} : { beforeId: query.before }),
      },
      PAGE_SIZE,
    );
    const locale = localeOf(request);
    const m = auditMessages[locale];
    const filtered = { actor: query.actor, subject: query.subject };

    const row = (event: AuditEvent) => html`<tr>
<td><time datetime="${event.occurredAt.toISOString()}">${formatDateTime(event.occurredAt, locale, dependencies.timeZone)}</time></td>
<td>${m.actorTypes[event.actorType]} <a href="${auditLink({ actor: event.actor })}">${event.actor}</a></td>
<td>${m.actions[event.action]}</td>
<td>${event.subjectId === null ? '' : html`<a href="${auditLink({ subject: event.subjectId })}">${event.subjectId}</a>`}</td>
</tr>`;

    const last = events.at(-1);
    const body = html`<h1>${m.title}</h1>
<p class="lead">${m.intro}</p>
<form class="filters" method="get" action="/audit">
<fieldset><legend>${m.filters}</legend>
<div><label for="actor">${m.actor}</label><input id="actor" name="actor" value="${query.actor ?? ''}" size="32"></div>
<div><label for="subject">${m.subject}</label><input id="subject" name="subject" value="${query.subject ?? ''}" size="36"></div>
<div><button class="primary" type="submit">${m.apply}</button></div>
${query.actor || query.subject ? html`<div><a href="/audit">${m.clear}</a></div>` : ''}
</fieldset>
</form>
<div class="table-wrap">
<table>
<caption>${m.caption(events.length)}</caption>
<thead><tr><th scope="col">${m.columns.when}</th><th scope="col">${m.columns.actor}</th><th scope="col">${m.columns.action}</th><th scope="col">${m.columns.subject}</th></tr></thead>
<tbody>
${events.length > 0 ? events.map(row) : html`<tr><td colspan="4" class="muted">${m.empty}</td></tr>`}
</tbody>
</table>
</div>
${events.length === PAGE_SIZE && last ? html`<p><a href="${auditLink({ ...filtered, before: last.id })}">${m.older}</a></p>` : ''}`;
    return sendPage(request, reply, 200, { title: m.title, body, active: 'audit' });
  });
}
