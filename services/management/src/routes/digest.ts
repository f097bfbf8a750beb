import { recordAuditEvent } from '@ambassador/db/audit';
import { optOutOfDigest } from '@ambassador/db/digests';
import { DIGEST_UNSUBSCRIBE_PURPOSE } from '@ambassador/domain/tokens';
import { integratorId } from '@ambassador/domain/inputs';
import { verifySignedValue } from '@ambassador/domain/tokens';
import { html } from '@ambassador/html/template';
import type { FastifyInstance } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';
import { sendErrorPage, sendPage } from '../plugins/pages.ts';
import { digestMessages } from '../views/digest-messages.ts';

/**
 * The one-click unsubscribe link of the weekly digest (also its `List-Unsubscribe` header):
 * signed with the secret key for this purpose only, no login needed. It stops the digest
 * for the employee it was made for; using it again changes nothing.
 */
export default async function digestRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  app.get<{ Params: { signed: string } }>('/digest/unsubscribe/:signed', async (request, reply) => {
    const employeeId = verifySignedValue(dependencies.secretKey, DIGEST_UNSUBSCRIBE_PURPOSE, request.params.signed);
    if (!employeeId || !integratorId.safeParse(employeeId).success) return sendErrorPage(request, reply, 404);
    // The change and its audit event (in the employee's name: the link was made for them) commit together.
    const employee = await dependencies.db.transaction().execute(async (trx) => {
      const changed = await optOutOfDigest(trx, employeeId);
      if (changed) {
        await recordAuditEvent(trx, { at: dependencies.clock(), actor: { type: 'user', email: changed.email }, action: 'digest.unsubscribed', subjectId: employeeId });
      }
      return changed;
    });
    if (!employee) return sendErrorPage(request, reply, 404);
    request.log.info({ employeeId }, 'digest opt-out from the e-mail link');
    const m = digestMessages[employee.locale];
    // The page frame is in the default language (there is no viewer); its content is in theirs.
    return sendPage(request, reply, 200, {
      title: m.unsubscribedTitle,
      body: html`<div lang="${employee.locale}">
<h1>${m.unsubscribedTitle}</h1>
<p class="notice" role="status">${m.unsubscribed}</p>
<p>${m.resubscribe}</p>
</div>`,
    });
  });
}
