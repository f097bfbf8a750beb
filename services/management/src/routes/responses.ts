import { recordAuditEvent } from '@ambassador/db/audit';
import { addFollowUpStep, findResponseDetail, type ResponseDetail } from '@ambassador/db/follow-ups';
import { satisfactionLabels, yesNo } from '@ambassador/domain/labels';
import { followUpOutcomes, followUpStatuses, type Locale, outcomesFor } from '@ambassador/domain/vocabulary';
import { html } from '@ambassador/html/template';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ManagementDependencies } from '../dependencies.ts';
import { localeOf, sendErrorPage, sendPage } from '../plugins/pages.ts';
import { scopeOfRequest, viewer } from '../plugins/session.ts';
import { alertDeliveriesTable, destinationDeliveriesTable } from '../views/alert-deliveries.ts';
import { formatDateTime, groupBadge } from '../views/layout.ts';
import { messages } from '../views/messages.ts';
import { npsMessages } from '../views/nps-messages.ts';
import { optionalField } from './query.ts';
import { queueStoredMessages } from '../queue-messages.ts';
import { managementRoutes, pathTo, responseIdOfShortCode } from '@ambassador/links/links';

interface Params {
  id: string;
}

const followUpForm = z.object({
  status: z.enum(followUpStatuses),
  outcome: optionalField(z.enum(followUpOutcomes)),
  note: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : value),
    z.string().max(2000).optional(),
  ),
});

type FormErrors = Partial<Record<'status' | 'outcome' | 'note', string>>;

