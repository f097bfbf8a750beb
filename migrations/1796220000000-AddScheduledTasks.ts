import { type Kysely, sql } from 'kysely';

// The periodic tasks (re-queueing unsettled messages, classifying the backlog, recording
// escalations and digests, retention, purging expired logins) run in a service of their own,
// of which several instances may run. Each task runs at most once per period across all of
// them: an instance takes the task's advisory lock, reads here when the task last succeeded
// (by the database's clock, which every instance shares), runs it if its period has passed,
// and records the moment it started here only when it succeeded, so a failed attempt is
// retried and never postpones the next run.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE scheduled_tasks (
      name text PRIMARY KEY CHECK (length(name) <= 100),
      last_succeeded_at timestamptz NOT NULL
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE scheduled_tasks`.execute(db);
}
