import { type Kysely, sql } from 'kysely';

// Someone who left: `active` false from `deactivated_at` on. A deactivated employee keeps their
// row (responses, alerts and the audit trail name them) but cannot sign in, gets no alerts,
// escalations or digests as a manager, and is offered nowhere as an account manager or manager.
// The two columns agree (a check), so no path can store one without the other.
//
// `employee.deactivated`: an admin deactivated someone in the management module (their
// projects moved to a colleague in the same transaction).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE employees
      ADD COLUMN active boolean NOT NULL DEFAULT true,
      ADD COLUMN deactivated_at timestamptz,
      ADD CONSTRAINT employees_deactivated_when_inactive CHECK (active = (deactivated_at IS NULL));

    ALTER TYPE audit_action ADD VALUE 'employee.deactivated';
  `.execute(db);
}

// An enum value cannot be dropped: the type is rebuilt from the values it has now, but this one.
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM audit_events WHERE action = 'employee.deactivated';
    ALTER TYPE audit_action RENAME TO audit_action_with_deactivation;
    DO $$
    BEGIN
      EXECUTE (
        SELECT format('CREATE TYPE audit_action AS ENUM (%s)', string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder))
        FROM pg_enum
        WHERE enumtypid = 'audit_action_with_deactivation'::regtype AND enumlabel <> 'employee.deactivated'
      );
    END
    $$;
    ALTER TABLE audit_events ALTER COLUMN action TYPE audit_action USING action::text::audit_action;
    DROP TYPE audit_action_with_deactivation;

    ALTER TABLE employees DROP CONSTRAINT employees_deactivated_when_inactive, DROP COLUMN deactivated_at, DROP COLUMN active;
  `.execute(db);
}
