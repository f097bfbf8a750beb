import { apiKeyActor, recordAuditEvent } from '@ambassador/db/audit';
import { type Employee, findEmployee, upsertEmployee } from '@ambassador/db/employees';
import { NotFoundError } from '@ambassador/domain/errors';
import { employeeInput, integratorId } from '@ambassador/domain/inputs';
import { alertChannelNames, locales } from '@ambassador/domain/vocabulary';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';
import { problemResponses } from '../problem.ts';

/** An employee as the API answers it: what `PUT` stored, with the defaults filled in. */
const employeeAnswer = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    managerId: z.string().nullable(),
    locale: z.enum(locales),
    division: z.string().nullable(),
    digestOptOut: z.boolean(),
    phone: z.string().nullable(),
    alertChannels: z.array(z.enum(alertChannelNames)),
  })
  .meta({
    description: 'The employee, as stored.',
    examples: [
      {
        id: 'anna',
        name: 'Anna de Vries',
        email: 'anna@firm.example',
        managerId: 'marieke',
        locale: 'nl',
        division: 'Infra',
        digestOptOut: false,
        phone: '+31612345678',
        alertChannels: ['email', 'sms'],
      },
    ],
  }) satisfies z.ZodType<Employee>;

const employeeBody = employeeInput.meta({
  examples: [
    { name: 'Anna de Vries', email: 'anna@firm.example', managerId: 'marieke', locale: 'nl', division: 'Infra' },
  ],
});

const params = z.object({ id: integratorId.describe('Your own id of the employee.') });

const employeeRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, { db, clock }) => {
  app.put(
    '/employees/:id',
    {
      schema: {
        summary: 'Create or replace an employee',
        description:
          'PUT replaces: an omitted `managerId` or `division` means none, an omitted `locale` means `nl`. ' +
          'Omitted `digestOptOut`, `phone` and `alertChannels` keep what is stored, so a sync that does not know them cannot undo what people set themselves.',
        tags: ['Employees'],
        params,
        body: employeeBody,
        response: {
          200: employeeAnswer,
          ...problemResponses({
            409: 'Another employee has this e-mail address.',
            422: 'Unknown or circular `managerId`, or `"sms"` in `alertChannels` without a phone.',
          }),
        },
      },
    },
    async (request) =>
      // The change and its audit event commit together.
      db.transaction().execute(async (trx) => {
        const employee = await upsertEmployee(trx, request.params.id, request.body);
        await recordAuditEvent(trx, { at: clock(), actor: apiKeyActor(request.apiKeyId), action: 'employee.upserted', subjectId: employee.id });
        return employee;
      }),
  );

  app.get(
    '/employees/:id',
    {
      schema: {
        summary: 'Read an employee',
        description: 'What `PUT` stored, so that a sync can check itself.',
        tags: ['Employees'],
        params,
        response: { 200: employeeAnswer, ...problemResponses({ 404: 'There is no employee with this id.' }) },
      },
    },
    async (request) => {
      const employee = await findEmployee(db, request.params.id);
      if (!employee) throw new NotFoundError('There is no employee with this id.');
      return employee;
    },
  );
};

export default employeeRoutes;
