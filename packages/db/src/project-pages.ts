import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from './database.ts';
import type { StoredProject } from './imports.ts';
import { containsPattern } from './search.ts';
import type { DB } from './schema.ts';
import { projectsWithin, type Scope } from './scope.ts';

/** What the projects pages of the management module read: projects within a viewer's scope, with their invitation's state. */

/**
 * Where a project's invitation stands: none yet; its e-mail queued (`pending`), `failed`,
 * `sent`; `reminded`; `answered` by the contact; or `expired` unanswered.
 */
export type InvitationState = 'none' | 'pending' | 'failed' | 'sent' | 'reminded' | 'answered' | 'expired';

/** A project as its pages show it: what an import compares with, and more. */
export interface ProjectRow extends StoredProject {
  contactErased: boolean;
  accountManagerName: string;
  closedAt: Date | null;
  invitation: { state: InvitationState; createdAt: Date | null; sentAt: Date | null; remindedAt: Date | null; answeredAt: Date | null; expiresAt: Date | null };
}

function deliveryOf(eb: ExpressionBuilder<DB, 'invitations'>, kind: 'invitation' | 'reminder') {
  return eb.selectFrom('deliveries').whereRef('deliveries.invitationId', '=', 'invitations.id').where('deliveries.kind', '=', kind);
}

function projectRows(db: Database, scope: Scope) {
  return db
    .selectFrom('projects')
    .innerJoin('clients', 'clients.id', 'projects.clientId')
    .innerJoin('contacts', 'contacts.id', 'projects.contactId')
    .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
    .leftJoin('invitations', 'invitations.projectId', 'projects.id')
    .select((eb) => [
      'projects.id',
      'projects.name',
      'projects.clientId',
      'clients.name as clientName',
      'contacts.name as contactName',
      'contacts.email as contactEmail',
      'contacts.locale as contactLocale',
      'contacts.anonymisedAt as contactErasedAt',
      'projects.accountManagerId',
      'accountManager.name as accountManagerName',
      'projects.closedAt',
      'invitations.createdAt as invitedAt',
      'invitations.expiresAt',
      deliveryOf(eb, 'invitation').select('deliveries.status').as('invitationStatus'),
      deliveryOf(eb, 'invitation').select('deliveries.sentAt').as('sentAt'),
      deliveryOf(eb, 'reminder').select('deliveries.sentAt').where('deliveries.status', 'in', ['sent', 'delivered']).as('remindedAt'),
      eb
        .selectFrom('responses')
        .select((inner) => inner.fn.min('responses.submittedAt').as('answeredAt'))
        .whereRef('responses.projectId', '=', 'projects.id')
        .whereRef('responses.respondentEmail', '=', 'contacts.email')
        .as('answeredAt'),
    ])
    .where(projectsWithin(scope));
}

type Row = Awaited<ReturnType<ReturnType<typeof projectRows>['execute']>>[number];

function stateOf(row: Row, now: Date): InvitationState {
  if (row.invitedAt === null) return 'none';
  if (row.answeredAt !== null) return 'answered';
  if (row.expiresAt !== null && row.expiresAt <= now) return 'expired';
  if (row.remindedAt !== null) return 'reminded';
  const status = row.invitationStatus;
  if (status === 'sent' || status === 'delivered') return 'sent';
  if (status === 'failed' || status === 'cancelled') return 'failed';
  return 'pending';
}

function projectOf(row: Row, now: Date): ProjectRow {
  return {
    id: row.id,
    name: row.name,
    clientId: row.clientId,
    clientName: row.clientName,
    contactName: row.contactName,
    contactEmail: row.contactEmail,
    contactLocale: row.contactLocale,
    contactErased: row.contactErasedAt !== null,
    accountManagerId: row.accountManagerId,
    accountManagerName: row.accountManagerName,
    closedAt: row.closedAt,
    invitation: {
      state: stateOf(row, now),
      createdAt: row.invitedAt,
      sentAt: row.sentAt,
      remindedAt: row.remindedAt,
      answeredAt: row.answeredAt,
      expiresAt: row.expiresAt,
    },
  };
}

/** The projects within `scope`, open ones first, then by name; `search` matches project, client, contact or account manager. */
export async function listProjects(db: Database, scope: Scope, { search, now }: { search?: string | undefined; now: Date }, limit: number): Promise<ProjectRow[]> {
  let query = projectRows(db, scope);
  if (search) {
    const pattern = containsPattern(search);
    query = query.where((eb) =>
      eb.or([
        eb('projects.name', 'ilike', pattern),
        eb('projects.id', 'ilike', pattern),
        eb('clients.name', 'ilike', pattern),
        eb('contacts.name', 'ilike', pattern),
        eb('accountManager.name', 'ilike', pattern),
      ]),
    );
  }
  const rows = await query
    .orderBy(sql`projects.closed_at IS NOT NULL`)
    .orderBy('projects.name')
    .orderBy('projects.id')
    .limit(limit)
    .execute();
  return rows.map((row) => projectOf(row, now));
}

/** One project within `scope`, or undefined. */
export async function findProject(db: Database, scope: Scope, id: string, now: Date): Promise<ProjectRow | undefined> {
  const row = await projectRows(db, scope).where('projects.id', '=', id).executeTakeFirst();
  return row && projectOf(row, now);
}

/** When the client organisation of a project was last invited (the date a throttled close names). */
export async function lastInvitationOfClient(db: Database, clientId: string): Promise<Date | undefined> {
  const row = await db.selectFrom('invitations').select('createdAt').where('clientId', '=', clientId).orderBy('createdAt', 'desc').limit(1).executeTakeFirst();
  return row?.createdAt;
}

export interface ClientOption {
  id: string;
  name: string;
}

/** The client organisations, by name: what the project form offers to pick. */
export async function listClients(db: Database): Promise<ClientOption[]> {
  return db.selectFrom('clients').select(['id', 'name']).orderBy('name').orderBy('id').execute();
}

export async function findClient(db: Database, id: string): Promise<ClientOption | undefined> {
  return db.selectFrom('clients').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}
