import type { ApiKey, ApiKeyScope } from '@ambassador/config/env';
import { hash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { requiredScope, scopeAllows } from '../api-scopes.ts';
import { problem, sendProblem } from '../problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** A short, non-secret fingerprint of the API key the request used. */
    apiKeyId?: string;
  }
  interface FastifyContextConfig {
    /** The scope an API key needs for this route (set by `api-keys` for every route of its scope). */
    scope?: ApiKeyScope;
  }
}

function digest(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

/**
 * `Authorization: Bearer <key>` on every route of the scope it is registered in. Keys are
 * compared as SHA-256 digests in constant time; with no keys configured every call is refused
 * (401). Each route gets the scope it needs (`requiredScope`) in its config, where the API
 * reference reads it too; a key used beyond its scope is refused with 403.
 */
export default fp(
  (app: FastifyInstance, options: { apiKeys: readonly ApiKey[] }) => {
    const known = options.apiKeys.map(({ key, scope }) => ({ digest: digest(key), scope }));
    app.decorateRequest('apiKeyId', undefined);
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const scopes = methods.map((method) => requiredScope(method, route.url));
      route.config = { ...route.config, scope: scopes.includes('admin') ? 'admin' : scopes.includes('write') ? 'write' : 'read' };
    });
    app.addHook('onRequest', async (request, reply) => {
      const match = /^Bearer\s+(\S+)\s*$/iu.exec(request.headers.authorization ?? '');
      const presented = match?.[1] ? digest(match[1]) : undefined;
      const key = presented && known.find((candidate) => timingSafeEqual(candidate.digest, presented));
      if (!presented || !key) {
        reply.header('www-authenticate', 'Bearer realm="ambassador"');
        return sendProblem(reply, {
          ...problem(401, 'A valid API key is required: send it as "Authorization: Bearer <key>".'),
          instance: request.url,
        });
      }
      request.apiKeyId = presented.subarray(0, 4).toString('hex');
      // An unknown path has no route config: it goes on to its 404.
      const needed = request.routeOptions.config.scope;
      if (needed && !scopeAllows(key.scope, needed)) {
        reply.header('www-authenticate', `Bearer realm="ambassador", error="insufficient_scope", scope="${needed}"`);
        return sendProblem(reply, {
          ...problem(403, `This API key has the scope "${key.scope}"; ${request.method} ${request.routeOptions.url ?? ''} needs "${needed}".`),
          instance: request.url,
        });
      }
    });
  },
  { name: 'api-keys' },
);
