import { findOpenInvitation, type InvitationForForm } from '@ambassador/db/invitations';
import { isWellFormedToken, tokenHash } from '@ambassador/domain/tokens';
import type { Locale } from '@ambassador/domain/vocabulary';
import { isCrossSite } from '@ambassador/http/cross-site';
import formBody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IngestDependencies } from '../dependencies.ts';
import { readForm, satisfactionOf, STARTED_IN_EMAIL } from './form-input.ts';
import type { Nonces } from './layout.ts';
import { type BilingualPage, bilingualPages } from './messages.ts';
import { renderAlreadyAnsweredPage, renderBilingualPage, renderFormPage, renderThanksPage } from './pages.ts';
import { formAnswerParameter, formRoutes as formPages } from '@ambassador/links/links';

/**
 * The client's one-page form at `/s/{token}`: server-rendered, no JavaScript needed, no
 * external resources, no cookies. Unknown, expired and malformed links look the same (404).
 */

interface TokenParams {
  token: string;
}

class PageError extends Error {
  readonly page: BilingualPage;
  constructor(page: BilingualPage) {
    super(page);
    this.page = page;
  }
}

function nonces(reply: FastifyReply): Nonces {
  return { style: reply.cspNonce.style, script: reply.cspNonce.script };
}

function chosenLocale(request: FastifyRequest, fallback: Locale): Locale {
  const { lang } = request.query as { lang?: unknown };
  return lang === 'en' || lang === 'nl' ? lang : fallback;
}

export default async function formRoutes(app: FastifyInstance, dependencies: IngestDependencies): Promise<void> {
  const { db, intake, clock, brand, formRateLimit, recommendQuestion } = dependencies;
  const trustedOrigins = new Set([new URL(dependencies.publicBaseUrl).origin]);

  // Form posts only: JSON or text is answered 415, not parsed into a half-valid answer.
  app.removeAllContentTypeParsers();
  await app.register(formBody, { bodyLimit: 64 * 1024 });
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: [],
        scriptSrc: [],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: dependencies.publicBaseUrl.startsWith('https:'),
  });
  await app.register(rateLimit, {
    max: formRateLimit.perMinute,
    timeWindow: 60_000,
    // Shared by every ingest instance; while Redis is down, forms keep working unlimited.
    redis: dependencies.redis,
    nameSpace: formRateLimit.namespace,
    skipOnError: true,
    errorResponseBuilder: () => new PageError('tooManyRequests'),
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (request.method === 'POST' && isCrossSite(request, trustedOrigins)) throw new PageError('forbidden');
  });

  app.setErrorHandler((error, request, reply) => {
    const { page, status } = pageFor(error);
    if (status >= 500) request.log.error({ err: error }, 'form request failed');
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(renderBilingualPage(page, brand, nonces(reply)));
  });

  // Under /s/ every wrong path is a link that does not work: the form's 404 page, not JSON.
  app.setNotFoundHandler(async () => {
    throw new PageError('notFound');
  });

  /** The open invitation behind a token, or a 404 page that says nothing about why. */
  async function invitationFor(token: string): Promise<InvitationForForm> {
    const invitation = isWellFormedToken(token) ? await findOpenInvitation(db, tokenHash(token), clock()) : undefined;
    if (!invitation) throw new PageError('notFound');
    return invitation;
  }

  /** What every page of an invitation is rendered with: the contact's language unless they chose, and this response's nonces. */
  function pageContext(request: FastifyRequest, reply: FastifyReply, invitation: InvitationForForm) {
    return { locale: chosenLocale(request, invitation.contactLocale), brand, nonces: nonces(reply), recommendQuestion };
  }

  function html(reply: FastifyReply, status: number, page: string): FastifyReply {
    return reply.code(status).type('text/html; charset=utf-8').send(page);
  }

  // `?satisfaction=…` (formAnswerParameter: an answer button in the invitation e-mail) only preselects that answer and
  // adds the hidden field that says so: opening a link stores nothing, mail scanners open them all.
  app.get<{ Params: TokenParams; Querystring: Record<string, unknown> }>(formPages.form, async (request, reply) => {
    const invitation = await invitationFor(request.params.token);
    const context = pageContext(request, reply, invitation);
    if (invitation.answered) return html(reply, 200, renderAlreadyAnsweredPage(context));
    const satisfaction = satisfactionOf(request.query[formAnswerParameter]);
    return html(reply, 200, renderFormPage(context, invitation, satisfaction ? { satisfaction, startedInEmail: STARTED_IN_EMAIL } : {}));
  });

  app.post<{ Params: TokenParams }>(formPages.form, async (request, reply) => {
    const invitation = await invitationFor(request.params.token);
    const context = pageContext(request, reply, invitation);
    if (invitation.answered) return html(reply, 409, renderAlreadyAnsweredPage(context));

    const form = readForm(request.body, context.locale, recommendQuestion);
    if ('errors' in form) return html(reply, 422, renderFormPage(context, invitation, form.values, form.errors));

    // The API's write path: the same group commit, and the same queueing of the classification.
    const outcome = await intake.submit({
      projectId: invitation.projectId,
      respondent: { name: invitation.contactName, email: invitation.contactEmail },
      ...form.answer,
      submittedAt: clock(),
    });
    // Another submit of the same link won the race: this one changes nothing.
    if (outcome.kind === 'duplicate') return html(reply, 409, renderAlreadyAnsweredPage(context));
    // The project went away since the page was shown: the link no longer works.
    if (outcome.kind !== 'stored') throw new PageError('notFound');
    const responseId = outcome.id;
    request.log.info({ responseId, invitationId: invitation.id }, 'response received through the form');
    return reply.redirect(`/s/${request.params.token}/thanks?lang=${context.locale}`, 303);
  });

  app.get<{ Params: TokenParams }>(formPages.thanks, async (request, reply) => {
    const invitation = await invitationFor(request.params.token);
    const context = pageContext(request, reply, invitation);
    if (!invitation.answered) return reply.redirect(`/s/${request.params.token}?lang=${context.locale}`, 303);
    return html(reply, 200, renderThanksPage(context, invitation));
  });
}

function statusOf(error: unknown): number {
  const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : 500;
  return status >= 400 && status < 600 ? status : 500;
}

/** The page and status for an error: a bad request keeps its own 4xx status. */
function pageFor(error: unknown): { page: BilingualPage; status: number } {
  if (error instanceof PageError) return { page: error.page, status: bilingualPages[error.page].status };
  const status = statusOf(error);
  if (status === 429) return { page: 'tooManyRequests', status };
  if (status === 404) return { page: 'notFound', status };
  if (status === 403) return { page: 'forbidden', status };
  if (status < 500) return { page: 'badRequest', status };
  return { page: 'error', status: 500 };
}
