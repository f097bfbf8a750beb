import type { TrustProxy } from '@ambassador/config/env';
import { logEachResponse, withoutFastifyRequestLogs } from '@ambassador/observability/access-log';
import type { Logger } from '@ambassador/observability/logger';
import cookie from '@fastify/cookie';
import formBody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ManagementDependencies } from './dependencies.ts';
import { sendErrorPage } from './plugins/pages.ts';
import { registerCsrf, requireCsrfToken, requireSameOrigin } from './plugins/csrf.ts';
import { securityHeaders, useBullBoardPolicy } from './plugins/headers.ts';
import { viewerOf } from './plugins/session.ts';
import acknowledgeRoutes from './routes/acknowledge.ts';
import auditRoutes from './routes/audit.ts';
import clientRoutes from './routes/clients.ts';
import companySignInRoutes from './routes/company-sign-in.ts';
import destinationRoutes from './routes/destinations.ts';
import digestRoutes from './routes/digest.ts';
import healthRoutes from './routes/health.ts';
import loginLinkRoutes from './routes/login-link.ts';
import loginRoutes from './routes/login.ts';
import queueRoutes from './routes/queues.ts';
import registerExportRoutes from './routes/register-export.ts';
import registerRoutes from './routes/register.ts';
import responseRoutes from './routes/responses.ts';
import settingsRoutes from './routes/settings.ts';
import statsRoutes from './routes/stats.ts';

function statusOf(error: unknown): number {
  const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : 500;
  return status >= 400 && status < 600 ? status : 500;
}

/**
 * The management module: server-rendered pages for account managers, their managers and
 * management. Every form post carries a CSRF token bound to the session, except those of the
 * links in e-mails (their signature and a same-origin check guard them); Bull Board's actions
 * must come from our own origin; every page but login, the links in e-mails and health needs
 * a session; /queues needs an admin. Every response has the security headers.
 */
export default async function managementApp(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  app.decorateRequest('viewer', null);
  logEachResponse(app);
  await app.register(cookie);
  await app.register(formBody, { bodyLimit: 64 * 1024 });
  await registerCsrf(app, dependencies);
  // Every response: pages, error pages, /metrics, Bull Board (which sets its own policy).
  await app.register(helmet, securityHeaders(dependencies));

  app.setErrorHandler((error, request, reply) => {
    const status = statusOf(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return sendErrorPage(request, reply, status);
  });
  app.setNotFoundHandler((request, reply) => sendErrorPage(request, reply, 404));

  await app.register(healthRoutes, dependencies);

  const requireViewer = async (request: FastifyRequest, reply: FastifyReply) => {
    const viewer = await viewerOf(dependencies, request);
    if (!viewer) return reply.redirect('/login', 303);
    request.viewer = viewer;
  };
  // After requireViewer. Others get the 404 of a page that does not exist.
  const requireAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.viewer?.isAdmin) return sendErrorPage(request, reply, 404);
  };

  await app.register(async (pages) => {
    // Every form post carries the token of its page: a post from anywhere else is refused (403).
    pages.addHook('preHandler', requireCsrfToken(app));
    await pages.register(loginRoutes, dependencies);
    await pages.register(loginLinkRoutes, dependencies);
    await pages.register(companySignInRoutes, dependencies);
    await pages.register(acknowledgeRoutes, dependencies);
    await pages.register(digestRoutes, dependencies);
    await pages.register(async (signedIn) => {
      signedIn.addHook('onRequest', requireViewer);
      await signedIn.register(registerRoutes, dependencies);
      await signedIn.register(registerExportRoutes, dependencies);
      await signedIn.register(responseRoutes, dependencies);
      await signedIn.register(clientRoutes, dependencies);
      await signedIn.register(statsRoutes, dependencies);
      await signedIn.register(settingsRoutes, dependencies);
      await signedIn.register(async (admin) => {
        admin.addHook('onRequest', requireAdmin);
        await admin.register(auditRoutes, dependencies);
        await admin.register(destinationRoutes, dependencies);
      });
    });
  });

  // Bull Board posts JSON from its own page, without our form token: its actions must come from our origin.
  await app.register(async (admin) => {
    admin.addHook('onRequest', requireViewer);
    admin.addHook('onRequest', requireAdmin);
    admin.addHook('onRequest', requireSameOrigin(dependencies));
    admin.addHook('onRequest', useBullBoardPolicy);
    await admin.register(queueRoutes, dependencies);
  });
}

/** The management server, ready to `listen()` (main.ts) or to `inject()` (tests). */
export async function createManagementServer(logger: Logger, dependencies: ManagementDependencies, { trustProxy = false }: { trustProxy?: TrustProxy } = {}) {
  // trustProxy (TRUST_PROXY) decides the client address the login rate limit counts by.
  const app = Fastify({
    loggerInstance: logger,
    logController: withoutFastifyRequestLogs(),
    bodyLimit: 64 * 1024,
    forceCloseConnections: 'idle',
    trustProxy,
    // A link's token is one path segment: an unsubscribe link's carries an employee id (up to
    // 64 characters), a version and a signature (43), more than Fastify's default 100.
    routerOptions: { maxParamLength: 256 },
  });
  await app.register(managementApp, dependencies);
  await app.ready();
  return app;
}

export type ManagementServer = Awaited<ReturnType<typeof createManagementServer>>;
