import { pipelineStats } from '@ambassador/db/stats';
import { DAY_MS } from '@ambassador/domain/calendar';
import { UnprocessableError } from '@ambassador/domain/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';

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

/**
 * `GET /api/v1/stats?from=2026-01-01&to=2026-12-31`: invitations sent and answered, the
 * response rate, and responses per group, for a period (both dates included). Without
 * `from` the period starts at the beginning; without `to` it ends now.
 */
const statsRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, { db, clock }) => {
  app.get(
    '/stats',
    { schema: { querystring: z.strictObject({ from: boundary(false).optional(), to: boundary(true).optional() }) } },
    async (request) => {
      const from = request.query.from ?? new Date(0);
      const to = request.query.to ?? clock();
      if (to <= from) throw new UnprocessableError('The period must end after it starts.', 'to');
      return { period: { from, to }, ...(await pipelineStats(db, from, to)) };
    },
  );
};

export default statsRoutes;
