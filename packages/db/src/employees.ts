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
  /** False for someone who left (deactivated): no sign-in, no alerts as a manager. */
  active: boolean;
}


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
 * Refuses (422 naming `field`) an employee id that is deactivated: nobody new reports to, or
 * gets a project of, someone who left. An unknown id is left to the foreign key.
 */
export async function refuseDeactivated(trx: Transaction<DB>, employeeId: string, field: string): Promise<void> {
  const row = await trx.selectFrom('employees').select('active').where('id', '=', employeeId).executeTakeFirst();
  if (row && !row.active) throw new UnprocessableError(`employee "${employeeId}" is deactivated`, field);
}

/**
 * Creates or replaces an employee (PUT semantics: omitted optional fields take their
 * defaults), except that an omitted `digestOptOut`, `phone`, `alertChannels` or `active` keeps
 * what is stored (false, none, e-mail only and active when new). A changed address, or a
 * deactivation, ends the sessions and unused login links of the old address, in the same
 * transaction: a session is bound to an address, and the address may go to someone else.
 * In the caller's transaction, which records the audit event with it.
 */
export async function upsertEmployee(trx: Transaction<DB>, id: string, input: EmployeeInput, now: Date): Promise<Employee> {
  if (input.managerId !== null && (await wouldCreateCycle(trx, id, input.managerId))) {
    throw new UnprocessableError(
      input.managerId === id ? 'an employee cannot be their own manager' : 'this manager would make the reporting line circular',
      'managerId',
    );
  }
  if (input.managerId !== null) await refuseDeactivated(trx, input.managerId, 'managerId');
  try {
    const [employee] = await writeEmployees(trx, [{ id, input }], now);
    if (!employee) throw new Error(`employee ${id} was not written`);
    return employee;
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
  const employee = await db
    .selectFrom('employees')
    .select(['id', 'name', 'email', 'managerId', 'locale', 'division', 'digestOptOut', 'phone', 'alertChannels', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
  return employee && { ...employee, alertChannels: channelsOf(employee.alertChannels) };
}

/**
 * Writes employees, checked already (managers exist or come in the same batch, and no line is
 * circular), in one statement: what `upsertEmployee` does for one, for a whole import. Omitted
 * `digestOptOut`, `phone`, `alertChannels` and `active` keep what is stored; a changed address
 * or a deactivation ends the old address's sessions and unused login links. In the caller's
 * transaction; the order of the answer is the order of `employees`.
 */
export async function writeEmployees(trx: Transaction<DB>, employees: readonly { id: string; input: EmployeeInput }[], now: Date): Promise<Employee[]> {
  if (employees.length === 0) return [];
  const ids = employees.map(({ id }) => id);
  const stored = new Map(
    (
      await trx
        .selectFrom('employees')
        .select(['id', 'email', 'digestOptOut', 'phone', 'alertChannels', 'active', 'deactivatedAt'])
        .where('id', '=', sql<string>`ANY(${ids}::text[])`)
        .forUpdate()
        .execute()
    ).map((row) => [row.id, row]),
  );
  const rows = employees.map(({ id, input }) => {
    const before = stored.get(id);
    const active = input.active ?? before?.active ?? true;
    return {
      id,
      name: input.name,
      email: input.email,
      manager_id: input.managerId,
      locale: input.locale ?? defaultLocale,
      division: input.division,
      digest_opt_out: input.digestOptOut ?? before?.digestOptOut ?? false,
      phone: input.phone === undefined ? (before?.phone ?? null) : input.phone,
      alert_channels: input.alertChannels ?? (before ? channelsOf(before.alertChannels) : ['email']),
      active,
      // Deactivated since when: kept while it stays so, now when it becomes so, none when active.
      deactivated_at: active ? null : (before?.deactivatedAt ?? now).toISOString(),
    };
  });
  const written = await sql<Omit<Employee, 'alertChannels'> & { alertChannels: string[] }>`
    INSERT INTO employees (id, name, email, manager_id, locale, division, digest_opt_out, phone, alert_channels, active, deactivated_at)
    SELECT id, name, email, manager_id, locale, division, digest_opt_out, phone, alert_channels, active, deactivated_at
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r (
      id text, name text, email text, manager_id text, locale locale, division text, digest_opt_out boolean,
      phone text, alert_channels text[], active boolean, deactivated_at timestamptz
    )
    ON CONFLICT (id) DO UPDATE SET
      name = excluded.name, email = excluded.email, manager_id = excluded.manager_id, locale = excluded.locale,
      division = excluded.division, digest_opt_out = excluded.digest_opt_out, phone = excluded.phone,
      alert_channels = excluded.alert_channels, active = excluded.active, deactivated_at = excluded.deactivated_at,
      updated_at = now()
    RETURNING id, name, email, manager_id, locale, division, digest_opt_out, phone, alert_channels, active
  `.execute(trx);
  const byId = new Map(written.rows.map((row) => [row.id, { ...row, alertChannels: channelsOf(row.alertChannels) }]));
  const answer = employees.map(({ id }) => {
    const employee = byId.get(id);
    if (!employee) throw new Error(`employee ${id} was not written`);
    return employee;
  });
  const leftAddresses = answer.flatMap((after) => {
    const before = stored.get(after.id);
    return before && (before.email !== after.email || (before.active && !after.active)) ? [before.email] : [];
  });
  await endSessionsOf(trx, leftAddresses);
  return answer;
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

export interface Deactivation {
  projectsMoved: number;
  reportsMoved: number;
}

/**
 * Deactivates someone who left, in the caller's transaction (which records the audit event
 * with it): their projects move to `successorId` (an active colleague; required when they have
 * projects), their direct reports to their own manager (so the reporting line stays whole and
 * cannot become circular), and their sessions and unused login links end. Undefined when there
 * is no such employee, or they are deactivated already. A successor who is unknown, deactivated
 * or the person themselves: UnprocessableError naming `successorId`.
 */
export async function deactivateEmployee(trx: Transaction<DB>, id: string, successorId: string | null, now: Date): Promise<Deactivation | undefined> {
  const leaving = await trx.selectFrom('employees').select(['email', 'managerId', 'active']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!leaving?.active) return undefined;
  if (successorId !== null) {
    const successor = await trx.selectFrom('employees').select('active').where('id', '=', successorId).executeTakeFirst();
    if (!successor?.active || successorId === id) throw new UnprocessableError('choose an active colleague other than the person leaving', 'successorId');
  }
  const projects = await trx.selectFrom('projects').select('id').where('accountManagerId', '=', id).forUpdate().execute();
  if (projects.length > 0 && successorId === null) throw new UnprocessableError('choose who takes over their projects', 'successorId');
  if (successorId !== null && projects.length > 0) {
    await trx.updateTable('projects').set({ accountManagerId: successorId, updatedAt: sql<Date>`now()` }).where('accountManagerId', '=', id).execute();
  }
  const reports = await trx
    .updateTable('employees')
    .set({ managerId: leaving.managerId, updatedAt: sql<Date>`now()` })
    .where('managerId', '=', id)
    .executeTakeFirst();
  await trx.updateTable('employees').set({ active: false, deactivatedAt: now, updatedAt: sql<Date>`now()` }).where('id', '=', id).execute();
  await endSessionsOf(trx, leaving.email);
  return { projectsMoved: projects.length, reportsMoved: Number(reports.numUpdatedRows) };
}
