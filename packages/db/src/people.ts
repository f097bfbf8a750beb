import { sql } from 'kysely';
import type { Database } from './database.ts';
import { containsPattern } from './search.ts';
import type { Employee } from './employees.ts';

/** What the people pages of the management module read (admins only; app.ts guards them). */

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  division: string | null;
  managerName: string | null;
  active: boolean;
  projects: number;
}

/** Everyone, active first, by name; `search` matches name, address, id or division (case-insensitive, anywhere). */
export async function listPeople(db: Database, { search }: { search?: string | undefined }, limit: number): Promise<PersonRow[]> {
  let query = db
    .selectFrom('employees')
    .leftJoin('employees as manager', 'manager.id', 'employees.managerId')
    .select((eb) => [
      'employees.id',
      'employees.name',
      'employees.email',
      'employees.division',
      'manager.name as managerName',
      'employees.active',
      eb
        .selectFrom('projects')
        .select(eb.fn.countAll<string>().as('count'))
        .whereRef('projects.accountManagerId', '=', 'employees.id')
        .as('projects'),
    ]);
  if (search) {
    const pattern = containsPattern(search);
    query = query.where((eb) =>
      eb.or([
        eb('employees.name', 'ilike', pattern),
        eb('employees.email', 'ilike', pattern),
        eb('employees.id', 'ilike', pattern),
        eb('employees.division', 'ilike', pattern),
      ]),
    );
  }
  const rows = await query.orderBy('employees.active', 'desc').orderBy('employees.name').orderBy('employees.id').limit(limit).execute();
  return rows.map((row) => ({ ...row, projects: Number(row.projects ?? 0) }));
}

export type Person = Employee & { deactivatedAt: Date | null };

export async function findPerson(db: Database, id: string): Promise<Person | undefined> {
  const row = await db
    .selectFrom('employees')
    .select(['id', 'name', 'email', 'managerId', 'locale', 'division', 'digestOptOut', 'phone', 'alertChannels', 'active', 'deactivatedAt'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { ...row, alertChannels: row.alertChannels.includes('sms') ? ['email', 'sms'] : ['email'] };
}

export interface PersonOption {
  id: string;
  name: string;
  email: string;
}

/** The active employees, by name: whom a form offers as a manager, an account manager or a successor. */
export async function activePeople(db: Database): Promise<PersonOption[]> {
  return db.selectFrom('employees').select(['id', 'name', 'email']).where('active', '=', true).orderBy('name').orderBy('id').execute();
}

export interface OrgChartNode {
  id: string;
  name: string;
  division: string | null;
  reports: OrgChartNode[];
}

/**
 * The active employees as a tree of who reports to whom: the roots are those without an
 * active manager. Someone the tree cannot reach (a circle stored by hand) is a root too.
 */
export async function orgChart(db: Database): Promise<OrgChartNode[]> {
  const rows = await db
    .selectFrom('employees')
    .leftJoin('employees as manager', (join) => join.onRef('manager.id', '=', 'employees.managerId').on('manager.active', '=', true))
    .select(['employees.id', 'employees.name', 'employees.division', sql<string | null>`manager.id`.as('managerId')])
    .where('employees.active', '=', true)
    .orderBy('employees.name')
    .execute();
  const reportsOf = new Map<string, typeof rows>();
  for (const row of rows) {
    if (row.managerId === null) continue;
    const reports = reportsOf.get(row.managerId);
    if (reports) reports.push(row);
    else reportsOf.set(row.managerId, [row]);
  }
  const placed = new Set<string>();
  const attach = (row: (typeof rows)[number]): OrgChartNode => {
    placed.add(row.id);
    const reports = (reportsOf.get(row.id) ?? []).filter((report) => !placed.has(report.id));
    return { id: row.id, name: row.name, division: row.division, reports: reports.map(attach) };
  };
  const roots = rows.filter((row) => row.managerId === null).map(attach);
  for (const row of rows) if (!placed.has(row.id)) roots.push(attach(row));
  return roots;
}
