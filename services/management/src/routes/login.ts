import { recordAuditEvent } from '@ambassador/db/audit';
import { createLoginLink } from '@ambassador/db/login';
import { findViewer } from '@ambassador/db/scope';
import { emailAddress } from '@ambassador/domain/inputs';
import { loginToken, tokenHash } from '@ambassador/domain/tokens';
import { html } from '@ambassador/html/template';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';
import { sendPage } from '../plugins/pages.ts';
import { closeSession, viewerOf } from '../plugins/session.ts';
import { companySignInButton } from '../views/company-sign-in.ts';
import { messages } from '../views/messages.ts';

/** The window LOGIN_EMAILS_PER_RECIPIENT counts in. */
const LOGIN_EMAIL_WINDOW_MINUTES = 15;

/**
 * Login without passwords: an e-mail address in, a one-time link (15 minutes) out (the link
 * itself: routes/login-link.ts). The answer is the same whether or not the address is known,
 * and so is its timing: the link is made and queued after the answer has gone.
 */
export default async function loginRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, producer, clock, secretKey } = dependencies;

  function loginPage(request: FastifyRequest, reply: FastifyReply, status: number, notice?: { title: string; text: string }) {
    const m = messages.nl.login;
    return sendPage(request, reply, status, {
      title: notice?.title ?? m.title,
      body: html`<h1>${notice?.title ?? m.title}</h1>
${notice ? html`<p class="notice" role="status">${notice.text}</p>` : ''}
${dependencies.companySignIn ? companySignInButton('nl', dependencies.companySignIn.buttonLabel) : ''}
<div class="panel">
<p>${m.intro}</p>
<form method="post" action="/login">
<input type="hidden" name="_csrf" value="${reply.csrfToken()}">
<label for="email">${m.email}</label>
<input id="email" name="email" type="email" autocomplete="email" required size="32">
<p><button class="primary" type="submit">${m.submit}</button></p>
</form>
</div>`,
    });
  }

  // A link being made when the server closes is finished first.
  app.addHook('onClose', () => dependencies.background.settled());

  async function sendLink(email: string, request: FastifyRequest): Promise<void> {
    const viewer = await findViewer(db, email, dependencies.adminEmails);
    if (!viewer) {
      request.log.info('no login link: not a known address');
      return;
    }
    const now = clock();
    const made = await createLoginLink(db, {
      email,
      now,
      validMinutes: dependencies.loginLinkMinutes,
      tokenHashFor: (linkId) => tokenHash(loginToken(secretKey, linkId)),
      limit: { links: dependencies.loginEmailsPerRecipient, windowMinutes: LOGIN_EMAIL_WINDOW_MINUTES },
    });
    if (!made) {
      request.log.warn('login link not made: this address was sent its limit of login e-mails in the last 15 minutes');
      return;
    }
    await producer.enqueueDeliveries(made.deliveries, now);
    request.log.info({ loginLinkId: made.id }, 'login link made');
  }

  app.get('/login', async (request, reply) => {
    const { status } = request.query as { status?: string };
    return loginPage(request, reply, 200, status === 'logged-out' ? { title: messages.nl.login.title, text: messages.nl.login.loggedOut } : undefined);
  });

  await app.register(async (limited) => {
    await limited.register(rateLimit, {
      max: dependencies.loginRateLimit.perMinute,
      timeWindow: 60_000,
      redis: dependencies.redis,
      nameSpace: dependencies.loginRateLimit.namespace,
      skipOnError: true,
    });
    limited.post('/login', async (request, reply) => {
      const parsed = emailAddress.safeParse((request.body as { email?: unknown } | undefined)?.email);
      if (parsed.success) {
        const email = parsed.data;
        dependencies.background.run(
          () => sendLink(email, request),
          (error) => request.log.error({ err: error }, 'could not make a login link'),
        );
      }
      return reply.redirect('/login/sent', 303);
    });
  });

  app.get('/login/sent', async (request, reply) =>
    sendPage(request, reply, 200, {
      title: messages.nl.login.sentTitle,
      body: html`<h1>${messages.nl.login.sentTitle}</h1><p class="panel">${messages.nl.login.sent}</p>`,
    }),
  );

  app.post('/logout', async (request, reply) => {
    const leaving = await viewerOf(dependencies, request);
    await closeSession(dependencies, request, reply);
    if (leaving) await recordAuditEvent(db, { at: clock(), actor: { type: 'user', email: leaving.email }, action: 'logout' });
    return reply.redirect('/login?status=logged-out', 303);
  });
}
