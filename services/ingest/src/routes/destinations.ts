import { apiKeyActor } from '@ambassador/db/audit';
import { findDestination, findDestinationDeliveries, listDestinations, removeDestination, saveDestination } from '@ambassador/db/destinations';
import { destinationEvents, webhookSecret } from '@ambassador/domain/destinations';
import { UnprocessableError } from '@ambassador/domain/errors';
import { destinationInput, integratorId } from '@ambassador/domain/inputs';
import { checkDestinationUrl, DestinationAddressError } from '@ambassador/http/destination-address';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';
import { problem, sendProblem } from '../problem.ts';

/** How many deliveries `GET /destinations/{id}/deliveries` answers with, newest first. */
const DELIVERY_LOG_LIMIT = 100;

/**
 * The firm's shared destinations (DESIGN.md, "Alert channels and destinations"): a signed
 * webhook, a Teams or a Slack channel. `PUT` creates or updates one; a webhook's secret is in
 * the answer that created it and never again. Its URL is checked here (https, public
 * addresses only) and again by the notifier at every delivery.
 */
const destinationRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, { db, clock, destinations }) => {
  const params = z.object({ id: integratorId });

  app.put('/destinations/:id', { schema: { params, body: destinationInput } }, async (request) => {
    const { kind, url, division } = request.body;
    const events = destinationEvents(kind, request.body.events);
    try {
      await checkDestinationUrl(url, destinations);
    } catch (error) {
      if (error instanceof DestinationAddressError) throw new UnprocessableError(`url ${error.message}`, 'url');
      throw error;
    }
    const saved = await saveDestination(db, request.params.id, { kind, url, events, division }, {
      now: clock(),
      actor: apiKeyActor(request.apiKeyId),
      newSecret: webhookSecret(randomBytes(32)),
    });
    request.log.info({ destinationId: saved.destination.id, kind, created: saved.created }, 'destination saved');
    return { ...saved.destination, ...(saved.secret === undefined ? {} : { secret: saved.secret }) };
  });

  app.get('/destinations', async () => ({ destinations: await listDestinations(db) }));

  app.delete('/destinations/:id', { schema: { params } }, async (request, reply) => {
    const removed = await removeDestination(db, request.params.id, { now: clock(), actor: apiKeyActor(request.apiKeyId) });
    if (!removed) return sendProblem(reply, problem(404, `There is no destination ${request.params.id}.`));
    return reply.code(204).send();
  });

  app.get('/destinations/:id/deliveries', { schema: { params } }, async (request, reply) => {
    const destination = await findDestination(db, request.params.id);
    if (!destination) return sendProblem(reply, problem(404, `There is no destination ${request.params.id}.`));
    const deliveries = await findDestinationDeliveries(db, destination.id, { limit: DELIVERY_LOG_LIMIT });
    return {
      deliveries: deliveries.map(({ id, event, responseId, attempt, status, statusCode, at }) => ({ id, event, responseId, attempt, status, statusCode, at })),
    };
  });
};

export default destinationRoutes;
