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
    async (request) => {
      const project = await upsertProject(db, request.params.id, request.body);
      // upsertProject commits its own transaction: the audit event follows it. Should that
      // write fail, the call fails (500) and the integrator's retry, a PUT, records it.
      await recordAuditEvent(db, { at: clock(), actor: apiKeyActor(request.apiKeyId), action: 'project.upserted', subjectId: project.id });
      return project;
    },
  );
};

export default projectRoutes;
