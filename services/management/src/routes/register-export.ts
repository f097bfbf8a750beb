import { recordAuditEvent } from '@ambassador/db/audit';
import { streamRegisterRows } from '@ambassador/db/register';
import type { FastifyInstance } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';
import { sendErrorPage } from '../plugins/pages.ts';
import { scopeOfRequest, viewer } from '../plugins/session.ts';
import { registerCsv, registerCsvType, registerXlsx, registerXlsxType } from '../views/register-export.ts';
import { filtersOf, registerQuery, tabOrder } from './register-filters.ts';

const formats = {
  csv: { type: registerCsvType, write: registerCsv },
  xlsx: { type: registerXlsxType, write: registerXlsx },
} as const;

/**
 * The register's rows as a file (`/register.csv`, `/register.xlsx`): the page's filters, one
 * group or (without `group`) all three, streamed from a cursor into the reply.
 */
export default async function registerExportRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, clock, timeZone } = dependencies;

  for (const [extension, format] of Object.entries(formats)) {
    app.get(`/register.${extension}`, async (request, reply) => {
      const parsed = registerQuery.safeParse(request.query);
      if (!parsed.success) return sendErrorPage(request, reply, 400);
      const scope = await scopeOfRequest(dependencies, request);
      // No trail, no export: recorded before the first row leaves, and a failed write fails the request.
      await recordAuditEvent(db, { at: clock(), actor: { type: 'user', email: viewer(request).email }, action: 'register.exported' });
      request.log.info({ format: extension }, 'register exported');
      const rows = streamRegisterRows(db, scope, parsed.data.group ? [parsed.data.group] : tabOrder, filtersOf(parsed.data));
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="ambassador-register-${clock().toISOString().slice(0, 10)}.${extension}"`)
        .type(format.type)
        .send(format.write(rows, timeZone));
    });
  }
}
