import type { IncomingHttpHeaders } from 'node:http';

/** What `isCrossSite` reads of a request (a Fastify request has it). */
export interface RequestSource {
  headers: IncomingHttpHeaders;
  protocol: string;
  host: string;
}

/**
 * Whether a form post was made by another site: browsers say where a request comes from in
 * Sec-Fetch-Site, or else in Origin. (Our pages' no-referrer policy makes a same-origin post
 * send `Origin: null`, so that is accepted; Sec-Fetch-Site is what tells them apart.) A
 * request that says neither (not from a browser) is not cross-site: this check stops a
 * browser from posting for someone, nothing else. `trustedOrigins` are the origins our pages
 * are served from (the public base URL), besides the one the request itself names.
 */
export function isCrossSite(request: RequestSource, trustedOrigins: ReadonlySet<string>): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return false;
  return !trustedOrigins.has(origin) && origin !== `${request.protocol}://${request.host}`;
}
