import { pingDatabase } from '@ambassador/db/health';
import { runReadinessChecks } from '@ambassador/observability/health-server';
import type { FastifyInstance } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';

export default async function healthRoutes(app: FastifyInstance, { db, redis, registry }: ManagementDependencies): Promise<void> {
  const quiet = { logLevel: 'warn' } as const;
  app.get('/healthz', quiet, () => ({ status: 'ok' }));
  app.get('/readyz', quiet, async (_request, reply) => {
    const result = await runReadinessChecks({
      database: () => pingDatabase(db),
      redis: async () => {
        await redis.ping();
      },
    });
    return reply.code(result.ready ? 200 : 503).send(result);
  });
  app.get('/metrics', quiet, async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}
