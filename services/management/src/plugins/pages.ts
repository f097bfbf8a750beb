import type { Locale } from '@ambassador/domain/vocabulary';
import { html } from '@ambassador/html/template';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { page, type PageOptions } from '../views/layout.ts';
import { messages } from '../views/messages.ts';

export function localeOf(request: FastifyRequest): Locale {
  return request.viewer?.locale ?? 'nl';
}

/**
 * Sends a full page: the CSP nonce, the viewer and a fresh CSRF token for its logout form. In
 * the viewer's language, unless `locale` names the language of the person a page is for.
 */
export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  { locale, ...options }: Omit<PageOptions, 'nonce' | 'locale' | 'viewer' | 'csrfToken'> & { locale?: Locale },
): FastifyReply {
  const viewer = request.viewer ?? undefined;
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      page({
        ...options,
        locale: locale ?? localeOf(request),
        nonce: reply.cspNonce.style,
        viewer,
        csrfToken: viewer ? reply.csrfToken() : undefined,
      }),
    );
}

type ErrorPage = 'notFound' | 'forbidden' | 'badRequest' | 'tooMany' | 'error';

const statusPages: [number, ErrorPage][] = [
  [404, 'notFound'],
  [403, 'forbidden'],
  [429, 'tooMany'],
];

export function sendErrorPage(request: FastifyRequest, reply: FastifyReply, status: number): FastifyReply {
  const m = messages[localeOf(request)].errors;
  const kind: ErrorPage = statusPages.find(([code]) => code === status)?.[1] ?? (status < 500 ? 'badRequest' : 'error');
  const [title, text] = (
    {
      notFound: [m.notFoundTitle, m.notFound],
      forbidden: [m.forbiddenTitle, m.forbidden],
      badRequest: [m.badRequestTitle, m.badRequest],
      tooMany: [m.tooManyTitle, m.tooMany],
      error: [m.errorTitle, m.error],
    } satisfies Record<ErrorPage, [string, string]>
  )[kind];
  return sendPage(request, reply, status, { title, body: html`<h1>${title}</h1><p>${text}</p>` });
}
