import { randomUUID } from 'node:crypto';
import { recordAuditEvent } from '@ambassador/db/audit';
import { deactivateEmployee, upsertEmployee } from '@ambassador/db/employees';
import { activePeople, findPerson, listPeople, orgChart, type Person } from '@ambassador/db/people';
import { DomainError } from '@ambassador/domain/errors';
import { employeeInput, integratorId } from '@ambassador/domain/inputs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ManagementDependencies } from '../dependencies.ts';
import { localeOf, sendErrorPage, sendPage } from '../plugins/pages.ts';
import { viewer } from '../plugins/session.ts';
import { type FieldErrors, postedFields } from '../views/forms.ts';
import { formatDate } from '../views/layout.ts';
import { peopleMessages } from '../views/people-messages.ts';
import { emptyPersonForm, orgChartPage, peopleListPage, type PersonField, type PersonForm, personPage } from '../views/people.ts';

const LIST_LIMIT = 500;

interface Params {
  id: string;
}

const personFields = new Set<string>(['id', 'name', 'email', 'managerId', 'division', 'locale', 'phone', 'alertChannels']);

function formOf(person: Person): PersonForm {
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    managerId: person.managerId ?? '',
    division: person.division ?? '',
    locale: person.locale,
    phone: person.phone ?? '',
    sms: person.alertChannels.includes('sms'),
  };
}

function postedForm(body: unknown): PersonForm {
  const { text, all } = postedFields(body);
  return {
    id: text('id').trim(),
    name: text('name'),
    email: text('email'),
    managerId: text('managerId'),
    division: text('division'),
    locale: text('locale'),
    phone: text('phone'),
    sms: all('alertChannels').includes('sms'),
  };
}

/** The form as the API's input (the same schema validates both); digestOptOut and active are left out, so they keep what is stored. */
function inputOf(form: PersonForm) {
  return employeeInput.safeParse({
    name: form.name,
    email: form.email,
    managerId: form.managerId === '' ? null : form.managerId,
    locale: form.locale,
    division: form.division.trim() === '' ? null : form.division,
    phone: form.phone.trim() === '' ? null : form.phone,
    alertChannels: form.sms ? ['email', 'sms'] : ['email'],
  });
}

/**
 * People (admins only; app.ts registers these behind `requireAdmin`): the list with search,
 * adding and editing an employee with the API's validation, deactivating someone who left
 * (their projects to a colleague the admin picks), and the org chart. Each change commits
 * with its audit event, by the admin's address.
 */
