import type { TrustProxy } from '@ambassador/config/env';
import { logEachResponse, withoutFastifyRequestLogs } from '@ambassador/observability/access-log';
import type { Logger } from '@ambassador/observability/logger';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { IngestDependencies } from './dependencies.ts';
import apiDocs from './plugins/api-docs.ts';
import apiKeys from './plugins/api-keys.ts';
import apiReference from './plugins/api-reference.ts';
import apiRateLimit from './plugins/api-rate-limit.ts';
import problemDetails from './plugins/problem-details.ts';
import formRoutes from './form/routes.ts';
import closeProjectRoutes from './routes/close-project.ts';
import contactRoutes from './routes/contacts.ts';
import destinationRoutes from './routes/destinations.ts';
import employeeRoutes from './routes/employees.ts';
import healthRoutes from './routes/health.ts';
import projectRoutes from './routes/projects.ts';
import responseRoutes from './routes/responses.ts';
import statsRoutes from './routes/stats.ts';
import { answerRouterError, routeUnreadableFormLinks } from './router-errors.ts';
import { formRoutes as formPages } from '@ambassador/links/links';

/** Request bodies over 64 KiB are refused with 413. */
export const BODY_LIMIT = 64 * 1024;

/** How the server meets the network, as opposed to what the app is built from. */
export interface IngestServerOptions {
  /** Which proxies to believe about the client's address and protocol (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy;
}

/** The ingest server, ready to `listen()` (main.ts) or to `inject()` (tests). */
export async function createIngestServer(logger: Logger, dependencies: IngestDependencies, { trustProxy = false }: IngestServerOptions = {}) {
  const app = Fastify({
    loggerInstance: logger,
    logController: withoutFastifyRequestLogs(),
    bodyLimit: BODY_LIMIT,
    forceCloseConnections: 'idle',
    trustProxy,
    rewriteUrl: routeUnreadableFormLinks,
    frameworkErrors: answerRouterError,
  });
  await app.register(ingestApp, dependencies);
  await app.ready();
  return app;
}

export type IngestServer = Awaited<ReturnType<typeof createIngestServer>>;

/** The ingest service as a Fastify plugin: `main.ts` listens, tests `inject()`. */
export default async function ingestApp(app: FastifyInstance, dependencies: IngestDependencies): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(problemDetails);
  // Before any route: it documents the routes as they are added.
  await app.register(apiReference, { publicBaseUrl: dependencies.publicBaseUrl });
  logEachResponse(app);

  app.addHook('onResponse', async (request, reply) => {
    dependencies.metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(healthRoutes, dependencies);
  await app.register(
    async (api) => {
      // JSON only: anything else is 415, not a string that fails validation.
      api.removeContentTypeParser('text/plain');
      await api.register(apiKeys, { apiKeys: dependencies.apiKeys });
      await api.register(apiRateLimit, { redis: dependencies.redis, ...dependencies.apiRateLimit });
      await api.register(employeeRoutes, dependencies);
      await api.register(projectRoutes, dependencies);
      await api.register(closeProjectRoutes, dependencies);
      await api.register(responseRoutes, dependencies);
      await api.register(statsRoutes, dependencies);
      await api.register(contactRoutes, dependencies);
      await api.register(destinationRoutes, dependencies);
    },
    { prefix: '/api/v1' },
  );
  await app.register(apiDocs, { publicBaseUrl: dependencies.publicBaseUrl });
  await app.register(formRoutes, { ...dependencies, prefix: formPages.prefix });
}
