import type { FastifyInstance } from 'fastify';

/**
 * One access-log line per request, when it is answered (method, path, status, time),
 * instead of Fastify's two (received and answered). Routes with a higher `logLevel`, such as
 * health probes, stay out of it. Create the server with `disableRequestLogging: true`.
 */
export function logEachResponse(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ req: request, res: reply, responseTime: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
  });
}
