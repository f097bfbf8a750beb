import type { Redis } from '@ambassador/queue/connection';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { groupedRedisStore } from './grouped-rate-limit-store.ts';

export interface ApiRateLimitOptions {
  /** Requests per minute per API key; `0` turns the limit off. */
  perMinute: number;
  /** Prefix of the counters in Redis. */
  namespace: string;
  /** A producer connection: while Redis is down, counting fails fast and the API goes on unlimited. */
  redis: Redis;
}

/** The error the 429 is made from: the app's error handler turns it into problem+json. */
class RateLimitExceeded extends Error {
  readonly statusCode = 429;
}

/**
 * A budget of requests per minute for each API key, on every route of the scope it is
 * registered in, after `api-keys`.
 *
 * Counted by key, not by address: one integrator's sync may come from many machines, and
 * many integrators from one gateway. The counter is the key's fingerprint
 * (`request.apiKeyId`, set by `api-keys`), never the key. The limit's hook is added to each
 * route, so it runs after the scope's own hooks: a request without a valid key has been
 * refused (401) before it is counted, and cannot spend a key's budget. Such requests are not
 * counted by address either: refusing one costs a SHA-256 and no I/O, less than counting it
 * in Redis would.
 *
 * The counters live in Redis, so several ingest instances share one budget; while Redis is
 * down the API goes on unlimited (`skipOnError`), as storing a response matters more. The
 * requests of a key that arrive together are counted with one Redis call (see
 * `grouped-rate-limit-store.ts`).
 */
export default fp(
  async (app: FastifyInstance, options: ApiRateLimitOptions) => {
    if (options.perMinute === 0) return;
    await app.register(rateLimit, {
      max: options.perMinute,
      timeWindow: 60_000,
      store: groupedRedisStore(options.redis, options.namespace),
      skipOnError: true,
      keyGenerator: (request: FastifyRequest) => `key-${request.apiKeyId ?? 'none'}`,
      errorResponseBuilder: (_request, context) =>
        new RateLimitExceeded(`This API key made more than ${context.max} requests in a minute: retry in ${context.after}.`),
    });
  },
  { name: 'api-rate-limit', dependencies: ['api-keys'] },
);
