import { apiKeyActor } from '@ambassador/db/audit';
import {
  type Destination,
  type DestinationDelivery,
  findDestination,
  findDestinationDeliveries,
  listDestinations,
  removeDestination,
  saveDestination,
} from '@ambassador/db/destinations';
import { destinationEvents, webhookSecret } from '@ambassador/domain/destinations';
import { UnprocessableError } from '@ambassador/domain/errors';
import { destinationInput, integratorId } from '@ambassador/domain/inputs';
import { deliveryStatuses, destinationKinds, eventTypes } from '@ambassador/domain/vocabulary';
import { checkDestinationUrl, DestinationAddressError } from '@ambassador/http/destination-address';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';
import { problem, problemResponses, sendProblem } from '../problem.ts';

/** How many deliveries `GET /destinations/{id}/deliveries` answers with, newest first. */
const DELIVERY_LOG_LIMIT = 100;

/**
 * The firm's shared destinations (DESIGN.md, "Alert channels and destinations"): a signed
 * webhook, a Teams or a Slack channel. `PUT` creates or updates one; a webhook's secret is in
 * the answer that created it and never again. Its URL is checked here (https, public
 * addresses only) and again by the notifier at every delivery.
 */
const destinationFields = {
  id: z.string(),
  kind: z.enum(destinationKinds),
  url: z.string(),
  events: z.array(z.enum(eventTypes)),
  division: z.string().nullable().describe("Only responses of account managers in this division; null: all."),
  active: z.boolean().describe('False once a `410 Gone` disabled it; a PUT enables it again.'),
  disabledAt: z.date().nullable(),
  disabledReason: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
};

const destinationExample = {
  id: 'crm',
  kind: 'webhook',
  url: 'https://crm.firm.example/hooks/ambassador',
  events: ['response.classified', 'follow_up.recorded'],
  division: null,
  active: true,
  disabledAt: null,
  disabledReason: null,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
};

/** A destination as the API answers it: never its secret, except in the answer that created a webhook. */
const destinationAnswer = z.object(destinationFields).meta({ description: 'The destination.', examples: [destinationExample] }) satisfies z.ZodType<Destination>;

const savedDestinationAnswer = z
  .object({
    ...destinationFields,
    secret: z.string().optional().describe('A webhook\'s signing secret (`whsec_…`): only in the answer that created it. Keep it; it is never shown again.'),
  })
  .meta({ description: 'The destination, as stored.', examples: [{ ...destinationExample, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }] });

const deliveryAnswer = z
  .object({
    id: z.string(),
    event: z.enum([...eventTypes, 'destination.test']),
    responseId: z.string().nullable().describe('Null for a test event.'),
    attempt: z.number().int().describe('Attempts made so far.'),
    status: z.enum(deliveryStatuses),
    statusCode: z.number().int().nullable().describe('The HTTP status the receiver last answered with; null when it did not answer.'),
    at: z.date().describe('When it was sent, failed, or (still pending) queued.'),
  }) satisfies z.ZodType<Omit<DestinationDelivery, 'eventId' | 'lastError'>>;

const destinationBody = destinationInput.meta({
  examples: [{ kind: 'teams', url: 'https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke', division: 'Infra' }],
});

const destinationRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, { db, clock, destinations }) => {
  const params = z.object({ id: integratorId.describe('Your own id of the destination.') });
  const tags = ['Destinations'];
  const notFound = problemResponses({ 404: 'There is no destination with this id.' });

  app.put(
    '/destinations/:id',
    {
      schema: {
        summary: 'Create or replace a destination',
        description:
          'A signed webhook (Standard Webhooks), a Teams Workflows webhook or a Slack incoming webhook. The URL must be https and resolve to a public address. ' +
          'A `webhook` gets its signing secret in the answer that created it, and never again. A PUT of a destination that `410 Gone` disabled enables it again.',
        tags,
        params,
        body: destinationBody,
        response: {
          200: savedDestinationAnswer,
          ...problemResponses({ 422: '`url` is not https or resolves to an address that is not public, or `events` names an unknown event.' }),
        },
      },
    },
    async (request) => {
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
    },
  );

  app.get(
    '/destinations',
    {
      schema: {
        summary: 'List the destinations',
        tags,
        response: { 200: z.object({ destinations: z.array(destinationAnswer) }).meta({ description: 'Every destination, without secrets.' }) },
      },
    },
    async () => ({ destinations: await listDestinations(db) }),
  );

  app.delete(
    '/destinations/:id',
    {
      schema: {
        summary: 'Remove a destination',
        description: 'Its queued deliveries are not sent.',
        tags,
        params,
        response: { 204: z.undefined().describe('Removed.'), ...notFound },
      },
    },
    async (request, reply) => {
      const removed = await removeDestination(db, request.params.id, { now: clock(), actor: apiKeyActor(request.apiKeyId) });
      if (!removed) return sendProblem(reply, problem(404, `There is no destination ${request.params.id}.`));
      return reply.code(204).send();
    },
  );

  app.get(
    '/destinations/:id/deliveries',
    {
      schema: {
        summary: "A destination's delivery log",
        description: `Its last ${DELIVERY_LOG_LIMIT} deliveries, newest first.`,
        tags,
        params,
        response: { 200: z.object({ deliveries: z.array(deliveryAnswer) }).meta({ description: 'The delivery log.' }), ...notFound },
      },
    },
    async (request, reply) => {
      const destination = await findDestination(db, request.params.id);
      if (!destination) return sendProblem(reply, problem(404, `There is no destination ${request.params.id}.`));
      const deliveries = await findDestinationDeliveries(db, destination.id, { limit: DELIVERY_LOG_LIMIT });
      return {
        deliveries: deliveries.map(({ id, event, responseId, attempt, status, statusCode, at }) => ({ id, event, responseId, attempt, status, statusCode, at })),
      };
    },
  );
};

export default destinationRoutes;
