import type { RegisterFilters } from '@ambassador/db/register';
import { integratorId } from '@ambassador/domain/inputs';
import { groups } from '@ambassador/domain/vocabulary';
import { z } from 'zod';

const DAY_MS = 24 * 60 * 60 * 1000;

// An empty form field means "no filter".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** The register's query string: `group`, `from`, `to` (dates, both included), `accountManager`, `division`. */
export const registerQuery = z.object({
  group: optional(z.enum(groups)),
  from: optional(z.iso.date()),
  to: optional(z.iso.date()),
  accountManager: optional(integratorId),
  division: optional(z.string().max(100)),
});
export type RegisterQuery = z.output<typeof registerQuery>;

export function filtersOf(query: RegisterQuery): RegisterFilters {
  return {
    ...(query.from ? { from: new Date(`${query.from}T00:00:00Z`) } : {}),
    ...(query.to ? { to: new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS) } : {}),
    ...(query.accountManager ? { accountManagerId: query.accountManager } : {}),
    ...(query.division ? { division: query.division } : {}),
  };
}

/** The same filters as a query string, for links between tabs and to the CSV. */
export function queryString(query: RegisterQuery, overrides: Partial<RegisterQuery> = {}): string {
  const merged = { ...query, ...overrides };
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) if (value) parameters.set(key, value);
  const text = parameters.toString();
  return text ? `?${text}` : '';
}
