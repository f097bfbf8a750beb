import { pingDatabase } from '@ambassador/db/health';
import { runReadinessChecks } from '@ambassador/observability/health-server';
import type { FastifyPluginAsync } from 'fastify';
import type { IngestDependencies } from '../dependencies.ts';

/** Liveness, readiness (PostgreSQL and Redis answer) and Prometheus metrics. */
const healthRoutes: FastifyPluginAsync<IngestDependencies> = async (app, { db, redis, registry }) => {
  app.get('/healthz', { logLevel: 'warn' }, () => ({ status: 'ok' }));

  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const result = await runReadinessChecks({
      database: () => pingDatabase(db),
      redis: async () => {
        await redis.ping();
      },
    });
    return reply.code(result.ready ? 200 : 503).send(result);
  });

  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
};

export default healthRoutes;
