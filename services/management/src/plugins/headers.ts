import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';
import { secureCookies } from './session.ts';

/**
 * The security headers of every response: pages, error pages, /metrics and Bull Board. Pages
 * load nothing from elsewhere and run no script; their one style element carries the nonce
 * helmet makes per response.
 */
export function securityHeaders(dependencies: Pick<ManagementDependencies, 'baseUrl'>): FastifyHelmetOptions {
  return {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: [],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: secureCookies(dependencies),
  };
}

/**
 * Bull Board's page runs its own scripts from /queues/static (and nothing else: no inline
 * script, no eval), asks its API from the same origin and sets `<base href="/queues/">`. Its
 * job editor (CodeMirror) writes its styles into `<style>` elements without a nonce, so
 * styles may be inline here; a style cannot run code. Its link to Google Fonts is refused
 * (the system font shows).
 */
const bullBoardPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join(';');

/** An onRequest hook for Bull Board's routes, after helmet's: its own policy instead of the pages'. */
export async function useBullBoardPolicy(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('content-security-policy', bullBoardPolicy);
}
