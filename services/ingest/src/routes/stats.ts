import { type PipelineStats, pipelineStats } from '@ambassador/db/stats';
import { DAY_MS } from '@ambassador/domain/calendar';
import { UnprocessableError } from '@ambassador/domain/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';
import { problemResponses } from '../problem.ts';

/** A calendar date (UTC; as the end of a period, the whole day counts) or an ISO 8601 instant. */
function boundary(end: boolean) {
  return z.string().transform((value, context) => {
    if (z.iso.date().safeParse(value).success) {
      const start = new Date(`${value}T00:00:00Z`);
      return end ? new Date(start.getTime() + DAY_MS) : start;
    }
    if (z.iso.datetime({ offset: true }).safeParse(value).success) return new Date(value);
    context.addIssue({ code: 'custom', message: 'must be a date (YYYY-MM-DD) or an ISO 8601 time' });
    return z.NEVER;
  });
}

const count = z.number().int();

const statsAnswer = z
  .object({
    period: z.object({ from: z.date(), to: z.date() }),
    invitations: z.object({
      sent: count,
      answered: count,
      responseRate: z.number().nullable().describe('answered / sent, from 0 to 1; null when none was sent.'),
    }),
    responses: z.object({ total: count, positive: count, neutral: count, negative: count, unclassified: count, hotLeads: count }),
    nps: z
      .object({ promoters: count, passives: count, detractors: count, score: z.number().int().nullable() })
      .describe('The Net Promoter Score of the responses with a `recommendScore` (9–10 promoters, 7–8 passives, 0–6 detractors): % promoters − % detractors, rounded half away from zero; null when none has a score.'),
  })
  .meta({
    description: 'The figures of the period.',
    examples: [
      {
        period: { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' },
        invitations: { sent: 120, answered: 54, responseRate: 0.45 },
        responses: { total: 61, positive: 22, neutral: 30, negative: 8, unclassified: 1, hotLeads: 9 },
        nps: { promoters: 20, passives: 25, detractors: 8, score: 23 },
      },
    ],
  }) satisfies z.ZodType<PipelineStats & { period: { from: Date; to: Date } }>;

/**
 * `GET /api/v1/stats?from=2026-01-01&to=2026-12-31`: invitations sent and answered, the
 * response rate, and responses per group, for a period (both dates included). Without
 * `from` the period starts at the beginning; without `to` it ends now.
 */
const statsRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, { db, clock }) => {
  app.get(
    '/stats',
    {
      schema: {
        summary: 'Response rate and responses per group',
        description: 'For a period, both dates included (UTC). Without `from` the period starts at the beginning; without `to` it ends now.',
        tags: ['Statistics'],
        querystring: z.strictObject({
          from: boundary(false).optional().meta({ description: 'First day (`YYYY-MM-DD`) or instant (ISO 8601).', examples: ['2026-01-01'] }),
          to: boundary(true).optional().meta({ description: 'Last day (`YYYY-MM-DD`) or instant (ISO 8601).', examples: ['2026-12-31'] }),
        }),
        response: { 200: statsAnswer, ...problemResponses({ 422: 'The period ends before it starts.' }) },
      },
    },
    async (request) => {
      const from = request.query.from ?? new Date(0);
      const to = request.query.to ?? clock();
      if (to <= from) throw new UnprocessableError('The period must end after it starts.', 'to');
      return { period: { from, to }, ...(await pipelineStats(db, from, to)) };
    },
  );
};

export default statsRoutes;
