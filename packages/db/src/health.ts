import { sql } from 'kysely';
import type { Database } from './database.ts';

/** Throws unless PostgreSQL answers: a readiness check. */
export async function pingDatabase(db: Database): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
