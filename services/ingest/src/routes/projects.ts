import { upsertProject } from '@ambassador/db/projects';
import { integratorId, projectInput } from '@ambassador/domain/inputs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';

const projectRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, { db }) => {
  app.put(
    '/projects/:id',
    { schema: { params: z.object({ id: integratorId }), body: projectInput } },
    async (request) => upsertProject(db, request.params.id, request.body),
  );
};

export default projectRoutes;
