import { type FastifyInstance, LogController } from 'fastify';

/**
 * Fastify's own per-request lines (received, and answered) switched off: create the server
 * with `logController: withoutFastifyRequestLogs()`, and add `logEachResponse` in their place.
 */
export function withoutFastifyRequestLogs(): LogController {
  return new LogController({ disableRequestLogging: true });
}

/**
 * One access-log line per request, when it is answered (method, path, status, time),
 * instead of Fastify's two (received and answered). Routes with a higher `logLevel`, such as
 * health probes, stay out of it.
 */
export function logEachResponse(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ req: request, res: reply, responseTime: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
  });
}