/** One response: the answers, each alert with its delivery, the follow-up timeline, and a form for the next step. */
export default async function responseRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, clock, timeZone } = dependencies;

  function render(request: FastifyRequest, reply: FastifyReply, status: number, detail: ResponseDetail, errors: FormErrors = {}, saved = false) {
    const locale: Locale = localeOf(request);
    const m = messages[locale];
    const r = m.response;
    const group = detail.group;
    const outcomes = group ? outcomesFor[group] : [];
    // The form starts from where the follow-up stands now.
    const currentStatus = detail.timeline.at(-1)?.status ?? 'open';
    const facts: [string, string][] = [
      [r.respondent, `${detail.respondent.name} <${detail.respondent.email}>`],
      [r.client, detail.client.name],
      [r.project, detail.project.name],
      [r.accountManager, detail.accountManager.name],
      [r.submittedAt, formatDateTime(detail.submittedAt, locale, timeZone)],
      [r.satisfaction, satisfactionLabels[locale][detail.satisfaction]],
      [r.motivation, detail.motivation ?? r.noMotivation],
      [r.wouldRecommend, yesNo(locale, detail.wouldRecommend)],
      ...(detail.recommendScore === null ? [] : [[npsMessages[locale].recommendScore, String(detail.recommendScore)] as [string, string]]),
      [r.wantsMoreServices, yesNo(locale, detail.wantsMoreServices)],
    ];
    const body = html`<h1>${group ? groupBadge(group, locale) : ''} ${detail.respondent.name}, ${detail.client.name}${
      group === 'positive' && detail.wantsMoreServices ? html`<span class="hot">${m.register.hotLead}</span>` : ''
    }</h1>
${saved ? html`<p class="notice" role="status">${r.saved}</p>` : ''}
<h2>${r.answers}</h2>
<dl class="facts">${facts.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>
<h2>${r.alerts}</h2>
${detail.alerts.length === 0 ? html`<p class="muted">${r.noAlerts}</p>` : alertDeliveriesTable(detail.alerts, locale, timeZone)}
${
  detail.destinations.length === 0
    ? ''
    : html`<h2>${r.destinations}</h2>
${destinationDeliveriesTable(detail.destinations, locale, timeZone, { linkToLog: viewer(request).isAdmin })}`
}
<h2>${r.timeline}</h2>
${
  detail.timeline.length === 0
    ? html`<p class="muted">${r.noSteps}</p>`
    : html`<ol class="timeline">${detail.timeline.map(
        (step) => html`<li><strong>${m.followUpStatus[step.status]}</strong>${step.outcome ? html` · ${m.outcomes[step.outcome]}` : ''}
<span class="muted">· ${formatDateTime(step.createdAt, locale, timeZone)} · ${r.by} ${step.authorName ?? step.authorEmail}${
          step.channel === 'email' ? html` (${r.viaEmail})` : ''
        }</span>${step.note ? html`<p>${step.note}</p>` : ''}</li>`,
      )}</ol>`
}
${
  group && group !== 'neutral'
    ? html`<div class="panel">
<h2>${r.addStep}</h2>
<form method="post" action="/responses/${detail.id}/follow-up">
<input type="hidden" name="_csrf" value="${reply.csrfToken()}">
<label for="status">${r.newStatus}</label>
<select id="status" name="status"${errors.status ? html` aria-invalid="true" aria-describedby="status-error"` : ''}>${followUpStatuses.map(
        (value) => html`<option value="${value}"${value === currentStatus ? html` selected` : ''}>${m.followUpStatus[value]}</option>`,
      )}</select>
${errors.status ? html`<p class="error" id="status-error">${errors.status}</p>` : ''}
<label for="outcome">${r.outcome}</label>
<select id="outcome" name="outcome"${errors.outcome ? html` aria-invalid="true" aria-describedby="outcome-error"` : ''}><option value="">${r.noOutcome}</option>${outcomes.map(
        (value) => html`<option value="${value}">${m.outcomes[value]}</option>`,
      )}</select>
${errors.outcome ? html`<p class="error" id="outcome-error">${errors.outcome}</p>` : ''}
<label for="note">${r.note}</label>
<textarea id="note" name="note" maxlength="2000"${errors.note ? html` aria-invalid="true" aria-describedby="note-error"` : ''}></textarea>
${errors.note ? html`<p class="error" id="note-error">${errors.note}</p>` : ''}
<p><button class="primary" type="submit">${r.save}</button></p>
</form>
</div>`
    : ''
}`;
    return sendPage(request, reply, status, { title: `${detail.respondent.name}, ${detail.client.name}`, body, active: 'register' });
  }

  async function visibleDetail(request: FastifyRequest, id: string): Promise<ResponseDetail | undefined> {
    if (!z.uuid().safeParse(id).success) return undefined;
    return findResponseDetail(db, await scopeOfRequest(dependencies, request), id);
  }

  app.get<{ Params: Params }>(managementRoutes.response, async (request, reply) => {
    const detail = await visibleDetail(request, request.params.id);
    if (!detail) return sendErrorPage(request, reply, 404);
    // No trail, no page: a failed audit write fails the request.
    await recordAuditEvent(db, { at: clock(), actor: { type: 'user', email: viewer(request).email }, action: 'response.viewed', subjectId: detail.id });
    return render(request, reply, 200, detail, {}, (request.query as { saved?: string }).saved === '1');
  });

  // The short link of an SMS: the response page it stands for (a GET that changes nothing).
  app.get<{ Params: { code: string } }>(managementRoutes.shortResponse, async (request, reply) => {
    const id = responseIdOfShortCode(request.params.code);
    if (!id) return sendErrorPage(request, reply, 404);
    return reply.redirect(pathTo(managementRoutes.response, { id }), 302);
  });

  app.post<{ Params: Params }>('/responses/:id/follow-up', async (request, reply) => {
    const detail = await visibleDetail(request, request.params.id);
    if (!detail) return sendErrorPage(request, reply, 404);
    const invalid = messages[localeOf(request)].errors.invalidField;
    const parsed = followUpForm.safeParse(request.body);
    const allowedOutcomes = detail.group ? outcomesFor[detail.group] : [];
    const errors: FormErrors = {};
    if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path[0] as keyof FormErrors] = invalid;
    else if (parsed.data.outcome !== undefined && !allowedOutcomes.includes(parsed.data.outcome)) errors.outcome = invalid;
    // Neutral responses have nothing to follow up (the page offers no form for them).
    if (!parsed.success || Object.keys(errors).length > 0 || allowedOutcomes.length === 0) {
      return render(request, reply, 422, detail, errors);
    }
    const author = viewer(request).email;
    const now = clock();
    const events = await db.transaction().execute(async (trx) => {
      const stored = await addFollowUpStep(trx, {
        responseId: detail.id,
        status: parsed.data.status,
        outcome: parsed.data.outcome ?? null,
        note: parsed.data.note || null,
        authorEmail: author,
        channel: 'web',
        createdAt: now,
      });
      await recordAuditEvent(trx, { at: now, actor: { type: 'user', email: author }, action: 'follow_up.recorded', subjectId: detail.id });
      return stored;
    });
    await queueStoredMessages(dependencies.producer, events, now, request.log);
    request.log.info({ responseId: detail.id, status: parsed.data.status }, 'follow-up step recorded');
    return reply.redirect(`/responses/${detail.id}?saved=1`, 303);
  });
}
