import { type RawBuilder, sql } from 'kysely';
import type { Database } from './database.ts';

/**
 * Whose responses a viewer may see: everyone's (an admin), or those of the projects of a
 * team of account managers: the viewer and everyone who reports to them, directly or
 * indirectly. Every management query takes a scope; none runs without one.
 */
export type Scope = { kind: 'all' } | { kind: 'team'; accountManagerIds: readonly string[] };

export interface Viewer {
  email: string;
  employeeId: string | null;
  name: string | null;
  locale: 'nl' | 'en';
  isAdmin: boolean;
}

/**
 * Who an address signs in as: an employee, an admin (ADMIN_EMAILS), or both; undefined for
 * anyone else, and for a deactivated employee (someone who left), even one in ADMIN_EMAILS.
 * Every way in (the login form, the login link, company sign-in, each request's session) asks
 * this, so a deactivation shuts them all.
 */
export async function findViewer(db: Database, email: string, adminEmails: ReadonlySet<string>): Promise<Viewer | undefined> {
  const employee = await db.selectFrom('employees').select(['id', 'name', 'locale', 'active']).where('email', '=', email).executeTakeFirst();
  if (employee && !employee.active) return undefined;
  const isAdmin = adminEmails.has(email);
  if (!employee && !isAdmin) return undefined;
  return { email, employeeId: employee?.id ?? null, name: employee?.name ?? null, locale: employee?.locale ?? 'nl', isAdmin };
}

export async function scopeOf(db: Database, viewer: Viewer): Promise<Scope> {
  if (viewer.isAdmin) return { kind: 'all' };
  if (!viewer.employeeId) return { kind: 'team', accountManagerIds: [] };
  // UNION (not UNION ALL) drops rows already seen, so even a circular reporting line ends.
  const team = await sql<{ id: string }>`
    WITH RECURSIVE team (id) AS (
      SELECT id FROM employees WHERE id = ${viewer.employeeId}
      UNION
      SELECT e.id FROM employees e JOIN team ON e.manager_id = team.id
    )
    SELECT id FROM team
  `.execute(db);
  return { kind: 'team', accountManagerIds: team.rows.map((row) => row.id) };
}

/**
 * The condition "this row's project is within `scope`", for any query that joins
 * `projects` under that name.
 */
export function projectsWithin(scope: Scope): RawBuilder<boolean> {
  if (scope.kind === 'all') return sql<boolean>`true`;
  return sql<boolean>`projects.account_manager_id = ANY(${[...scope.accountManagerIds]}::text[])`;
}
