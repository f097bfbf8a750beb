import type { Database } from './database.ts';
import { type StatsPeriod, within } from './management-stats.ts';
import { projectsWithin, type Scope } from './scope.ts';

/**
 * The ambassadors at the level of the account: of the client organisations with at least one
 * response submitted in the period (within the viewer's scope), how many have at least one +
 * among them and how many at least one −. One organisation can be in both.
 */
export interface ClientOrganisationCounts {
  withResponses: number;
  withPositive: number;
  withNegative: number;
}

export interface ClientOrganisationShares {
  /** Percentages of `withResponses`, 0 to 100; null when no organisation responded. */
  positive: number | null;
  negative: number | null;
}

export async function clientOrganisationCounts(db: Database, scope: Scope, period: StatsPeriod): Promise<ClientOrganisationCounts> {
  const row = await db
    .selectFrom('responses')
    .innerJoin('projects', 'projects.id', 'responses.projectId')
    .select((eb) => [
      eb.fn.count<string>('projects.clientId').distinct().as('withResponses'),
      eb.fn.count<string>('projects.clientId').distinct().filterWhere('responses.group', '=', 'positive').as('withPositive'),
      eb.fn.count<string>('projects.clientId').distinct().filterWhere('responses.group', '=', 'negative').as('withNegative'),
    ])
    .where(within('responses', period))
    .where(projectsWithin(scope))
    .executeTakeFirstOrThrow();
  return { withResponses: Number(row.withResponses), withPositive: Number(row.withPositive), withNegative: Number(row.withNegative) };
}

/** Exact shares; rounding is left to whoever shows them. */
export function clientOrganisationShares({ withResponses, withPositive, withNegative }: ClientOrganisationCounts): ClientOrganisationShares {
  if (withResponses === 0) return { positive: null, negative: null };
  return { positive: (withPositive / withResponses) * 100, negative: (withNegative / withResponses) * 100 };
}
