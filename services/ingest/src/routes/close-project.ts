import { apiKeyActor, recordAuditEvent } from '@ambassador/db/audit';
import { closeProject } from '@ambassador/db/invitations';
import { integratorId } from '@ambassador/domain/inputs';
import { invitationToken, tokenHash } from '@ambassador/domain/tokens';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';

/**
 * `POST /api/v1/projects/{id}/close`: the natural moment to ask. Creates the invitation
 * (201) and queues its e-mail; closing again answers the same invitation (200) and sends
 * nothing. A client organisation invited recently, or a contact who already answered, is
 * not asked again: 200 with `invitation: null` and the reason.
 */
const closeProjectRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, dependencies) => {
  const { db, producer, clock, secretKey, invitationPolicy, publicBaseUrl } = dependencies;
  const linkTo = (invitationId: string) => `${publicBaseUrl}/s/${invitationToken(secretKey, invitationId)}`;

  app.post('/projects/:id/close', { schema: { params: z.object({ id: integratorId }) } }, async (request, reply) => {
    const now = clock();
    // The close and its audit event commit together.
    const outcome = await db.transaction().execute(async (trx) => {
      const closed = await closeProject(trx, request.params.id, {
        now,
        policy: invitationPolicy,
        tokenHashFor: (invitationId) => tokenHash(invitationToken(secretKey, invitationId)),
      });
      await recordAuditEvent(trx, { at: now, actor: apiKeyActor(request.apiKeyId), action: 'project.closed', subjectId: request.params.id });
      return closed;
    });
    if (outcome.kind === 'skipped') {
      request.log.info({ projectId: request.params.id, skipped: outcome.reason }, 'project closed without an invitation');
      return reply.code(200).send({ invitation: null, skipped: outcome.reason, ...('lastInvitedAt' in outcome ? { lastInvitedAt: outcome.lastInvitedAt } : {}) });
    }
    const { invitation } = outcome;
    if (outcome.kind === 'created') {
      request.log.info({ projectId: request.params.id, invitationId: invitation.id }, 'project closed, contact invited');
      try {
        // The invitation now, its reminder delayed until it is due.
        await producer.enqueueDeliveries(outcome.deliveries, now);
      } catch (error) {
        dependencies.metrics.enqueueFailures.inc({ queue: 'deliver-email' });
        request.log.warn({ invitationId: invitation.id, err: error }, 'invitation stored; its e-mail is not queued yet, the sweeper will queue it');
      }
    }
    return reply
      .code(outcome.kind === 'created' ? 201 : 200)
      .send({ invitation: { id: invitation.id, url: linkTo(invitation.id), expiresAt: invitation.expiresAt } });
  });
};

export default closeProjectRoutes;
