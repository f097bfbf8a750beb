import { UnprocessableError } from '@ambassador/domain/errors';
import type { ProjectInput } from '@ambassador/domain/inputs';
import { defaultLocale, type Locale } from '@ambassador/domain/vocabulary';
import { sql } from 'kysely';
import type { Database } from './database.ts';
import { FOREIGN_KEY_VIOLATION, isPostgresError } from './postgres-errors.ts';

export interface Project {
  id: string;
  name: string;
  client: { id: string; name: string };
  contact: { name: string; email: string; locale: Locale };
  accountManagerId: string;
}

/**
 * Creates or replaces a project with its client and contact, in one transaction. The
 * client is upserted by the integrator's id; the contact by e-mail address.
 */
export async function upsertProject(db: Database, id: string, input: ProjectInput): Promise<Project> {
  try {
    return await db.transaction().execute(async (trx) => {
      const now = sql<Date>`now()`;
      await trx
        .insertInto('clients')
        .values({ id: input.client.id, name: input.client.name })
        .onConflict((conflict) => conflict.column('id').doUpdateSet({ name: input.client.name, updatedAt: now }))
        .execute();
      const contactFields = { name: input.contact.name, locale: input.contact.locale ?? defaultLocale };
      const contact = await trx
        .insertInto('contacts')
        .values({ email: input.contact.email, ...contactFields })
        .onConflict((conflict) => conflict.column('email').doUpdateSet({ ...contactFields, updatedAt: now }))
        .returning(['id', 'name', 'email', 'locale'])
        .executeTakeFirstOrThrow();
      const projectFields = {
        name: input.name,
        clientId: input.client.id,
        contactId: contact.id,
        accountManagerId: input.accountManagerId,
      };
      await trx
        .insertInto('projects')
        .values({ id, ...projectFields })
        .onConflict((conflict) => conflict.column('id').doUpdateSet({ ...projectFields, updatedAt: now }))
        .execute();
      return {
        id,
        name: input.name,
        client: { ...input.client },
        contact: { name: contact.name, email: contact.email, locale: contact.locale },
        accountManagerId: input.accountManagerId,
      };
    });
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
