import { UnprocessableError } from '@ambassador/domain/errors';
import type { ProjectInput } from '@ambassador/domain/inputs';
import { defaultLocale, type Locale } from '@ambassador/domain/vocabulary';
import { sql, type Transaction } from 'kysely';
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
  } catch (error) {
    if (isPostgresError(error, FOREIGN_KEY_VIOLATION, 'projects_account_manager_id_fkey')) {
      throw new UnprocessableError(`no employee with id "${input.accountManagerId}"`, 'accountManagerId');
    }
    throw error;
  }
}
