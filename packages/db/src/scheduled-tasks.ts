import { sql } from 'kysely';
import type { Database } from './database.ts';

/**
 * What the scheduler instances share about their periodic tasks (see the migration that added
 * `scheduled_tasks`): a lock per task, so that one instance at a time runs it, and when it last
 * succeeded, by the database's clock, so that every instance agrees when it is due again.
 */

export interface TaskClaim {
  /** The moment the lock was taken, by the database's clock. */
  at: Date;
  /** When the task last succeeded, in whichever instance, by the database's clock; null: never. */
  lastSucceededAt: Date | null;
}

const lockKey = (task: string) => sql`hashtextextended(${`ambassador:scheduled-task:${task}`}, 0)`;

/**
 * Runs `work` while holding the task's advisory lock, or returns `{ locked: false }` at once
 * when another instance holds it. The lock is held by a connection of its own, which does
 * nothing else meanwhile (`work` uses the pool); should the process or that connection die,
 * PostgreSQL releases it.
 */
export async function withTaskLock<T>(
  db: Database,
  task: string,
  work: (claim: TaskClaim) => Promise<T>,
): Promise<{ locked: true; value: T } | { locked: false }> {
  return db.connection().execute(async (connection) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${lockKey(task)}) AS locked`.execute(connection);
    if (!rows[0]?.locked) return { locked: false };
    try {
      // Read after the lock is ours: an instance that just finished has recorded its success.
      const claim = await sql<TaskClaim>`
        SELECT now() AS at, (SELECT last_succeeded_at FROM scheduled_tasks WHERE name = ${task}) AS last_succeeded_at
      `.execute(connection);
      const [row] = claim.rows;
      if (!row) throw new Error('SELECT now() returned no row');
      return { locked: true, value: await work(row) };
    } finally {
      await sql`SELECT pg_advisory_unlock(${lockKey(task)})`.execute(connection);
    }
  });
}

/** Records that the task's run that started `at` (by the database's clock) succeeded. */
export async function recordTaskSuccess(db: Database, task: string, at: Date): Promise<void> {
  await db
    .insertInto('scheduledTasks')
    .values({ name: task, lastSucceededAt: at })
    .onConflict((conflict) => conflict.column('name').doUpdateSet({ lastSucceededAt: at }))
    .execute();
}

/** When each task last succeeded, in whichever instance. */
export async function lastTaskSuccesses(db: Database): Promise<{ name: string; lastSucceededAt: Date }[]> {
  return db.selectFrom('scheduledTasks').select(['name', 'lastSucceededAt']).orderBy('name').execute();
}
