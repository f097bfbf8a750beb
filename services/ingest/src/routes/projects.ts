import { apiKeyActor, recordAuditEvent } from '@ambassador/db/audit';
import { upsertProject } from '@ambassador/db/projects';
import { integratorId, projectInput } from '@ambassador/domain/inputs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';

const projectRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, { db, clock }) => {
  app.put(
    '/projects/:id',
    { schema: { params: z.object({ id: integratorId }), body: projectInput } },
    async (request) =>
      // The change and its audit event commit together.
      db.transaction().execute(async (trx) => {
        const project = await upsertProject(trx, request.params.id, request.body);
        await recordAuditEvent(trx, { at: clock(), actor: apiKeyActor(request.apiKeyId), action: 'project.upserted', subjectId: project.id });
        return project;
      }),
  );
};

export default projectRoutes;
