import { type RawBuilder, sql } from 'kysely';
import type { Database } from './database.ts';

/**
 * What stands where a person's name and address were. The address is unique per row (one
 * response per project and address, one contact per address still hold) and in a reserved
 * domain that nothing is ever delivered to (RFC 2606).
 */
export const ANONYMISED_NAME = '[anonymised]';

/** The domain of every anonymised address. */
export const ANONYMISED_DOMAIN = 'anonymised.invalid';

/** The anonymised address made from a uuid column or value. */
export function anonymisedEmail(id: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`'anonymised-' || ${id}::text || ${`@${ANONYMISED_DOMAIN}`}`;
}

/**
 * Anonymises contacts in place: they keep their id, so the projects that name them keep a
 * valid contact, but lose name, address and language. Returns how many it changed.
 */
export async function anonymiseContacts(db: Database, contactIds: readonly string[], now: Date): Promise<number> {
  if (contactIds.length === 0) return 0;
  const result = await db
    .updateTable('contacts')
    .set({
      name: ANONYMISED_NAME,
      email: anonymisedEmail(sql.ref('id')),
      locale: 'nl',
      anonymisedAt: now,
      updatedAt: now,
    })
    .where('id', 'in', contactIds)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
