import type { ApiKeyScope } from '@ambassador/config/env';

/**
 * Which scope each /api/v1 route needs (DESIGN.md, "Administration"): `read` for GETs,
 * `write` also for responses, projects and closing, `admin` for everything else: employees
 * (an employee's address is a way to sign in to the management module), erasure and
 * destinations. A route this table does not name needs `admin`, so a new route is closed
 * until someone decides otherwise.
 */
const writeRoutes = new Set(['POST /api/v1/responses', 'PUT /api/v1/projects/:id', 'POST /api/v1/projects/:id/close']);

/** Destinations hold the URLs of the firm's channels (a Slack or Teams URL is itself a credential). */
const adminOnlyPrefixes = ['/api/v1/destinations'];

export function requiredScope(method: string, url: string): ApiKeyScope {
  if (adminOnlyPrefixes.some((prefix) => url === prefix || url.startsWith(`${prefix}/`))) return 'admin';
  if (method === 'GET' || method === 'HEAD') return 'read';
  return writeRoutes.has(`${method} ${url}`) ? 'write' : 'admin';
}

const rank: Record<ApiKeyScope, number> = { read: 0, write: 1, admin: 2 };

/** Whether a key of scope `held` may call a route that needs `needed`. */
export function scopeAllows(held: ApiKeyScope, needed: ApiKeyScope): boolean {
  return rank[held] >= rank[needed];
}
