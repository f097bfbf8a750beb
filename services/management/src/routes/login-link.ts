import { consumeLoginLink, findLoginLink } from '@ambassador/db/login';
import { findViewer } from '@ambassador/db/scope';
import { isWellFormedToken, tokenHash } from '@ambassador/domain/tokens';
import { defaultLocale, type Locale } from '@ambassador/domain/vocabulary';
import type { FastifyInstance } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';
import { emailLinkPost } from '../plugins/email-links.ts';
import { sendErrorPage, sendPage } from '../plugins/pages.ts';
import { signIn } from '../plugins/session.ts';
import { signInPage, type SpentReason, spentLinkPage } from '../views/link-pages.ts';
import { managementRoutes } from '@ambassador/links/links';

interface Params {
  token: string;
}

type LinkState = { usable: true; email: string; locale: Locale } | { usable: false; reason: SpentReason; locale: Locale };

/**
 * The link of a login e-mail, `/login/{token}`. Opening it shows a page that names the
 * address it signs in as, with one "Sign in" button; the token stays unused. The button's
 * POST uses it (once, within 15 minutes), opens the session and goes to `/`. So a mail
 * scanner cannot use the link up, and nobody is signed in to someone else's account unawares.
 */
export default async function loginLinkRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, clock } = dependencies;

  /** What a token's link can do now; undefined for something that is no login token at all. */
  async function stateOf(token: string): Promise<LinkState | undefined> {
    if (!isWellFormedToken(token)) return undefined;
    const link = await findLoginLink(db, tokenHash(token));
    // Only expired links are ever gone from the table: a well-formed token we do not know is one.
    if (!link) return { usable: false, reason: 'expired', locale: defaultLocale };
    const locale = link.locale ?? defaultLocale;
    if (link.usedAt) return { usable: false, reason: 'used', locale };
    // An address that may no longer sign in (its employee was removed) has nothing to open.
    if (link.expiresAt <= clock() || !(await findViewer(db, link.email, dependencies.adminEmails))) {
      return { usable: false, reason: 'expired', locale };
    }
    return { usable: true, email: link.email, locale };
  }

  app.get<{ Params: Params }>(managementRoutes.login, async (request, reply) => {
    const state = await stateOf(request.params.token);
    if (!state) return sendErrorPage(request, reply, 404);
    if (!state.usable) return sendPage(request, reply, 410, spentLinkPage(state.locale, state.reason));
    return sendPage(request, reply, 200, signInPage(state.locale, state.email, `/login/${request.params.token}`));
  });

  app.post<{ Params: Params }>(managementRoutes.login, emailLinkPost(dependencies.baseUrl), async (request, reply) => {
    const state = await stateOf(request.params.token);
    if (!state) return sendErrorPage(request, reply, 404);
    if (!state.usable) return sendPage(request, reply, 410, spentLinkPage(state.locale, state.reason));
    const email = await consumeLoginLink(db, tokenHash(request.params.token), clock());
    // Used in the moment since the look: by another tab, or another click.
    if (!email) return sendPage(request, reply, 410, spentLinkPage(state.locale, 'used'));
    await signIn(dependencies, reply, email);
    request.log.info({ loginLink: 'used' }, 'logged in');
    return reply.redirect('/', 303);
  });
}
