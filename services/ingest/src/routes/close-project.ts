import { apiKeyActor, recordAuditEvent } from '@ambassador/db/audit';
import { closeProject } from '@ambassador/db/invitations';
import { integratorId } from '@ambassador/domain/inputs';
import { invitationToken, tokenHash } from '@ambassador/domain/tokens';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';
import { problemResponses } from '../problem.ts';

const invitation = z.object({
  id: z.string(),
  url: z.string().describe("The contact's personal link to the form (also in the e-mail they get)."),
  expiresAt: z.date(),
});

const invited = z
  .object({ invitation })
  .meta({
    description: 'The invitation: new (201), or the same one when the project was closed before (200).',
    examples: [
      {
        invitation: {
          id: '0b5e6c1e-3f5a-4c1e-9d1e-2a7f0c9b8d41',
          url: 'https://feedback.firm.example/s/3q2-7wEjN5xY0kT8aPzR1mVb6uLc4oHd9sGfKiJnQeA',
          expiresAt: '2027-01-31T09:30:00.000Z',
        },
      },
    ],
  });

const notInvited = z
  .object({
    invitation: z.null(),
    skipped: z.enum(['throttled', 'already_answered', 'contact_erased']),
    lastInvitedAt: z.date().optional().describe('With `throttled`: when the client organisation was last invited.'),
  })
  .meta({ examples: [{ invitation: null, skipped: 'throttled', lastInvitedAt: '2026-10-02T14:00:00.000Z' }] });

/**
 * `POST /api/v1/projects/{id}/close`: the natural moment to ask. Creates the invitation
 * (201) and queues its e-mail; closing again answers the same invitation (200) and sends
 * nothing. A client organisation invited recently, or a contact who already answered, is
 * not asked again: 200 with `invitation: null` and the reason.
 */
const closeProjectRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, dependencies) => {
  const { db, producer, clock, secretKey, invitationPolicy, publicBaseUrl } = dependencies;
  const linkTo = (invitationId: string) => `${publicBaseUrl}/s/${invitationToken(secretKey, invitationId)}`;

  app.post(
    '/projects/:id/close',
    {
      schema: {
        summary: 'Close a project, inviting its contact',
        description:
          'The natural moment to ask: stores the invitation and e-mails the contact a personal link to the form. ' +
          'Closing again answers the same invitation and sends nothing. A client organisation invited recently, ' +
          'a contact who already answered, or one who was erased is not invited: 200 with `invitation: null` and the reason.',
        tags: ['Projects'],
        params: z.object({ id: integratorId.describe('Your own id of the project.') }),
        response: {
          201: invited.describe('Invited now.'),
          200: z.union([invited, notInvited]).describe('Invited before (the same invitation), or not invited, with the reason.'),
          ...problemResponses({ 404: 'There is no project with this id.' }),
        },
      },
    },
    async (request, reply) => {
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
        try {
          // The invitation now, its reminder delayed until it is due.
          await producer.enqueueDeliveries(outcome.deliveries, clock());
        } catch (error) {
          dependencies.metrics.enqueueFailures.inc({ queue: 'deliver-email' });
          request.log.warn({ invitationId: invitation.id, err: error }, 'invitation stored; its e-mail is not queued yet, the sweeper will queue it');
        }
      }
      return reply
        .code(outcome.kind === 'created' ? 201 : 200)
        .send({ invitation: { id: invitation.id, url: linkTo(invitation.id), expiresAt: invitation.expiresAt } });
    },
  );
};

export default closeProjectRoutes;
