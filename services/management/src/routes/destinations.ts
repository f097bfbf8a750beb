import { recordAuditEvent } from '@ambassador/db/audit';
import {
  disableDestinationByAdmin,
  enableDestinationByAdmin,
  findDestination,
  findDestinationDeliveries,
  listDestinations,
  removeDestination,
  rotateSecret,
  saveDestination,
} from '@ambassador/db/destinations';
import { recordTestEvent, redeliverEvent } from '@ambassador/db/events';
import { destinationEvents, webhookSecret } from '@ambassador/domain/destinations';
import { UnprocessableError } from '@ambassador/domain/errors';
import { destinationInput, integratorId } from '@ambassador/domain/inputs';
import { checkDestinationUrl, DestinationAddressError } from '@ambassador/http/destination-address';
import { managementRoutes } from '@ambassador/links/links';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ManagementDependencies } from '../dependencies.ts';
import { localeOf, sendErrorPage, sendPage } from '../plugins/pages.ts';
import { viewer } from '../plugins/session.ts';
import { queueStoredMessages } from '../queue-messages.ts';
import { destinationMessages } from '../views/destination-messages.ts';
import {
  type DestinationErrors,
  type DestinationField,
  type DestinationForm,
  destinationPage,
  destinationPath,
  destinationsPage,
  emptyDestinationForm,
  secretPage,
} from '../views/destinations.ts';

/** Deliveries the page of a destination shows, newest first. */
const LOG_LIMIT = 100;

const notices = ['test', 'redelivered'] as const;

function postedForm(body: unknown): DestinationForm {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (name: string) => (typeof fields[name] === 'string' ? fields[name] : '');
  const events = [fields['events']].flat().filter((value): value is string => typeof value === 'string');
  return { id: text('id').trim(), kind: text('kind'), url: text('url').trim(), events, division: text('division') };
}

/**
 * The firm's destinations, for admins: the list with a form that adds or changes one (a new
 * webhook's secret is shown once, on the answer to that form), and a page per destination with
 * its delivery log, where an admin sends a test event, redelivers one event, makes a new secret,
 * disables, enables or deletes it. Every change is audited, as the API's are; every action is a
 * POST with the page's CSRF token.
 */
