import type { FollowUpStatus, Group, Satisfaction } from '@ambassador/domain/vocabulary';
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';
import { projectsWithin, type Scope } from './scope.ts';

/** The ambassador register: classified responses by name, within a viewer's scope. */

export interface RegisterFilters {
  from?: Date;
  /** Exclusive. */
  to?: Date;
  accountManagerId?: string;
  division?: string;
  clientId?: string;
}

export interface RegisterRow {
  responseId: string;
  group: Group;
  hotLead: boolean;
  respondentName: string;
  respondentEmail: string;
  clientId: string;
  clientName: string;
  projectName: string;
  accountManagerId: string;
  accountManagerName: string;
  division: string | null;
  submittedAt: Date;
  satisfaction: Satisfaction;
  wouldRecommend: boolean;
  /** The 0–10 answer; null when it was not asked. */
  recommendScore: number | null;
  wantsMoreServices: boolean;
  motivation: string | null;
  followUpStatus: FollowUpStatus;
  followUpUpdatedAt: Date | null;
}

function classifiedResponses(db: Database, scope: Scope, filters: RegisterFilters) {
  let query = db
    .selectFrom('responses')
    .innerJoin('projects', 'projects.id', 'responses.projectId')
    .innerJoin('clients', 'clients.id', 'projects.clientId')
    .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
    .where('responses.group', 'is not', null)
    .where(projectsWithin(scope));
  if (filters.from) query = query.where('responses.submittedAt', '>=', filters.from);
  if (filters.to) query = query.where('responses.submittedAt', '<', filters.to);
  if (filters.accountManagerId) query = query.where('projects.accountManagerId', '=', filters.accountManagerId);
  if (filters.division) query = query.where('accountManager.division', '=', filters.division);
  if (filters.clientId) query = query.where('projects.clientId', '=', filters.clientId);
  return query;
}

function latestStep(eb: ExpressionBuilder<DB, 'responses'>) {
  return eb
    .selectFrom('followUpSteps')
    .whereRef('followUpSteps.responseId', '=', 'responses.id')
    .orderBy('followUpSteps.createdAt', 'desc')
    .limit(1);
}

/**
 * The register's rows of `groups`, a group after another in the order given: hot leads first
 * among the +, newest first otherwise.
 */
function registerSelection(db: Database, scope: Scope, groups: readonly Group[], filters: RegisterFilters) {
  return classifiedResponses(db, scope, filters)
    .where('responses.group', 'in', groups)
    .select((eb) => [
      'responses.id as responseId',
      'responses.group',
      'responses.respondentName',
      'responses.respondentEmail',
      'responses.submittedAt',
      'responses.satisfaction',
      'responses.wouldRecommend',
      'responses.recommendScore',
      'responses.wantsMoreServices',
      'responses.motivation',
      'clients.id as clientId',
      'clients.name as clientName',
      'projects.name as projectName',
      'accountManager.id as accountManagerId',
      'accountManager.name as accountManagerName',
      'accountManager.division',
      latestStep(eb).select('followUpSteps.status').as('followUpStatus'),
      latestStep(eb).select('followUpSteps.createdAt').as('followUpUpdatedAt'),
    ])
    .$narrowType<{ group: Group }>()
    .orderBy(sql`array_position(${[...groups]}::text[], ${sql.ref('responses.group')}::text)`)
    .orderBy((eb) => eb.and([eb('responses.group', '=', 'positive'), eb('responses.wantsMoreServices', '=', true)]), 'desc')
    .orderBy('responses.submittedAt', 'desc')
    .orderBy('responses.id');
}

type SelectedRow = Awaited<ReturnType<ReturnType<typeof registerSelection>['execute']>>[number];

function registerRow(row: SelectedRow): RegisterRow {
  return {
    ...row,
    hotLead: row.group === 'positive' && row.wantsMoreServices,
    followUpStatus: row.followUpStatus ?? 'open',
    followUpUpdatedAt: row.followUpUpdatedAt ?? null,
  };
}

/** The register's rows of one group, at most `limit` (the page). */
export async function registerRows(
  db: Database,
  scope: Scope,
  group: Group,
  filters: RegisterFilters,
  { limit = 500 }: { limit?: number } = {},
): Promise<RegisterRow[]> {
  const rows = await registerSelection(db, scope, [group], filters).limit(limit).execute();
  return rows.map(registerRow);
}

/**
 * All the register's rows of `groups`, in that order, read from a server-side cursor a chunk
 * at a time as the consumer asks for them (the exports). The query holds a connection until
 * the last row is read or the consumer stops (`return()`, as `for await` does on `break`).
 */
export async function* streamRegisterRows(
  db: Database,
  scope: Scope,
  groups: readonly Group[],
  filters: RegisterFilters,
  { chunkSize = 1000 }: { chunkSize?: number } = {},
): AsyncGenerator<RegisterRow> {
  for await (const row of registerSelection(db, scope, groups, filters).stream(chunkSize)) yield registerRow(row);
}

/** How many responses each group has under the same filters (the counts on the tabs). */
export async function registerCounts(db: Database, scope: Scope, filters: RegisterFilters): Promise<Record<Group, number>> {
  const rows = await classifiedResponses(db, scope, filters)
    .select((eb) => ['responses.group', eb.fn.countAll<string>().as('count')])
    .groupBy('responses.group')
    .execute();
  const counts: Record<Group, number> = { positive: 0, neutral: 0, negative: 0 };
  for (const row of rows) if (row.group) counts[row.group] = Number(row.count);
  return counts;
}

export interface RegisterFilterOptions {
  accountManagers: { id: string; name: string }[];
  divisions: string[];
  /** The client organisations with a project within the scope. */
  clients: { id: string; name: string }[];
}

/** The account managers, divisions and clients the viewer can filter on. */
export async function registerFilterOptions(db: Database, scope: Scope): Promise<RegisterFilterOptions> {
  const [rows, clients] = await Promise.all([
    db
      .selectFrom('employees as accountManager')
      .innerJoin('projects', 'projects.accountManagerId', 'accountManager.id')
      .select(['accountManager.id', 'accountManager.name', 'accountManager.division'])
      .distinct()
      .where(projectsWithin(scope))
      .orderBy('accountManager.name')
      .execute(),
    db
      .selectFrom('clients')
      .innerJoin('projects', 'projects.clientId', 'clients.id')
      .select(['clients.id', 'clients.name'])
      .distinct()
      .where(projectsWithin(scope))
      .orderBy('clients.name')
      .orderBy('clients.id')
      .execute(),
  ]);
  const divisions = [...new Set(rows.flatMap((row) => (row.division ? [row.division] : [])))].sort();
  return { accountManagers: rows.map(({ id, name }) => ({ id, name })), divisions, clients };
}
