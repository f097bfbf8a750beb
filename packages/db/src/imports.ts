import type { Locale } from '@ambassador/domain/vocabulary';
import { sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { DB, ImportKind } from './schema.ts';

export type { ImportKind } from './schema.ts';

/**
 * An upload of the import page, kept from its preview until the admin confirms it (or an hour
 * passes): the cells of each row as read from the file, by column name. Only the admin who
 * uploaded it may see or apply it.
 */
export interface StoredImport {
  id: string;
  kind: ImportKind;
  fileName: string;
  rows: Record<string, string>[];
  createdAt: Date;
}

export async function storeImport(
  db: Database,
  { kind, fileName, uploadedBy, rows, now, validMinutes }: { kind: ImportKind; fileName: string; uploadedBy: string; rows: readonly Record<string, string>[]; now: Date; validMinutes: number },
): Promise<string> {
  // Uploads nobody confirmed go the next time anyone uploads: their rows hold personal data.
  await db.deleteFrom('imports').where('expiresAt', '<=', now).execute();
  const { id } = await db
    .insertInto('imports')
    .values({ kind, fileName, uploadedBy, rows: JSON.stringify(rows), createdAt: now, expiresAt: new Date(now.getTime() + validMinutes * 60_000) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * An upload not yet applied nor expired, by the admin who made it; with `lock`, locked for the
 * transaction that applies it (a second confirmation waits, then finds it applied).
 */
export async function findPendingImport(db: Database | Transaction<DB>, id: string, uploadedBy: string, now: Date, { lock = false } = {}): Promise<StoredImport | undefined> {
  let query = db
    .selectFrom('imports')
    .select(['id', 'kind', 'fileName', 'rows', 'createdAt'])
    .where('id', '=', id)
    .where('uploadedBy', '=', uploadedBy)
    .where('appliedAt', 'is', null)
    .where('expiresAt', '>', now);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && { ...row, rows: row.rows as Record<string, string>[] };
}

/** Marks an upload applied and lets its rows go, in the transaction that applied it. */
export async function markImportApplied(trx: Transaction<DB>, id: string, now: Date): Promise<void> {
  await trx.updateTable('imports').set({ appliedAt: now, rows: null }).where('id', '=', id).execute();
}

/** What an employees import is checked against: every employee as stored. */
export interface StoredEmployee {
  id: string;
  name: string;
  email: string;
  managerId: string | null;
  locale: Locale;
  division: string | null;
  phone: string | null;
  active: boolean;
}

export async function employeesForImport(db: Database | Transaction<DB>): Promise<StoredEmployee[]> {
  return db.selectFrom('employees').select(['id', 'name', 'email', 'managerId', 'locale', 'division', 'phone', 'active']).execute();
}

/** What a projects import is checked against: the projects it names, as stored, and the account managers it names. */
export interface StoredProject {
  id: string;
  name: string;
  clientId: string;
  clientName: string;
  contactName: string;
  contactEmail: string;
  contactLocale: Locale;
  accountManagerId: string;
}

export async function projectsForImport(
  db: Database | Transaction<DB>,
  { projectIds, clientIds, employeeIds }: { projectIds: readonly string[]; clientIds: readonly string[]; employeeIds: readonly string[] },
): Promise<{ projects: StoredProject[]; clients: Map<string, string>; employees: Map<string, { active: boolean }> }> {
  const [projects, clients, employees] = await Promise.all([
    db
      .selectFrom('projects')
      .innerJoin('clients', 'clients.id', 'projects.clientId')
      .innerJoin('contacts', 'contacts.id', 'projects.contactId')
      .select([
        'projects.id',
        'projects.name',
        'projects.clientId',
        'clients.name as clientName',
        'contacts.name as contactName',
        'contacts.email as contactEmail',
        'contacts.locale as contactLocale',
        'projects.accountManagerId',
      ])
      .where('projects.id', '=', sql<string>`ANY(${[...projectIds]}::text[])`)
      .execute(),
    db.selectFrom('clients').select(['id', 'name']).where('id', '=', sql<string>`ANY(${[...clientIds]}::text[])`).execute(),
    db.selectFrom('employees').select(['id', 'active']).where('id', '=', sql<string>`ANY(${[...employeeIds]}::text[])`).execute(),
  ]);
  return {
    projects,
    clients: new Map(clients.map((client) => [client.id, client.name])),
    employees: new Map(employees.map((employee) => [employee.id, { active: employee.active }])),
  };
}
