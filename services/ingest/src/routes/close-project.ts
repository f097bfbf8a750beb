import { apiKeyActor, recordAuditEvent } from '@ambassador/db/audit';
import { closeProject } from '@ambassador/db/invitations';
import { integratorId } from '@ambassador/domain/inputs';
import { invitationToken, tokenHash } from '@ambassador/domain/tokens';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';
import { enqueueOrLeaveToScheduler } from '../enqueue-or-leave.ts';

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
    const outcome = await closeProject(db, request.params.id, {
      now: clock(),
      policy: invitationPolicy,
      tokenHashFor: (invitationId) => tokenHash(invitationToken(secretKey, invitationId)),
    });
    // closeProject commits its own transaction: the audit event follows it (a failure fails
    // the call, and the retry, answered with the same invitation, records it).
    await recordAuditEvent(db, { at: clock(), actor: apiKeyActor(request.apiKeyId), action: 'project.closed', subjectId: request.params.id });
    if (outcome.kind === 'skipped') {
      request.log.info({ projectId: request.params.id, skipped: outcome.reason }, 'project closed without an invitation');
      return reply.code(200).send({ invitation: null, skipped: outcome.reason, ...('lastInvitedAt' in outcome ? { lastInvitedAt: outcome.lastInvitedAt } : {}) });
    }
    const { invitation } = outcome;
    if (outcome.kind === 'created') {
      request.log.info({ projectId: request.params.id, invitationId: invitation.id }, 'project closed, contact invited');
      // The invitation now, its reminder delayed until it is due.
      await enqueueOrLeaveToScheduler(
        { metrics: dependencies.metrics, log: request.log },
        { queue: 'deliver-email', rows: outcome.deliveries.length, stored: 'invitation', logFields: { invitationId: invitation.id } },
        () => producer.enqueueDeliveries(outcome.deliveries, clock()),
      );
    }
    return reply
      .code(outcome.kind === 'created' ? 201 : 200)
      .send({ invitation: { id: invitation.id, url: linkTo(invitation.id), expiresAt: invitation.expiresAt } });
  });
};

export default closeProjectRoutes;