export default async function destinationRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, clock, timeZone, producer } = dependencies;
  const actorOf = (request: FastifyRequest) => ({ type: 'user' as const, email: viewer(request).email });

  async function renderList(request: FastifyRequest, reply: FastifyReply, status: number, form: DestinationForm, errors: DestinationErrors = {}) {
    const locale = localeOf(request);
    const body = destinationsPage(locale, await listDestinations(db), { csrfToken: reply.csrfToken(), form, errors, timeZone });
    return sendPage(request, reply, status, { title: destinationMessages[locale].title, body, active: 'destinations' });
  }

  function renderSecret(request: FastifyRequest, reply: FastifyReply, id: string, secret: string) {
    const locale = localeOf(request);
    return sendPage(request, reply, 200, { title: destinationMessages[locale].secret.title, body: secretPage(locale, id, secret), active: 'destinations' });
  }

  app.get(managementRoutes.destinations, async (request, reply) => renderList(request, reply, 200, emptyDestinationForm));

  app.post(managementRoutes.destinations, async (request, reply) => {
    const m = destinationMessages[localeOf(request)].errors;
    const form = postedForm(request.body);
    const errors: DestinationErrors = {};
    const id = integratorId.safeParse(form.id);
    if (!id.success) errors.id = m.id;
    // Teams and Slack get their default events whatever is ticked: the boxes are for webhooks.
    const parsed = destinationInput.safeParse({
      kind: form.kind,
      url: form.url,
      ...(form.kind === 'webhook' ? { events: form.events } : {}),
      division: form.division.trim() === '' ? null : form.division,
    });
    if (!parsed.success) for (const issue of parsed.error.issues) errors[(issue.path[0] as DestinationField | undefined) ?? 'url'] = m[(issue.path[0] as DestinationField | undefined) ?? 'url'];
    if (!id.success || !parsed.success) return renderList(request, reply, 422, form, errors);
    const { kind, url, division } = parsed.data;
    let events;
    try {
      events = destinationEvents(kind, parsed.data.events);
      await checkDestinationUrl(url, dependencies.destinations);
    } catch (error) {
      if (error instanceof UnprocessableError) return renderList(request, reply, 422, form, { events: m.events });
      if (error instanceof DestinationAddressError) return renderList(request, reply, 422, form, { url: m.url });
      throw error;
    }
    const saved = await saveDestination(db, id.data, { kind, url, events, division }, { now: clock(), actor: actorOf(request), newSecret: webhookSecret(randomBytes(32)) });
    request.log.info({ destinationId: id.data, kind, created: saved.created }, 'destination saved');
    if (saved.secret !== undefined) return renderSecret(request, reply, id.data, saved.secret);
    return reply.redirect(destinationPath(id.data), 303);
  });

  const params = z.object({ id: integratorId });

  app.get(managementRoutes.destination, async (request, reply) => {
    const parsed = params.safeParse(request.params);
    const destination = parsed.success ? await findDestination(db, parsed.data.id) : undefined;
    if (!destination) return sendErrorPage(request, reply, 404);
    const locale = localeOf(request);
    const asked = (request.query as { notice?: string }).notice;
    const notice = notices.find((known) => known === asked);
    const body = destinationPage(locale, destination, await findDestinationDeliveries(db, destination.id, { limit: LOG_LIMIT }), {
      csrfToken: reply.csrfToken(),
      timeZone,
      ...(notice ? { notice: notice === 'test' ? destinationMessages[locale].show.testSent : destinationMessages[locale].show.redelivered } : {}),
    });
    return sendPage(request, reply, 200, { title: destination.id, body, active: 'destinations' });
  });

  /** An action on one destination: 404 for one that does not exist (or a malformed name). */
  function action(name: string, act: (request: FastifyRequest, reply: FastifyReply, id: string) => Promise<FastifyReply>) {
    app.post(`${managementRoutes.destination}/${name}`, async (request, reply) => {
      const parsed = params.safeParse(request.params);
      if (!parsed.success || !(await findDestination(db, parsed.data.id))) return sendErrorPage(request, reply, 404);
      return act(request, reply, parsed.data.id);
    });
  }

  action('rotate-secret', async (request, reply, id) => {
    const secret = webhookSecret(randomBytes(32));
    if (!(await rotateSecret(db, id, secret, { now: clock(), actor: actorOf(request) }))) return sendErrorPage(request, reply, 404);
    request.log.info({ destinationId: id }, 'webhook secret rotated');
    return renderSecret(request, reply, id, secret);
  });

  action('disable', async (request, reply, id) => {
    await disableDestinationByAdmin(db, id, `disabled by ${viewer(request).email}`, { now: clock(), actor: actorOf(request) });
    return reply.redirect(destinationPath(id), 303);
  });

  action('enable', async (request, reply, id) => {
    await enableDestinationByAdmin(db, id, { now: clock(), actor: actorOf(request) });
    return reply.redirect(destinationPath(id), 303);
  });

  action('delete', async (request, reply, id) => {
    await removeDestination(db, id, { now: clock(), actor: actorOf(request) });
    return reply.redirect(managementRoutes.destinations, 303);
  });

  action('test', async (request, reply, id) => {
    const now = clock();
    const delivery = await db.transaction().execute(async (trx) => {
      const stored = await recordTestEvent(trx, id, now);
      if (stored) await recordAuditEvent(trx, { at: now, actor: actorOf(request), action: 'destination.test_sent', subjectId: id });
      return stored;
    });
    if (!delivery) return sendErrorPage(request, reply, 404);
    await queueStoredMessages(producer, [delivery], now, request.log);
    return reply.redirect(`${destinationPath(id)}?notice=test`, 303);
  });

  app.post(`${managementRoutes.destination}/deliveries/:deliveryId/redeliver`, async (request, reply) => {
    const parsed = z.object({ id: integratorId, deliveryId: z.uuid() }).safeParse(request.params);
    if (!parsed.success) return sendErrorPage(request, reply, 404);
    const { id, deliveryId } = parsed.data;
    const now = clock();
    const delivery = await db.transaction().execute(async (trx) => {
      const stored = await redeliverEvent(trx, id, deliveryId, now);
      if (stored) await recordAuditEvent(trx, { at: now, actor: actorOf(request), action: 'destination.event_redelivered', subjectId: id });
      return stored;
    });
    if (!delivery) return sendErrorPage(request, reply, 404);
    await queueStoredMessages(producer, [delivery], now, request.log);
    return reply.redirect(`${destinationPath(id)}?notice=redelivered`, 303);
  });
}
