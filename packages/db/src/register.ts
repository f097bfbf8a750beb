import type { FollowUpStatus, Group, Satisfaction } from '@ambassador/domain/vocabulary';
import type { ExpressionBuilder } from 'kysely';
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
}

export interface RegisterRow {
  responseId: string;
  group: Group;
  hotLead: boolean;
  respondentName: string;
  respondentEmail: string;
  clientName: string;
  projectName: string;
  accountManagerId: string;
  accountManagerName: string;
  division: string | null;
  submittedAt: Date;
  satisfaction: Satisfaction;
  wouldRecommend: boolean;
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
  return query;
}

function latestStep(eb: ExpressionBuilder<DB, 'responses'>) {
  return eb
    .selectFrom('followUpSteps')
    .whereRef('followUpSteps.responseId', '=', 'responses.id')
    .orderBy('followUpSteps.createdAt', 'desc')
    .limit(1);
}

/** The register's rows of one group: hot leads first among the +, newest first otherwise. */
export async function registerRows(
  db: Database,
  scope: Scope,
  group: Group,
  filters: RegisterFilters,
  { limit = 500 }: { limit?: number } = {},
): Promise<RegisterRow[]> {
  let query = classifiedResponses(db, scope, filters)
    .where('responses.group', '=', group)
    .select((eb) => [
      'responses.id as responseId',
      'responses.respondentName',
      'responses.respondentEmail',
      'responses.submittedAt',
      'responses.satisfaction',
      'responses.wouldRecommend',
      'responses.wantsMoreServices',
      'responses.motivation',
      'clients.name as clientName',
      'projects.name as projectName',
      'accountManager.id as accountManagerId',
      'accountManager.name as accountManagerName',
      'accountManager.division',
      latestStep(eb).select('followUpSteps.status').as('followUpStatus'),
      latestStep(eb).select('followUpSteps.createdAt').as('followUpUpdatedAt'),
    ]);
  if (group === 'positive') query = query.orderBy('responses.wantsMoreServices', 'desc');
  const rows = await query.orderBy('responses.submittedAt', 'desc').orderBy('responses.id').limit(limit).execute();
  return rows.map((row) => ({
    ...row,
    group,
    hotLead: group === 'positive' && row.wantsMoreServices,
    followUpStatus: row.followUpStatus ?? 'open',
    followUpUpdatedAt: row.followUpUpdatedAt ?? null,
  }));
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

/** The account managers and divisions the viewer can filter on. */
export async function registerFilterOptions(
  db: Database,
  scope: Scope,
): Promise<{ accountManagers: { id: string; name: string }[]; divisions: string[] }> {
  const rows = await db
    .selectFrom('employees as accountManager')
    .innerJoin('projects', 'projects.accountManagerId', 'accountManager.id')
    .select(['accountManager.id', 'accountManager.name', 'accountManager.division'])
    .distinct()
    .where(projectsWithin(scope))
    .orderBy('accountManager.name')
    .execute();
  const divisions = [...new Set(rows.flatMap((row) => (row.division ? [row.division] : [])))].sort();
  return { accountManagers: rows.map(({ id, name }) => ({ id, name })), divisions };
}
