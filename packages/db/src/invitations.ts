import { NotFoundError } from '@ambassador/domain/errors';
import { type InvitationPolicy, invitationSchedule, throttleWindowStart } from '@ambassador/domain/invitations';
import type { Locale } from '@ambassador/domain/vocabulary';
import { randomUUID } from 'node:crypto';
import { type ExpressionBuilder, sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import { type DeliveryStatus, type QueuedDelivery, storeDeliveries } from './deliveries.ts';
import type { DB } from './schema.ts';

export interface InvitationSummary {
  id: string;
  expiresAt: Date;
}

export type CloseOutcome =
  /** Invited now: the invitation e-mail and its reminder are stored, to be queued. */
  | { kind: 'created'; invitation: InvitationSummary; deliveries: QueuedDelivery[] }
  | { kind: 'existing'; invitation: InvitationSummary }
  | { kind: 'skipped'; reason: 'throttled'; lastInvitedAt: Date }
  | { kind: 'skipped'; reason: 'already_answered' }
  /** The contact was erased (or retired by retention): there is no one to invite. */
  | { kind: 'skipped'; reason: 'contact_erased' };

/** Whether the invitation's contact has answered for its project (by any route). */
export function answered(eb: ExpressionBuilder<DB, 'invitations' | 'contacts'>, { startedInEmail = false }: { startedInEmail?: boolean } = {}) {
  const responses = eb
    .selectFrom('responses')
    .select(sql`1`.as('one'))
    .whereRef('responses.projectId', '=', 'invitations.projectId')
    .whereRef('responses.respondentEmail', '=', 'contacts.email');
  // With `startedInEmail`: answered with a form opened from an answer button in the e-mail.
  return eb.exists(startedInEmail ? responses.where('responses.startedInEmail', '=', true) : responses).$castTo<boolean>();
}

/** Whether the invitation's own e-mail went out (its reminder waits for it; statistics count it as sent). */
export function invitationSent(eb: ExpressionBuilder<DB, 'invitations'>) {
  return eb
    .exists(
      eb
        .selectFrom('deliveries')
        .select(sql`1`.as('one'))
        .whereRef('deliveries.invitationId', '=', 'invitations.id')
        .where('deliveries.kind', '=', 'invitation')
        .where('deliveries.status', 'in', ['sent', 'delivered']),
    )
    .$castTo<boolean>();
}

/**
 * Closes a project and invites its contact, in one transaction: the project is marked
 * closed (once); a project that already has an invitation keeps it; a contact who already
 * answered is not invited; a client organisation invited within the throttle period is not
 * invited again. Closes of projects of one client are serialised, so two parallel closes
 * cannot both slip under the throttle.
 */
export async function closeProject(
  db: Database,
  projectId: string,
  { now, policy, tokenHashFor }: { now: Date; policy: InvitationPolicy; tokenHashFor: (invitationId: string) => Buffer },
): Promise<CloseOutcome> {
  return db.transaction().execute(async (trx) => {
    const project = await trx
      .updateTable('projects')
      .set((eb) => ({ closedAt: eb.fn.coalesce('closedAt', sql<Date>`${now}::timestamptz`) }))
      .where('id', '=', projectId)
      .returning(['id', 'clientId', 'contactId'])
      .executeTakeFirst();
    if (!project) throw new NotFoundError(`There is no project with id "${projectId}".`);

    const existing = await trx
      .selectFrom('invitations')
      .select(['id', 'expiresAt'])
      .where('projectId', '=', projectId)
      .executeTakeFirst();
    if (existing) return { kind: 'existing', invitation: existing };

    const contact = await trx.selectFrom('contacts').select('anonymisedAt').where('id', '=', project.contactId).executeTakeFirstOrThrow();
    if (contact.anonymisedAt !== null) return { kind: 'skipped', reason: 'contact_erased' };

    const alreadyAnswered = await trx
      .selectFrom('responses')
      .innerJoin('contacts', 'contacts.email', 'responses.respondentEmail')
      .select('responses.id')
      .where('responses.projectId', '=', projectId)
      .where('contacts.id', '=', project.contactId)
      .executeTakeFirst();
    if (alreadyAnswered) return { kind: 'skipped', reason: 'already_answered' };

    await sql`SELECT pg_advisory_xact_lock(hashtext(${`invite:${project.clientId}`}))`.execute(trx);
    const last = await trx
      .selectFrom('invitations')
      .select('createdAt')
      .where('clientId', '=', project.clientId)
      .orderBy('createdAt', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last && last.createdAt > throttleWindowStart(now, policy)) {
      return { kind: 'skipped', reason: 'throttled', lastInvitedAt: last.createdAt };
    }

    const id = randomUUID();
    const { expiresAt, reminderDueAt } = invitationSchedule(now, policy);
    await trx
      .insertInto('invitations')
      .values({
        id,
        projectId,
        clientId: project.clientId,
        contactId: project.contactId,
        tokenHash: tokenHashFor(id),
        createdAt: now,
        expiresAt,
      })
      .execute();
    const deliveries = await storeDeliveries(
      trx,
      [
        { kind: 'invitation', channel: 'email', about: id, dueAt: now },
        ...(reminderDueAt ? [{ kind: 'reminder' as const, channel: 'email' as const, about: id, dueAt: reminderDueAt }] : []),
      ],
      now,
    );
    return { kind: 'created', invitation: { id, expiresAt }, deliveries };
  });
}

export interface InvitationForForm {
  id: string;
  projectId: string;
  projectName: string;
  clientName: string;
  contactName: string;
  contactEmail: string;
  contactLocale: Locale;
  accountManagerName: string;
  expiresAt: Date;
  answered: boolean;
}

/** An invitation with its project, client, contact and the project's account manager. */
function invitationsWithPeople(db: Database | Transaction<DB>) {
  return db
    .selectFrom('invitations')
    .innerJoin('projects', 'projects.id', 'invitations.projectId')
    .innerJoin('clients', 'clients.id', 'invitations.clientId')
    .innerJoin('contacts', 'contacts.id', 'invitations.contactId')
    .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId');
}

/** The invitation behind a link, if the link is ours and has not expired. */
export async function findOpenInvitation(db: Database, tokenHash: Buffer, now: Date): Promise<InvitationForForm | undefined> {
  return invitationsWithPeople(db)
    .select((eb) => [
      'invitations.id',
      'invitations.projectId',
      'projects.name as projectName',
      'clients.name as clientName',
      'contacts.name as contactName',
      'contacts.email as contactEmail',
      'contacts.locale as contactLocale',
      'accountManager.name as accountManagerName',
      'invitations.expiresAt',
      answered(eb).as('answered'),
    ])
    .where('invitations.tokenHash', '=', tokenHash)
    .where('invitations.expiresAt', '>', now)
    .executeTakeFirst();
}

export interface InvitationMessage {
  id: string;
  expiresAt: Date;
  answered: boolean;
  /** How the invitation e-mail itself went (a reminder waits for it); null when it has none. */
  invitationStatus: DeliveryStatus | null;
  contact: { name: string; email: string; locale: Locale };
  project: { name: string };
  client: { name: string };
  accountManager: { name: string; email: string };
}

/** What an invitation or reminder e-mail says, and what decides whether a reminder is still wanted. */
export async function findInvitationMessage(db: Database, invitationId: string): Promise<InvitationMessage | undefined> {
  const row = await invitationsWithPeople(db)
    .select((eb) => [
      'invitations.id',
      'invitations.expiresAt',
      answered(eb).as('answered'),
      eb
        .selectFrom('deliveries')
        .select('deliveries.status')
        .whereRef('deliveries.invitationId', '=', 'invitations.id')
        .where('deliveries.kind', '=', 'invitation')
        .as('invitationStatus'),
      'contacts.name as contactName',
      'contacts.email as contactEmail',
      'contacts.locale as contactLocale',
      'projects.name as projectName',
      'clients.name as clientName',
      'accountManager.name as accountManagerName',
      'accountManager.email as accountManagerEmail',
    ])
    .where('invitations.id', '=', invitationId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    expiresAt: row.expiresAt,
    answered: row.answered,
    invitationStatus: row.invitationStatus,
    contact: { name: row.contactName, email: row.contactEmail, locale: row.contactLocale },
    project: { name: row.projectName },
    client: { name: row.clientName },
    accountManager: { name: row.accountManagerName, email: row.accountManagerEmail },
  };
}
