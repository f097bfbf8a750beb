import type { Database } from '@ambassador/db/database';
import type { DB } from '@ambassador/db/schema';

/** What the system stores about people and what they did: what a link from an e-mail could change. */
const tables = [
  'employees',
  'responses',
  'alerts',
  'followUpSteps',
  'invitations',
  'loginLinks',
  'sessions',
  'digests',
  'escalations',
  'auditEvents',
] as const satisfies readonly (keyof DB)[];

export type Snapshot = Record<(typeof tables)[number], string[]>;

/**
 * Every row of those tables, each as JSON, in a stable order: equal snapshots before and
 * after something mean it changed nothing stored.
 */
export async function snapshotOf(db: Database): Promise<Snapshot> {
  const entries = await Promise.all(
    tables.map(async (table) => {
      const rows: unknown[] = await db.selectFrom(table).selectAll().execute();
      return [table, rows.map((row) => JSON.stringify(row)).sort()] as const;
    }),
  );
  return Object.fromEntries(entries) as Snapshot;
}
