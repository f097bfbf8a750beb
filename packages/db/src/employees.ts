import { ConflictError, UnprocessableError } from '@ambassador/domain/errors';
import type { AlertSettings, EmployeeInput } from '@ambassador/domain/inputs';
import { type AlertChannel, defaultLocale, type Locale } from '@ambassador/domain/vocabulary';
import { sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import { endSessionsOf } from './login.ts';
import { CHECK_VIOLATION, FOREIGN_KEY_VIOLATION, isPostgresError, UNIQUE_VIOLATION } from './postgres-errors.ts';
import type { DB } from './schema.ts';

export interface Employee {
  id: string;
  name: string;
  email: string;
  managerId: string | null;
  locale: Locale;
  division: string | null;
  digestOptOut: boolean;
  /** E.164, or null. */
  phone: string | null;
  alertChannels: AlertChannel[];
}

const employeeColumns = ['id', 'name', 'email', 'managerId', 'locale', 'division', 'digestOptOut', 'phone', 'alertChannels'] as const;

/** The stored channels, as the migration allows them: `{email}` or `{email,sms}`. */
function channelsOf(stored: readonly string[]): AlertChannel[] {
  return stored.includes('sms') ? ['email', 'sms'] : ['email'];
}

/**
 * SMS alerts without a phone number: refused by the database (`employees_sms_needs_phone`),
 * whichever of the two was given: the channels that ask for SMS, or the phone taken away.
 */
function smsWithoutPhone(error: unknown, settings: Partial<AlertSettings>): UnprocessableError | undefined {
  if (!isPostgresError(error, CHECK_VIOLATION, 'employees_sms_needs_phone')) return undefined;
  return settings.alertChannels?.includes('sms')
    ? new UnprocessableError('SMS alerts need a phone number: give phone as well', 'alertChannels')
    : new UnprocessableError('SMS alerts are on and need a phone number: set alertChannels to ["email"] to remove it', 'phone');
}

/**
 * Creates or replaces an employee (PUT semantics: omitted optional fields take their
 * defaults), except that an omitted `digestOptOut`, `phone` or `alertChannels` keeps what is
 * stored (false, none and e-mail only when new). A changed address ends the sessions and
 * unused login links of the old one, in the same transaction: a session is bound to an
 * address, and the address may go to someone else.
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
    ...(input.phone === undefined ? {} : { phone: input.phone }),
    ...(input.alertChannels === undefined ? {} : { alertChannels: input.alertChannels }),
  };
  const before = await trx.selectFrom('employees').select('email').where('id', '=', id).forUpdate().executeTakeFirst();
  // PostgreSQL checks the row to insert before it finds the conflict: that row carries the
  // stored phone, so that SMS switched on for someone whose number is stored is not refused.
  const storedPhone = sql<string | null>`(SELECT phone FROM employees WHERE id = ${id})`;
  try {
    const employee = await trx
      .insertInto('employees')
      .values({ id, phone: storedPhone, ...fields })
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ ...fields, updatedAt: sql<Date>`now()` }))
      .returning(employeeColumns)
      .executeTakeFirstOrThrow();
    if (before && before.email !== employee.email) await endSessionsOf(trx, before.email);
    return { ...employee, alertChannels: channelsOf(employee.alertChannels) };
  } catch (error) {
    const settingsError = smsWithoutPhone(error, input);
    if (settingsError) throw settingsError;
    if (isPostgresError(error, FOREIGN_KEY_VIOLATION)) {
      throw new UnprocessableError(`no employee with id "${input.managerId}"; create the manager first`, 'managerId');
    }
    if (isPostgresError(error, UNIQUE_VIOLATION, 'employees_email_key')) {
      throw new ConflictError('another employee already has this e-mail address', 'email');
    }
    throw error;
  }
}

/** An employee as `upsertEmployee` answers it; undefined for an unknown id. */
export async function findEmployee(db: Database, id: string): Promise<Employee | undefined> {
  const employee = await db.selectFrom('employees').select(employeeColumns).where('id', '=', id).executeTakeFirst();
  return employee && { ...employee, alertChannels: channelsOf(employee.alertChannels) };
}

/** An employee's own alert settings, as their settings page shows them; undefined for an unknown id. */
export async function findAlertSettings(db: Database, id: string): Promise<AlertSettings | undefined> {
  const row = await db.selectFrom('employees').select(['phone', 'alertChannels']).where('id', '=', id).executeTakeFirst();
  return row && { phone: row.phone, alertChannels: channelsOf(row.alertChannels) };
}

/**
 * Sets someone's phone and alert channels (their settings page), in the caller's transaction;
 * false when there is no such employee. SMS without a phone: UnprocessableError naming the field.
 */
export async function updateAlertSettings(trx: Transaction<DB>, id: string, settings: AlertSettings): Promise<boolean> {
  try {
    const updated = await trx
      .updateTable('employees')
      .set({ phone: settings.phone, alertChannels: settings.alertChannels, updatedAt: sql<Date>`now()` })
      .where('id', '=', id)
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  } catch (error) {
    throw smsWithoutPhone(error, settings) ?? error;
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
