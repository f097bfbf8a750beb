import { hash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { problem, sendProblem } from '../problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** A short, non-secret fingerprint of the API key the request used. */
    apiKeyId?: string;
  }
}

function digest(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

/**
 * `Authorization: Bearer <key>` on every route of the scope it is registered in. Keys are
 * compared as SHA-256 digests in constant time; with no keys configured every call is refused.
 */
export default fp(
  (app: FastifyInstance, options: { apiKeys: readonly string[] }) => {
    const known = options.apiKeys.map(digest);
    app.decorateRequest('apiKeyId', undefined);
    app.addHook('onRequest', async (request, reply) => {
      const match = /^Bearer\s+(\S+)\s*$/iu.exec(request.headers.authorization ?? '');
      const presented = match?.[1] ? digest(match[1]) : undefined;
      const valid = presented !== undefined && known.some((key) => timingSafeEqual(key, presented));
      if (!valid) {
        reply.header('www-authenticate', 'Bearer realm="ambassador"');
        return sendProblem(reply, {
          ...problem(401, 'A valid API key is required: send it as "Authorization: Bearer <key>".'),
          instance: request.url,
        });
      }
      request.apiKeyId = presented.subarray(0, 4).toString('hex');
    });
  },
  { name: 'api-keys' },
);
