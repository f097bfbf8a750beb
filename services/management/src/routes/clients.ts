import { findClientAccount } from '@ambassador/db/client-accounts';
import { integratorId } from '@ambassador/domain/inputs';
import { managementRoutes } from '@ambassador/links/links';
import type { FastifyInstance } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';
import { localeOf, sendErrorPage, sendPage } from '../plugins/pages.ts';
import { scopeOfRequest } from '../plugins/session.ts';
import { clientAccountPage } from '../views/client-account.ts';

/**
 * One client organisation (`/clients/{id}`), within the viewer's scope: an account manager
 * or manager sees the client's projects of their team and what was answered there; a client
 * none of whose projects they may see is a 404, like one that does not exist.
 */
export default async function clientRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, timeZone } = dependencies;

  app.get<{ Params: { id: string } }>(managementRoutes.client, async (request, reply) => {
    if (!integratorId.safeParse(request.params.id).success) return sendErrorPage(request, reply, 404);
    const scope = await scopeOfRequest(dependencies, request);
    const account = await findClientAccount(db, scope, request.params.id);
    if (!account) return sendErrorPage(request, reply, 404);
    const body = clientAccountPage(account, { locale: localeOf(request), timeZone, scoped: scope.kind !== 'all' });
    return sendPage(request, reply, 200, { title: account.name, body, active: 'register' });
  });
}