export default async function peopleRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, clock } = dependencies;

  async function renderPerson(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    form: PersonForm,
    options: { editing?: Person | undefined; errors?: FieldErrors<PersonField | 'successorId'>; notice?: string | undefined } = {},
  ) {
    const locale = localeOf(request);
    const m = peopleMessages[locale];
    const { editing } = options;
    const body = personPage(locale, form, {
      csrfToken: reply.csrfToken(),
      managers: await activePeople(db),
      editing: editing && { id: editing.id, active: editing.active, deactivatedSince: editing.deactivatedAt && formatDate(editing.deactivatedAt, locale, dependencies.timeZone) },
      errors: options.errors,
      notice: options.notice,
    });
    return sendPage(request, reply, status, { title: editing ? m.editTitle(editing.name) : m.newTitle, body, active: 'people' });
  }

  /** Saves a person (new or changed) with its audit event; a refusal comes back as the field it is about. */
  async function save(request: FastifyRequest, reply: FastifyReply, id: string, form: PersonForm, editing: Person | undefined) {
    const m = peopleMessages[localeOf(request)].errors;
    const parsed = inputOf(form);
    if (!parsed.success) {
      const errors: FieldErrors<PersonField> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        if (personFields.has(field)) errors[field as PersonField] = m[field as PersonField];
      }
      return renderPerson(request, reply, 422, form, { editing, errors });
    }
    const now = clock();
    try {
      await db.transaction().execute(async (trx) => {
        const employee = await upsertEmployee(trx, id, parsed.data, now);
        await recordAuditEvent(trx, { at: now, actor: { type: 'user', email: viewer(request).email }, action: 'employee.upserted', subjectId: employee.id });
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.field === undefined || !personFields.has(error.field)) throw error;
      const field = error.field as PersonField;
      return renderPerson(request, reply, 422, form, { editing, errors: { [field]: field === 'email' ? m.emailTaken : m[field] } });
    }
    request.log.info({ employeeId: id, created: !editing }, 'employee saved');
    return reply.redirect(`/people/${encodeURIComponent(id)}/edit?saved=1`, 303);
  }

  app.get('/people', async (request, reply) => {
    const search = z.object({ q: z.string().max(200).optional() }).safeParse(request.query);
    if (!search.success) return sendErrorPage(request, reply, 400);
    const q = search.data.q?.trim() ?? '';
    const locale = localeOf(request);
    const people = await listPeople(db, { search: q || undefined }, LIST_LIMIT);
    return sendPage(request, reply, 200, { title: peopleMessages[locale].title, body: peopleListPage(locale, people, q), active: 'people' });
  });

  app.get('/people/chart', async (request, reply) => {
    const locale = localeOf(request);
    return sendPage(request, reply, 200, { title: peopleMessages[locale].chartTitle, body: orgChartPage(locale, await orgChart(db)), active: 'people' });
  });

  app.get('/people/new', async (request, reply) => renderPerson(request, reply, 200, emptyPersonForm));

  app.post('/people', async (request, reply) => {
    const form = postedForm(request.body);
    const m = peopleMessages[localeOf(request)].errors;
    const id = form.id === '' ? randomUUID() : form.id;
    if (!integratorId.safeParse(id).success) return renderPerson(request, reply, 422, form, { errors: { id: m.id } });
    if (await findPerson(db, id)) return renderPerson(request, reply, 422, form, { errors: { id: m.idTaken } });
    return save(request, reply, id, form, undefined);
  });

  app.get<{ Params: Params }>('/people/:id/edit', async (request, reply) => {
    const person = await findPerson(db, request.params.id);
    if (!person) return sendErrorPage(request, reply, 404);
    const m = peopleMessages[localeOf(request)];
    const query = request.query as { saved?: string; deactivated?: string };
    const moved = Number(query.deactivated);
    const notice = query.saved === '1' ? m.saved : Number.isInteger(moved) && moved >= 0 && query.deactivated !== undefined ? m.deactivate.done(moved) : undefined;
    return renderPerson(request, reply, 200, formOf(person), { editing: person, notice });
  });

  app.post<{ Params: Params }>('/people/:id/edit', async (request, reply) => {
    const person = await findPerson(db, request.params.id);
    if (!person) return sendErrorPage(request, reply, 404);
    return save(request, reply, person.id, postedForm(request.body), person);
  });

  app.post<{ Params: Params }>('/people/:id/deactivate', async (request, reply) => {
    const person = await findPerson(db, request.params.id);
    if (!person) return sendErrorPage(request, reply, 404);
    const successor = postedFields(request.body).text('successorId');
    const now = clock();
    let deactivation;
    try {
      deactivation = await db.transaction().execute(async (trx) => {
        const done = await deactivateEmployee(trx, person.id, successor === '' ? null : successor, now);
        if (done) await recordAuditEvent(trx, { at: now, actor: { type: 'user', email: viewer(request).email }, action: 'employee.deactivated', subjectId: person.id });
        return done;
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.field !== 'successorId') throw error;
      const m = peopleMessages[localeOf(request)].errors;
      return renderPerson(request, reply, 422, formOf(person), { editing: person, errors: { successorId: m.successorId } });
    }
    if (!deactivation) return reply.redirect(`/people/${encodeURIComponent(person.id)}/edit`, 303);
    request.log.info({ employeeId: person.id, ...deactivation }, 'employee deactivated');
    return reply.redirect(`/people/${encodeURIComponent(person.id)}/edit?deactivated=${deactivation.projectsMoved}`, 303);
  });
}
