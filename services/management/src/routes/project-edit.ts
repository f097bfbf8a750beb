import { randomUUID } from 'node:crypto';
import { recordAuditEvent } from '@ambassador/db/audit';
import { activePeople } from '@ambassador/db/people';
import { findClient, findProject, listClients, type ProjectRow } from '@ambassador/db/project-pages';
import { upsertProject } from '@ambassador/db/projects';
import { DomainError } from '@ambassador/domain/errors';
import { flatProjectField, projectInput } from '@ambassador/domain/inputs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';
import { localeOf, sendErrorPage, sendPage } from '../plugins/pages.ts';
import { viewer } from '../plugins/session.ts';
import { type FieldErrors, postedFields } from '../views/forms.ts';
import { projectsMessages } from '../views/projects-messages.ts';
import { emptyProjectForm, type ProjectField, type ProjectForm, projectPage } from '../views/projects.ts';

interface Params {
  id: string;
}

const projectFields = new Set<string>(['name', 'clientId', 'clientName', 'contactName', 'contactEmail', 'contactLocale', 'accountManagerId']);

/** Where a refusal of the API's project schema belongs on the form. */
function fieldOf(path: readonly PropertyKey[]): ProjectField | undefined {
  const field = flatProjectField(path);
  return projectFields.has(field) ? (field as ProjectField) : undefined;
}

function formOf(project: ProjectRow): ProjectForm {
  return {
    name: project.name,
    clientId: project.clientId,
    clientName: '',
    contactName: project.contactName,
    contactEmail: project.contactEmail,
    contactLocale: project.contactLocale,
    accountManagerId: project.accountManagerId,
  };
}

function postedForm(body: unknown): ProjectForm {
  const { text } = postedFields(body);
  return {
    name: text('name'),
    clientId: text('clientId'),
    clientName: text('clientName'),
    contactName: text('contactName'),
    contactEmail: text('contactEmail'),
    contactLocale: text('contactLocale'),
    accountManagerId: text('accountManagerId'),
  };
}

/**
 * Adding and editing projects (admins only; app.ts registers these behind `requireAdmin`):
 * the client picked from those stored or added by name, the contact, the account manager.
 * Validated with the API's schema and stored by its database function, with the audit event
 * in the same transaction. Projects and clients added here get generated ids.
 */
export default async function projectEditRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, clock } = dependencies;

  async function render(request: FastifyRequest, reply: FastifyReply, status: number, form: ProjectForm, options: { editingId?: string; errors?: FieldErrors<ProjectField>; notice?: string | undefined } = {}) {
    const locale = localeOf(request);
    const m = projectsMessages[locale];
    const [clients, accountManagers] = await Promise.all([listClients(db), activePeople(db)]);
    const body = projectPage(locale, form, { csrfToken: reply.csrfToken(), clients, accountManagers, ...options });
    return sendPage(request, reply, status, { title: options.editingId ? m.editTitle(form.name) : m.newTitle, body, active: 'projects' });
  }

  async function save(request: FastifyRequest, reply: FastifyReply, id: string, form: ProjectForm, editingId: string | undefined) {
    const m = projectsMessages[localeOf(request)].errors;
    const refuse = (errors: FieldErrors<ProjectField>) => render(request, reply, 422, form, { ...(editingId ? { editingId } : {}), errors });
    const existing = form.clientId === '' ? undefined : await findClient(db, form.clientId);
    if (form.clientId !== '' && !existing) return refuse({ clientId: m.clientId });
    const parsed = projectInput.safeParse({
      name: form.name,
      client: existing ?? { id: randomUUID(), name: form.clientName },
      contact: { name: form.contactName, email: form.contactEmail, locale: form.contactLocale },
      accountManagerId: form.accountManagerId,
    });
    if (!parsed.success) {
      const errors: FieldErrors<ProjectField> = {};
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path);
        if (field) errors[field] = m[field];
      }
      return refuse(errors);
    }
    const now = clock();
    try {
      await db.transaction().execute(async (trx) => {
        await upsertProject(trx, id, parsed.data);
        await recordAuditEvent(trx, { at: now, actor: { type: 'user', email: viewer(request).email }, action: 'project.upserted', subjectId: id });
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.field !== 'accountManagerId') throw error;
      return refuse({ accountManagerId: m.accountManagerId });
    }
    request.log.info({ projectId: id, created: !editingId }, 'project saved');
    return reply.redirect(`/projects/${encodeURIComponent(id)}/edit?saved=1`, 303);
  }

  app.get('/projects/new', async (request, reply) => render(request, reply, 200, emptyProjectForm));

  app.post('/projects', async (request, reply) => save(request, reply, randomUUID(), postedForm(request.body), undefined));

  app.get<{ Params: Params }>('/projects/:id/edit', async (request, reply) => {
    const project = await findProject(db, { kind: 'all' }, request.params.id, clock());
    if (!project) return sendErrorPage(request, reply, 404);
    const saved = (request.query as { saved?: string }).saved === '1';
    return render(request, reply, 200, formOf(project), { editingId: project.id, notice: saved ? projectsMessages[localeOf(request)].saved : undefined });
  });

  app.post<{ Params: Params }>('/projects/:id/edit', async (request, reply) => {
    const project = await findProject(db, { kind: 'all' }, request.params.id, clock());
    if (!project) return sendErrorPage(request, reply, 404);
    return save(request, reply, project.id, postedForm(request.body), project.id);
  });
}
