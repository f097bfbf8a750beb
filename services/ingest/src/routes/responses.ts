import { findResponseView } from '@ambassador/db/responses';
import { NotFoundError } from '@ambassador/domain/errors';
import { responseInput } from '@ambassador/domain/inputs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';
import { submitResponse } from '../submit-response.ts';

const responseRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, dependencies) => {
  app.post('/responses', { schema: { body: responseInput } }, async (request, reply) => {
    const { id } = await submitResponse(dependencies, request.body);
    return reply.code(202).header('location', `/api/v1/responses/${id}`).send({ id });
  });

  app.get('/responses/:id', { schema: { params: z.object({ id: z.string() }) } }, async (request) => {
    const { id } = request.params;
    const response = z.uuid().safeParse(id).success ? await findResponseView(dependencies.db, id) : undefined;
    if (!response) throw new NotFoundError('There is no response with this id.');
    return response;
  });
};

export default responseRoutes;
