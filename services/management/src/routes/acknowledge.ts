import { acknowledgeAlert } from '@ambassador/db/follow-ups';
import { ACKNOWLEDGE_PURPOSE, verifySignedValue } from '@ambassador/domain/tokens';
import { html } from '@ambassador/html/template';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ManagementDependencies } from '../dependencies.ts';
import { sendErrorPage, sendPage } from '../plugins/pages.ts';
import { messages } from '../views/messages.ts';

/**
 * The "I am on it" link of an alert e-mail: signed with the secret key, usable once, and
 * no login needed. It records `in_progress` on the response (when its follow-up is still
 * open) in the name of the alert's recipient.
 */
export default async function acknowledgeRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  app.get<{ Params: { signed: string } }>('/ack/:signed', async (request, reply) => {
    const alertId = verifySignedValue(dependencies.secretKey, ACKNOWLEDGE_PURPOSE, request.params.signed);
    if (!alertId || !z.uuid().safeParse(alertId).success) return sendErrorPage(request, reply, 404);
    // The use that changes something records its audit event in the same transaction.
    const { result, responseId } = await acknowledgeAlert(dependencies.db, alertId, dependencies.clock());
    if (result === 'unknown' || !responseId) return sendErrorPage(request, reply, 404);
    request.log.info({ alertId, responseId, result }, 'alert acknowledged from the e-mail');
    const m = messages.nl.ack;
    return sendPage(request, reply, 200, {
      title: m.title,
      body: html`<h1>${m.title}</h1>
<p class="notice" role="status">${result === 'recorded' ? m.recorded : m.already}</p>
<p><a href="/responses/${responseId}">${m.open}</a></p>`,
    });
  });
}
