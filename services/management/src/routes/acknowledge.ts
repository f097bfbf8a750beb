import { recordAuditEvent } from '@ambassador/db/audit';
import { acknowledgeAlert, type AlertLink, findAlertLink } from '@ambassador/db/follow-ups';
import { acknowledgeLinkExpiry } from '@ambassador/domain/calendar';
import { ACKNOWLEDGE_PURPOSE, verifySignedValue } from '@ambassador/domain/tokens';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ManagementDependencies } from '../dependencies.ts';
import { emailLinkPost } from '../plugins/email-links.ts';
import { queueStoredMessages } from '../queue-messages.ts';
import { sendErrorPage, sendPage } from '../plugins/pages.ts';
import { acknowledgedPage, acknowledgePage, spentLinkPage } from '../views/link-pages.ts';
import { managementRoutes, pathTo } from '@ambassador/links/links';

interface Params extends Record<string, string> {
  token: string;
}

/**
 * The "I am on it" link of an alert e-mail, `/ack/{alertId}.{signature}`: no login needed.
 * Opening it shows the response it is about and one confirm button, in the recipient's
 * language; the button's POST records `in_progress` (when the follow-up is still open) in
 * the name of the alert's recipient, once. The link works until a week after the response's
 * follow-up deadline, and at least 30 days after it was sent. That is decided here, from the
 * database, not carried in the link: links stay short, and those already sent expire too.
 */
export default async function acknowledgeRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, clock } = dependencies;

  /** The alert a link was signed for; undefined for a link we did not sign or an alert that is gone. */
  async function alertOf(signed: string): Promise<AlertLink | undefined> {
    const alertId = verifySignedValue(dependencies.secretKey, ACKNOWLEDGE_PURPOSE, signed);
    if (!alertId || !z.uuid().safeParse(alertId).success) return undefined;
    return findAlertLink(db, alertId);
  }

  function isExpired(alert: AlertLink): boolean {
    return acknowledgeLinkExpiry(alert, dependencies.followUpPolicy) <= clock();
  }

  app.get<{ Params: Params }>(managementRoutes.acknowledge, async (request, reply) => {
    const alert = await alertOf(request.params.token);
    if (!alert) return sendErrorPage(request, reply, 404);
    const { locale } = alert.recipient;
    if (alert.acknowledgedAt) return sendPage(request, reply, 410, spentLinkPage(locale, 'used'));
    if (isExpired(alert)) return sendPage(request, reply, 410, spentLinkPage(locale, 'expired'));
    const facts = { recipientEmail: alert.recipient.email, ...alert };
    return sendPage(request, reply, 200, acknowledgePage(locale, facts, pathTo(managementRoutes.acknowledge, request.params)));
  });

  app.post<{ Params: Params }>(managementRoutes.acknowledge, emailLinkPost(dependencies.baseUrl), async (request, reply) => {
    const alert = await alertOf(request.params.token);
    if (!alert) return sendErrorPage(request, reply, 404);
    const { locale } = alert.recipient;
    if (alert.acknowledgedAt) return sendPage(request, reply, 410, spentLinkPage(locale, 'used'));
    if (isExpired(alert)) return sendPage(request, reply, 410, spentLinkPage(locale, 'expired'));
    const now = clock();
    const { result, deliveries } = await db.transaction().execute(async (trx) => {
      const acknowledgement = await acknowledgeAlert(trx, alert.alertId, now);
      if (acknowledgement.result !== 'recorded') return acknowledgement;
      // In the recipient's name: the link was made for them.
      const actor = { type: 'user', email: acknowledgement.recipientEmail } as const;
      await recordAuditEvent(trx, { at: now, actor, action: 'alert.acknowledged', subjectId: acknowledgement.responseId });
      return acknowledgement;
    });
    await queueStoredMessages(dependencies.producer, deliveries, now, request.log);
    if (result === 'unknown') return sendErrorPage(request, reply, 404);
    if (result === 'already') return sendPage(request, reply, 410, spentLinkPage(locale, 'used'));
    request.log.info({ alertId: alert.alertId, responseId: alert.responseId }, 'alert acknowledged from the e-mail');
    return reply.redirect(pathTo(managementRoutes.acknowledged, request.params), 303);
  });

  // Where the POST lands: the confirmation, once the alert is acknowledged.
  app.get<{ Params: Params }>(managementRoutes.acknowledged, async (request, reply) => {
    const alert = await alertOf(request.params.token);
    if (!alert) return sendErrorPage(request, reply, 404);
    if (!alert.acknowledgedAt) return reply.redirect(pathTo(managementRoutes.acknowledge, request.params), 303);
    return sendPage(request, reply, 200, acknowledgedPage(alert.recipient.locale, alert.responseId));
  });
}
