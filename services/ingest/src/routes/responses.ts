import { apiKeyActor, recordAuditEvent } from '@ambassador/db/audit';
import { findResponseView } from '@ambassador/db/responses';
import { NotFoundError } from '@ambassador/domain/errors';
import { responseInput } from '@ambassador/domain/inputs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';
import { submitResponse } from '../submit-response.ts';

/**
 * Reading a response is an audit event: it holds a client's words. Submitting one is not: the
 * response row is its record (the API can neither change nor delete a response), and this is
 * the path measured at thousands per second, where an audit row each would double the rows
 * every group commit writes.
 */
const responseRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, dependencies) => {
  app.post('/responses', { schema: { body: responseInput } }, async (request, reply) => {
    const { id } = await submitResponse(dependencies, request.body);
    return reply.code(202).header('location', `/api/v1/responses/${id}`).send({ id });
  });

  app.get('/responses/:id', { schema: { params: z.object({ id: z.string() }) } }, async (request) => {
    const { id } = request.params;
    const response = z.uuid().safeParse(id).success ? await findResponseView(dependencies.db, id) : undefined;
    if (!response) throw new NotFoundError('There is no response with this id.');
    // No trail, no data: a failed audit write fails the read.
    await recordAuditEvent(dependencies.db, {
      at: dependencies.clock(),
      actor: apiKeyActor(request.apiKeyId),
      action: 'response.read_by_api',
      subjectId: response.id,
    });
    return response;
  });
};

export default responseRoutes;
