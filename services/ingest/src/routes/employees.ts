import { apiKeyActor, recordAuditEvent } from '@ambassador/db/audit';
import { upsertEmployee } from '@ambassador/db/employees';
import { employeeInput, integratorId } from '@ambassador/domain/inputs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';

const employeeRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, { db, clock }) => {
  app.put(
    '/employees/:id',
    { schema: { params: z.object({ id: integratorId }), body: employeeInput } },
    async (request) =>
      // The change and its audit event commit together.
      db.transaction().execute(async (trx) => {
        const employee = await upsertEmployee(trx, request.params.id, request.body, clock());
        await recordAuditEvent(trx, { at: clock(), actor: apiKeyActor(request.apiKeyId), action: 'employee.upserted', subjectId: employee.id });
        return employee;
      }),
  );
};

export default employeeRoutes;
