import { z } from 'zod';

/** A form field left empty means "not given": no filter, no choice. */
export const optionalField = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** Parameters as a query string (`?a=1&b=2`, or '' when none is set), for links that keep a page's filters. */
export function queryString(parameters: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}
