import { upsertEmployee } from '@ambassador/db/employees';
import { employeeInput, integratorId } from '@ambassador/domain/inputs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';

const employeeRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, { db }) => {
  app.put(
    '/employees/:id',
    { schema: { params: z.object({ id: integratorId }), body: employeeInput } },
    async (request) => upsertEmployee(db, request.params.id, request.body),
  );
};

export default employeeRoutes;
