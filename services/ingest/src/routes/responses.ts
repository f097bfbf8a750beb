import { apiKeyActor, recordAuditEvent } from '@ambassador/db/audit';
import { findResponseView, type ResponseView } from '@ambassador/db/responses';
import { NotFoundError } from '@ambassador/domain/errors';
import { responseInput } from '@ambassador/domain/inputs';
import { alertRoles, alertStatuses, deliveryChannels, deliveryStatuses, destinationKinds, eventTypes, followUpStatuses, groups, satisfactions } from '@ambassador/domain/vocabulary';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';
import { problemResponses } from '../problem.ts';
import { submitResponse } from '../submit-response.ts';

const responseBody = responseInput.meta({
  examples: [
    {
      projectId: 'P-2026-014',
      satisfaction: 'meer_dan_tevreden',
      motivation: 'Snel geschakeld toen de planning schoof.',
      wouldRecommend: true,
      wantsMoreServices: true,
    },
  ],
});

/** A response as the API shows it: the answers, the group once classified, and every alert with its messages. */
const responseAnswer = z
  .object({
    id: z.uuid(),
    projectId: z.string(),
    satisfaction: z.enum(satisfactions),
    motivation: z.string().nullable(),
    wouldRecommend: z.boolean(),
    recommendScore: z.number().int().min(0).max(10).nullable().describe('0–10, when it was asked; null otherwise.'),
    wantsMoreServices: z.boolean(),
    submittedAt: z.date(),
    group: z.enum(groups).nullable().describe('Null until classified.'),
    classifiedAt: z.date().nullable(),
    alerts: z
      .array(
        z.object({
          role: z.enum(alertRoles),
          email: z.string(),
          status: z.enum(alertStatuses).describe("The e-mail's status."),
          sentAt: z.date().nullable(),
          deliveries: z
            .array(
              z.object({
                channel: z.enum(deliveryChannels),
                status: z.enum(deliveryStatuses),
                sentAt: z.date().nullable(),
                deliveredAt: z.date().nullable(),
              }),
            )
            .describe('One per channel the alert went over.'),
        }),
      )
      .describe('One per recipient role; none for a neutral response.'),
    followUp: z.object({ status: z.enum(followUpStatuses), updatedAt: z.date().nullable() }),
    destinations: z
      .array(
        z.object({
          id: z.string().describe("The destination's id."),
          channel: z.enum(destinationKinds),
          event: z.enum([...eventTypes, 'destination.test']),
          status: z.enum(deliveryStatuses),
          sentAt: z.date().nullable(),
        }),
      )
      .describe("Each event about the response, to each of the firm's destinations (webhooks, Teams, Slack) that got it."),
  })
  .meta({
    description: 'The response.',
    examples: [
      {
        id: '5d0c8a8e-2b7f-4a51-9f0e-6c3d2e1b7a90',
        projectId: 'P-2026-014',
        satisfaction: 'meer_dan_tevreden',
        motivation: 'Snel geschakeld toen de planning schoof.',
        wouldRecommend: true,
        recommendScore: 9,
        wantsMoreServices: true,
        submittedAt: '2026-12-01T10:15:02.114Z',
        group: 'positive',
        classifiedAt: '2026-12-01T10:15:02.301Z',
        alerts: [
          {
            role: 'account_manager',
            email: 'anna@firm.example',
            status: 'sent',
            sentAt: '2026-12-01T10:15:03.020Z',
            deliveries: [{ channel: 'email', status: 'sent', sentAt: '2026-12-01T10:15:03.020Z', deliveredAt: null }],
          },
        ],
        followUp: { status: 'open', updatedAt: null },
        destinations: [{ id: 'crm', channel: 'webhook', event: 'response.classified', status: 'sent', sentAt: '2026-12-01T10:15:03.101Z' }],
      },
    ],
  }) satisfies z.ZodType<ResponseView>;

/**
 * Reading a response is an audit event: it holds a client's words. Submitting one is not: the
 * response row is its record (the API can neither change nor delete a response), and this is
 * the path measured at thousands per second, where an audit row each would double the rows
 * every group commit writes.
 */
const responseRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, dependencies) => {
  app.post(
    '/responses',
    {
      schema: {
        summary: 'Submit a response',
        description:
          'Stored before the answer is sent: a 202 means it is committed, and it is classified and alerted on within a second. ' +
          "`respondent` defaults to the project's contact; a project has at most one response per respondent address.",
        tags: ['Responses'],
        body: responseBody,
        response: {
          202: z
            .object({ id: z.uuid() })
            .meta({ description: 'Stored; its URL is in `Location`.', examples: [{ id: '5d0c8a8e-2b7f-4a51-9f0e-6c3d2e1b7a90' }] }),
          ...problemResponses({
            409: 'This respondent already answered for this project.',
            422: "Unknown `projectId`, or a project whose contact was erased without a `respondent`.",
          }),
        },
      },
    },
    async (request, reply) => {
      const { id } = await submitResponse(dependencies, request.body);
      return reply.code(202).header('location', `/api/v1/responses/${id}`).send({ id });
    },
  );

  app.get(
    '/responses/:id',
    {
      schema: {
        summary: 'Read a response',
        description: 'With its group once classified, every alert and the state of each message. Each read is recorded in the audit trail.',
        tags: ['Responses'],
        params: z.object({ id: z.string().describe('The id `POST /api/v1/responses` answered.') }),
        response: { 200: responseAnswer, ...problemResponses({ 404: 'There is no response with this id.' }) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const response = z.uuid().safeParse(id).success ? await findResponseView(dependencies.db, id) : undefined;
      if (!response) throw new NotFoundError('There is no response with this id.');
      // No trail, no data: a failed audit write fails the read.
      await recordAuditEvent(dependencies.db, {
        at: dependencies.clock(),
        actor: apiKeyActor(request.apiKeyId),
        action: 'response.read_by_api',
        subjectId: response.id,
      });
      return response;
    },
  );
};

export default responseRoutes;
