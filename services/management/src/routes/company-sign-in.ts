import { findViewer } from '@ambassador/db/scope';
import { managementRoutes } from '@ambassador/links/links';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';
import { identifiedEmail, identityProvider, IdentityProviderError } from '../plugins/identity-provider.ts';
import { localeOf, sendPage } from '../plugins/pages.ts';
import { signIn } from '../plugins/session.ts';
import { keepSignInAttempt, takeSignInAttempt } from '../plugins/sign-in-attempt.ts';
import { refusalPage, refusalStatus, type SignInRefusal } from '../views/company-sign-in.ts';

/**
 * Company sign-in (OpenID Connect), beside the login link: `/login/oidc` sends the browser to
 * the firm's identity provider, which sends it back to `/login/oidc/callback` (the redirect
 * URI registered there). A person whose verified address is an employee's or in ADMIN_EMAILS
 * gets a session as a login link gives it; anyone else a page that says why, and no session.
 * Without OIDC_* these routes do not exist.
 *
 * The start is a GET: it stores nothing (the sign-in in progress lives only in the browser's
 * cookie), so a prefetch or a scanner that opens it only gets a redirect; a portal of the
 * provider (Entra ID's My Apps, Okta's dashboard) can link to it; and it needs no CSRF token,
 * so a login page left open for hours still works. The callback is the one GET that acts,
 * because the provider redirects with a GET; it acts only for the browser holding the cookie
 * its start set, and has no HEAD.
 */
export default async function companySignInRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const settings = dependencies.companySignIn;
  if (!settings) return;
  const provider = identityProvider(settings);
  const redirectUri = `${dependencies.baseUrl}${managementRoutes.companySignInCallback}`;

  function refuse(request: FastifyRequest, reply: FastifyReply, refusal: SignInRefusal, email?: string): FastifyReply {
    request.log.info({ companySignIn: refusal }, 'company sign-in refused');
    return sendPage(request, reply, refusalStatus[refusal], refusalPage(localeOf(request), refusal, email));
  }

  function providerFailed(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
    if (!(error instanceof IdentityProviderError)) throw error;
    request.log.warn({ err: error }, 'identity provider failed');
    return refuse(request, reply, 'failed');
  }

  app.get(managementRoutes.companySignIn, async (request, reply) => {
    let started;
    try {
      started = await provider.authorizationRequest(redirectUri);
    } catch (error) {
      return providerFailed(request, reply, error);
    }
    keepSignInAttempt(dependencies, reply, started.checks);
    return reply.redirect(started.url.href, 303);
  });

  app.get(managementRoutes.companySignInCallback, { exposeHeadRoute: false }, async (request, reply) => {
    const checks = takeSignInAttempt(dependencies, request, reply);
    const query = request.query as Record<string, unknown>;
    if (query.error !== undefined) {
      request.log.info({ providerError: typeof query.error === 'string' ? query.error.slice(0, 64) : 'malformed' }, 'the identity provider answered with an error');
      return refuse(request, reply, 'denied');
    }
    if (!checks || query.state !== checks.state) return refuse(request, reply, 'expired');

    // The redirect URI exactly as the authorization request sent it, with the provider's answer.
    const callbackUrl = new URL(redirectUri);
    callbackUrl.search = new URL(request.url, 'http://callback').search;
    let claims;
    try {
      claims = await provider.emailClaims(callbackUrl, checks);
    } catch (error) {
      return providerFailed(request, reply, error);
    }
    const email = identifiedEmail(claims, settings.trustEmail);
    if (!email) return refuse(request, reply, 'unverified');
    const viewer = await findViewer(dependencies.db, email, dependencies.adminEmails);
    if (!viewer) return refuse(request, reply, 'unknown', email);
    await signIn(dependencies, reply, viewer.email);
    request.log.info({ companySignIn: 'signed in' }, 'logged in');
    return reply.redirect('/', 303);
  });
}
