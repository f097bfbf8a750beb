import { UnprocessableError } from '@ambassador/domain/errors';
import type { ProjectInput } from '@ambassador/domain/inputs';
import { defaultLocale, type Locale } from '@ambassador/domain/vocabulary';
import { sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import { refuseDeactivated } from './employees.ts';
import { FOREIGN_KEY_VIOLATION, isPostgresError } from './postgres-errors.ts';
import type { DB } from './schema.ts';

export interface Project {
  id: string;
  name: string;
  client: { id: string; name: string };
  contact: { name: string; email: string; locale: Locale };
  accountManagerId: string;
}

/**
 * Creates or replaces a project with its client and contact, in the caller's transaction (which
 * records the audit event of the change with it). The client is upserted by the integrator's
 * id; the contact by e-mail address.
 */
export async function upsertProject(trx: Transaction<DB>, id: string, input: ProjectInput): Promise<Project> {
  await refuseDeactivated(trx, input.accountManagerId, 'accountManagerId');
  try {
    const [project] = await writeProjects(trx, [{ id, input }]);
    if (!project) throw new Error(`project ${id} was not written`);
    return project;
  } catch (error) {
    if (isPostgresError(error, FOREIGN_KEY_VIOLATION, 'projects_account_manager_id_fkey')) {
      throw new UnprocessableError(`no employee with id "${input.accountManagerId}"`, 'accountManagerId');
    }
    throw error;
  }
}

/** A project as `upsertProject` answers it, with its client and contact; undefined for an unknown id. */
export async function findProject(db: Database, id: string): Promise<Project | undefined> {
  const row = await db
    .selectFrom('projects')
    .innerJoin('clients', 'clients.id', 'projects.clientId')
    .innerJoin('contacts', 'contacts.id', 'projects.contactId')
    .select([
      'projects.id',
      'projects.name',
      'projects.accountManagerId',
      'clients.id as clientId',
      'clients.name as clientName',
      'contacts.name as contactName',
      'contacts.email as contactEmail',
      'contacts.locale as contactLocale',
    ])
    .where('projects.id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      name: row.name,
      client: { id: row.clientId, name: row.clientName },
      contact: { name: row.contactName, email: row.contactEmail, locale: row.contactLocale },
      accountManagerId: row.accountManagerId,
    }
  );
}

/**
 * Writes projects, checked already (their account managers exist), with their clients and
 * contacts, in three statements: what `upsertProject` does for one, for a whole import. A
 * client or contact named by several projects is written once, as the last of them names it.
 * In the caller's transaction; the order of the answer is the order of `projects`.
 */
export async function writeProjects(trx: Transaction<DB>, projects: readonly { id: string; input: ProjectInput }[]): Promise<Project[]> {
  if (projects.length === 0) return [];
  const clients = new Map(projects.map(({ input }) => [input.client.id, input.client.name]));
  await sql`
    INSERT INTO clients (id, name)
    SELECT id, name FROM jsonb_to_recordset(${JSON.stringify([...clients].map(([id, name]) => ({ id, name })))}::jsonb) AS r (id text, name text)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = now()
  `.execute(trx);
  const contacts = new Map(projects.map(({ input }) => [input.contact.email, { email: input.contact.email, name: input.contact.name, locale: input.contact.locale ?? defaultLocale }]));
  const storedContacts = await sql<{ id: string; email: string; name: string; locale: Locale }>`
    INSERT INTO contacts (email, name, locale)
    SELECT email, name, locale FROM jsonb_to_recordset(${JSON.stringify([...contacts.values()])}::jsonb) AS r (email text, name text, locale locale)
    ON CONFLICT (email) DO UPDATE SET name = excluded.name, locale = excluded.locale, updated_at = now()
    RETURNING id, email, name, locale
  `.execute(trx);
  const contactByEmail = new Map(storedContacts.rows.map((contact) => [contact.email, contact]));
  const contactOf = (email: string) => {
    const contact = contactByEmail.get(email);
    if (!contact) throw new Error('a contact was not written');
    return contact;
  };
  const rows = projects.map(({ id, input }) => ({
    id,
    name: input.name,
    client_id: input.client.id,
    contact_id: contactOf(input.contact.email).id,
    account_manager_id: input.accountManagerId,
  }));
  await sql`
    INSERT INTO projects (id, name, client_id, contact_id, account_manager_id)
    SELECT id, name, client_id, contact_id::uuid, account_manager_id
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r (id text, name text, client_id text, contact_id text, account_manager_id text)
    ON CONFLICT (id) DO UPDATE SET
      name = excluded.name, client_id = excluded.client_id, contact_id = excluded.contact_id,
      account_manager_id = excluded.account_manager_id, updated_at = now()
  `.execute(trx);
  return projects.map(({ id, input }) => {
    const contact = contactOf(input.contact.email);
    return {
      id,
      name: input.name,
      client: { id: input.client.id, name: clients.get(input.client.id) ?? input.client.name },
      contact: { name: contact.name, email: contact.email, locale: contact.locale },
      accountManagerId: input.accountManagerId,
    };
  });
}
