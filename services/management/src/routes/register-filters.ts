import type { RegisterFilters } from '@ambassador/db/register';
import { DAY_MS } from '@ambassador/domain/calendar';
import { integratorId } from '@ambassador/domain/inputs';
import { type Group, groups } from '@ambassador/domain/vocabulary';
import { z } from 'zod';
import { optionalField } from './query.ts';

/** The register's tabs, and the order of the groups in its exports. */
export const tabOrder: readonly Group[] = ['positive', 'negative', 'neutral'];

/** The register's query string: `group`, `from`, `to` (dates, both included), `accountManager`, `division`, `client`. */
export const registerQuery = z.object({
  group: optionalField(z.enum(groups)),
  from: optionalField(z.iso.date()),
  to: optionalField(z.iso.date()),
  accountManager: optionalField(integratorId),
  division: optionalField(z.string().max(100)),
  client: optionalField(integratorId),
});
export type RegisterQuery = z.output<typeof registerQuery>;

export function filtersOf(query: RegisterQuery): RegisterFilters {
  return {
    ...(query.from ? { from: new Date(`${query.from}T00:00:00Z`) } : {}),
    ...(query.to ? { to: new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS) } : {}),
    ...(query.accountManager ? { accountManagerId: query.accountManager } : {}),
    ...(query.division ? { division: query.division } : {}),
    ...(query.client ? { clientId: query.client } : {}),
  };
}
