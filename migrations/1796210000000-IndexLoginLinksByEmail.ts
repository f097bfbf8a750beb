import { type Kysely, sql } from 'kysely';

// The management module limits how many login e-mails one address is sent in a window (so
// nobody can mail-bomb an employee from many client addresses): it counts that address's
// recent links, with this index, in every instance.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX login_links_email_created_idx ON login_links (email, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX login_links_email_created_idx`.execute(db);
}
