import { recordAuditEvent } from '@ambassador/db/audit';
import { closeProject } from '@ambassador/db/invitations';
import { findProject, lastInvitationOfClient, listProjects } from '@ambassador/db/project-pages';
import { invitationToken, tokenHash } from '@ambassador/domain/tokens';
import type { Locale } from '@ambassador/domain/vocabulary';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ManagementDependencies } from '../dependencies.ts';
import { queueStoredMessages } from '../queue-messages.ts';
import { localeOf, sendErrorPage, sendPage } from '../plugins/pages.ts';
import { scopeOfRequest, viewer } from '../plugins/session.ts';
import { formatDate } from '../views/layout.ts';
import { projectsMessages } from '../views/projects-messages.ts';
import { projectsListPage } from '../views/projects.ts';

const LIST_LIMIT = 500;

/** What closing a project came to, as the list page names it after the redirect (the API's outcomes). */
const closeOutcomes = ['invited', 'existing', 'throttled', 'already_answered', 'contact_erased'] as const;
type CloseOutcomeName = (typeof closeOutcomes)[number];

const listQuery = z.object({
  q: z.string().max(200).optional(),
  closed: z.enum(closeOutcomes).optional(),
  project: z.string().max(64).optional(),
});

interface Params {
  id: string;
}

/**
 * Projects, for everyone signed in, each seeing those within their scope (admins all, an
 * account manager their own, a manager their tree's): the invitation's state, and the button
 * that closes a project and invites its contact. It uses the API's database function, so it
 * has the API's outcomes (invited; closed before; throttled, with the date of the client's last
 * invitation; already answered; contact erased), and commits with its audit event.
 */
export default async function projectRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, clock, producer, secretKey } = dependencies;

  async function noticeOf(locale: Locale, outcome: CloseOutcomeName, projectId: string, request: Parameters<typeof scopeOfRequest>[1]): Promise<string | undefined> {
    const m = projectsMessages[locale].outcomes;
    const project = await findProject(db, await scopeOfRequest(dependencies, request), projectId, clock());
    if (!project) return undefined;
    const date = (moment: Date) => formatDate(moment, locale, dependencies.timeZone);
    switch (outcome) {
      case 'invited':
        return m.invited(project.contactName);
      case 'existing':
        return m.existing(project.invitation.createdAt ? date(project.invitation.createdAt) : '');
      case 'throttled': {
        const last = await lastInvitationOfClient(db, project.clientId);
        return m.throttled(project.clientName, last ? date(last) : '');
      }
      case 'already_answered':
      case 'contact_erased':
        return m[outcome];
    }
  }

  app.get('/projects', async (request, reply) => {
    const query = listQuery.safeParse(request.query);
    if (!query.success) return sendErrorPage(request, reply, 400);
    const locale = localeOf(request);
    const search = query.data.q?.trim() ?? '';
    const projects = await listProjects(db, await scopeOfRequest(dependencies, request), { search: search || undefined, now: clock() }, LIST_LIMIT);
    const { closed, project } = query.data;
    const notice = closed && project ? await noticeOf(locale, closed, project, request) : undefined;
    const body = projectsListPage(locale, projects, {
      csrfToken: reply.csrfToken(),
      isAdmin: viewer(request).isAdmin,
      search,
      notice,
      date: (moment) => formatDate(moment, locale, dependencies.timeZone),
    });
    return sendPage(request, reply, 200, { title: projectsMessages[locale].title, body, active: 'projects' });
  });

  app.post<{ Params: Params }>('/projects/:id/close', async (request, reply) => {
    const now = clock();
    const project = await findProject(db, await scopeOfRequest(dependencies, request), request.params.id, now);
    if (!project) return sendErrorPage(request, reply, 404);
    // The close and its audit event commit together.
    const outcome = await db.transaction().execute(async (trx) => {
      const closed = await closeProject(trx, project.id, {
        now,
        policy: dependencies.invitationPolicy,
        tokenHashFor: (invitationId) => tokenHash(invitationToken(secretKey, invitationId)),
      });
      await recordAuditEvent(trx, { at: now, actor: { type: 'user', email: viewer(request).email }, action: 'project.closed', subjectId: project.id });
      return closed;
    });
    // The invitation now, its reminder delayed until it is due.
    if (outcome.kind === 'created') await queueStoredMessages(producer, outcome.deliveries, now, request.log.child({ invitationId: outcome.invitation.id }));
    const name: CloseOutcomeName = outcome.kind === 'created' ? 'invited' : outcome.kind === 'existing' ? 'existing' : outcome.reason;
    request.log.info({ projectId: project.id, outcome: name }, 'project closed from the management module');
    return reply.redirect(`/projects?closed=${name}&project=${encodeURIComponent(project.id)}`, 303);
  });
}
