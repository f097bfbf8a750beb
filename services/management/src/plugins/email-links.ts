import { isCrossSite } from '@ambassador/http/cross-site';
import type { FastifyRequest, RouteShorthandOptions } from 'fastify';
import { sendErrorPage } from './pages.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The POST of a link from an e-mail: see `emailLinkPost`. */
    emailLink?: boolean;
  }
}

/**
 * Route options for the POST of a link from an e-mail (login, "I am on it", unsubscribe).
 * Mail scanners open every link, so a GET only shows a page with one button, and the
 * button's POST to the same URL acts. That page has no session, so its form carries no CSRF
 * token: app.ts exempts these routes, and only these, from the token check. What protects
 * them instead is the link's own signature or token, which the handler checks, and this:
 * a post that the browser marks as coming from another site is refused (403).
 * `allowCrossSite` names the one kind of request let through anyway (RFC 8058's one-click
 * unsubscribe, which the mail provider posts from its own servers).
 */
export function emailLinkPost(baseUrl: string, allowCrossSite?: (request: FastifyRequest) => boolean): RouteShorthandOptions {
  const trustedOrigins = new Set([new URL(baseUrl).origin]);
  return {
    config: { emailLink: true },
    preHandler: async (request, reply) => {
      if (isCrossSite(request, trustedOrigins) && !allowCrossSite?.(request)) return sendErrorPage(request, reply, 403);
    },
  };
}

/** Whether a request is for a route made with `emailLinkPost`. */
export function isEmailLinkRoute(request: FastifyRequest): boolean {
  return request.routeOptions.config.emailLink === true;
}
