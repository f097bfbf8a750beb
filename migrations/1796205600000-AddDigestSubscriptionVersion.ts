import { type Kysely, sql } from 'kysely';

// The unsubscribe link of a digest is signed with the version of the subscription it was made
// for, so it stops working once that subscription changes (the person unsubscribed, or was
// subscribed again through the API). Every change of `digest_opt_out` bumps the version,
// whichever path makes it: a trigger, not each query, so a new path cannot forget it.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE employees ADD COLUMN digest_subscription_version integer NOT NULL DEFAULT 0;

    CREATE FUNCTION bump_digest_subscription_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.digest_subscription_version := OLD.digest_subscription_version + 1;
      RETURN NEW;
    END
    $$;

    CREATE TRIGGER employees_digest_subscription_changed
      BEFORE UPDATE OF digest_opt_out ON employees
      FOR EACH ROW WHEN (OLD.digest_opt_out IS DISTINCT FROM NEW.digest_opt_out)
      EXECUTE FUNCTION bump_digest_subscription_version();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER employees_digest_subscription_changed ON employees;
    DROP FUNCTION bump_digest_subscription_version();
    ALTER TABLE employees DROP COLUMN digest_subscription_version;
  `.execute(db);
}
