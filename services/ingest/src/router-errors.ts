import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { problemFromError, sendProblem } from './problem.ts';

/**
 * Fastify's router refuses some paths before any hook, route or error handler runs: a path
 * parameter that is not valid percent-encoding (400), or one longer than `maxParamLength`
 * (414). By default it answers those with a bare JSON body of its own, neither the API's
 * problem+json nor one of the form's pages.
 */

/** find-my-way's default, which Fastify keeps: longer path parameters are refused. */
const MAX_PARAM_LENGTH = 100;

/** Where the client's form lives (`/s/{token}`), and the link it answers as unknown. */
const FORM_PREFIX = '/s/';
const UNKNOWN_FORM_LINK = '/s/-';

/** What a segment of a link we made can hold: tokens are base64url; nothing needs escaping. */
const PLAIN_SEGMENT = /^[A-Za-z0-9._~-]*$/u;

/**
 * For Fastify's `rewriteUrl`: a path under /s/ with a segment that no link of ours can
 * have (escaped or unusual characters, or too long) is routed as the unknown link, so the
 * client gets the form's own 404 page and headers, as for any link that does not work,
 * instead of the router's JSON. Other paths are left as they are.
 */
export function routeUnreadableFormLinks(request: IncomingMessage): string {
  const url = request.url ?? '/';
  if (!url.startsWith(FORM_PREFIX)) return url;
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const readable = path
    .slice(FORM_PREFIX.length)
    .split('/')
    .every((segment) => segment.length <= MAX_PARAM_LENGTH && PLAIN_SEGMENT.test(segment));
  return readable ? url : `${UNKNOWN_FORM_LINK}${queryStart === -1 ? '' : url.slice(queryStart)}`;
}

/** For Fastify's `frameworkErrors`: what the router refuses is a problem+json like every other error. */
export function answerRouterError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void sendProblem(reply, { ...problemFromError(error, request), instance: request.url });
}
