import { purposeKey } from '@ambassador/domain/tokens';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';
import { isCrossSite } from '@ambassador/http/cross-site';
import { isEmailLinkRoute } from './email-links.ts';
import { sendErrorPage } from './pages.ts';
import { cookieName, cookieOptions, sessionBinding } from './session.ts';

/**
 * Request forgery: every form of ours carries a CSRF token (a secret in an HttpOnly cookie,
 * the token bound to the session it was made in); Bull Board, which posts JSON from its own
 * page without our token, is held to requests from our own origin.
 */

declare module 'fastify' {
  interface FastifyReply {
    /** A CSRF token for a form on this page, bound to the request's session. Never `generateCsrf()` itself. */
    csrfToken(): string;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function registerCsrf(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: cookieName(dependencies, 'ambassador_csrf'),
    cookieOpts: cookieOptions(dependencies),
    csrfOpts: { hmacKey: purposeKey(dependencies.secretKey, 'csrf-token') },
    getUserInfo: (request) => sessionBinding(dependencies, request),
    getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf,
  });
  app.decorateReply('csrfToken', function csrfToken(this: FastifyReply) {
    return this.generateCsrf({ userInfo: sessionBinding(dependencies, this.request) });
  });
}

/**
 * A preHandler: a POST (or any other unsafe method) without the token of its page gets 403.
 * Except the POSTs of the links in e-mails (login, "I am on it", unsubscribe): their pages
 * have no session to keep a token with; their signature and a same-origin check guard them
 * instead (`emailLinkPost` in email-links.ts).
 */
export function requireCsrfToken(app: FastifyInstance) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (SAFE_METHODS.has(request.method) || isEmailLinkRoute(request)) done();
    else app.csrfProtection(request, reply, done);
  };
}

/**
 * An onRequest hook for Bull Board: its actions (PUT, POST, PATCH from its own page) are
 * refused (403) unless they come from our own origin. Another origin of the same site (a
 * sibling subdomain, another port) would get the SameSite=Lax session cookie, so "same site"
 * is not enough.
 */
export function requireSameOrigin(dependencies: ManagementDependencies) {
  const trustedOrigins = new Set([new URL(dependencies.baseUrl).origin]);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!SAFE_METHODS.has(request.method) && isCrossSite(request, trustedOrigins)) {
      request.log.warn({ secFetchSite: request.headers['sec-fetch-site'] ?? null }, 'cross-origin request refused');
      await sendErrorPage(request, reply, 403);
    }
  };
}
