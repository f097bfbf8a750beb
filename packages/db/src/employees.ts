import { ConflictError, UnprocessableError } from '@ambassador/domain/errors';
import type { EmployeeInput } from '@ambassador/domain/inputs';
import { defaultLocale, type Locale } from '@ambassador/domain/vocabulary';
import { sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import { endSessionsOf } from './login.ts';
import { FOREIGN_KEY_VIOLATION, isPostgresError, UNIQUE_VIOLATION } from './postgres-errors.ts';
import type { DB } from './schema.ts';

export interface Employee {
  id: string;
  name: string;
  email: string;
  managerId: string | null;
  locale: Locale;
  division: string | null;
  digestOptOut: boolean;
}

const employeeColumns = ['id', 'name', 'email', 'managerId', 'locale', 'division', 'digestOptOut'] as const;

/**
 * Creates or replaces an employee (PUT semantics: omitted optional fields take their
 * defaults), except that an omitted `digestOptOut` keeps what is stored (false when new).
 * A changed address ends the sessions and unused login links of the old one, in the same
 * transaction: a session is bound to an address, and the address may go to someone else.
 */
export async function upsertEmployee(trx: Transaction<DB>, id: string, input: EmployeeInput): Promise<Employee> {
  if (input.managerId !== null && (await wouldCreateCycle(trx, id, input.managerId))) {
    throw new UnprocessableError(
      input.managerId === id ? 'an employee cannot be their own manager' : 'this manager would make the reporting line circular',
      'managerId',
    );
  }
  const fields = {
    name: input.name,
    email: input.email,
    managerId: input.managerId,
    locale: input.locale ?? defaultLocale,
    division: input.division,
    ...(input.digestOptOut === undefined ? {} : { digestOptOut: input.digestOptOut }),
  };
  const before = await trx.selectFrom('employees').select('email').where('id', '=', id).forUpdate().executeTakeFirst();
  try {
    const employee = await trx
      .insertInto('employees')
      .values({ id, ...fields })
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ ...fields, updatedAt: sql<Date>`now()` }))
      .returning(employeeColumns)
      .executeTakeFirstOrThrow();
    if (before && before.email !== employee.email) await endSessionsOf(trx, before.email);
    return employee;
  } catch (error) {
    if (isPostgresError(error, FOREIGN_KEY_VIOLATION)) {
      throw new UnprocessableError(`no employee with id "${input.managerId}"; create the manager first`, 'managerId');
    }
    if (isPostgresError(error, UNIQUE_VIOLATION, 'employees_email_key')) {
      throw new ConflictError('another employee already has this e-mail address', 'email');
    }
    throw error;
  }
}

/** Whether `managerId` is `id` itself or reports, directly or indirectly, to `id`. */
async function wouldCreateCycle(db: Database, id: string, managerId: string): Promise<boolean> {
  if (managerId === id) return true;
  const found = await sql<{ found: boolean }>`
    WITH RECURSIVE chain (id, manager_id) AS (
      SELECT id, manager_id FROM employees WHERE id = ${managerId}
      UNION
      SELECT e.id, e.manager_id FROM employees e JOIN chain ON e.id = chain.manager_id
    )
    SELECT EXISTS (SELECT 1 FROM chain WHERE id = ${id}) AS found
  `.execute(db);
  return found.rows[0]?.found ?? false;
}
