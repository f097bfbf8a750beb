import { apiKeyActor, recordAuditEvent } from '@ambassador/db/audit';
import { findProject, type Project, upsertProject } from '@ambassador/db/projects';
import { NotFoundError } from '@ambassador/domain/errors';
import { integratorId, projectInput } from '@ambassador/domain/inputs';
import { locales } from '@ambassador/domain/vocabulary';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';
import { problemResponses } from '../problem.ts';

/** A project as the API answers it, with its client and contact. */
const projectAnswer = z
  .object({
    id: z.string(),
    name: z.string(),
    client: z.object({ id: z.string(), name: z.string() }),
    contact: z.object({ name: z.string(), email: z.string(), locale: z.enum(locales) }),
    accountManagerId: z.string(),
  })
  .meta({
    description: 'The project, as stored.',
    examples: [
      {
        id: 'P-2026-014',
        name: 'Riolering Oost',
        client: { id: 'gemeente-utrecht', name: 'Gemeente Utrecht' },
        contact: { name: 'Jan Jansen', email: 'jan.jansen@utrecht.example', locale: 'nl' },
        accountManagerId: 'anna',
      },
    ],
  }) satisfies z.ZodType<Project>;

const projectBody = projectInput.meta({
  examples: [
    {
      name: 'Riolering Oost',
      client: { id: 'gemeente-utrecht', name: 'Gemeente Utrecht' },
      contact: { name: 'Jan Jansen', email: 'jan.jansen@utrecht.example' },
      accountManagerId: 'anna',
    },
  ],
});

const params = z.object({ id: integratorId.describe('Your own id of the project.') });

const projectRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, { db, clock }) => {
  app.put(
    '/projects/:id',
    {
      schema: {
        summary: 'Create or replace a project',
        description: 'With its client (by your id) and its contact (by e-mail address), who is invited when the project is closed.',
        tags: ['Projects'],
        params,
        body: projectBody,
        response: { 200: projectAnswer, ...problemResponses({ 422: 'Unknown `accountManagerId`.' }) },
      },
    },
    async (request) => {
      const project = await upsertProject(db, request.params.id, request.body);
      // upsertProject commits its own transaction: the audit event follows it. Should that
      // write fail, the call fails (500) and the integrator's retry, a PUT, records it.
      await recordAuditEvent(db, { at: clock(), actor: apiKeyActor(request.apiKeyId), action: 'project.upserted', subjectId: project.id });
      return project;
    },
  );

  app.get(
    '/projects/:id',
    {
      schema: {
        summary: 'Read a project',
        description: 'What `PUT` stored, so that a sync can check itself.',
        tags: ['Projects'],
        params,
        response: { 200: projectAnswer, ...problemResponses({ 404: 'There is no project with this id.' }) },
      },
    },
    async (request) => {
      const project = await findProject(db, request.params.id);
      if (!project) throw new NotFoundError('There is no project with this id.');
      return project;
    },
  );
};

export default projectRoutes;
