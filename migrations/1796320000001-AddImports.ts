import { type Kysely, sql } from 'kysely';

// An upload of the import page, kept between its preview and the admin's confirmation (at most
// an hour): the rows as read from the file (personal data: they go when the import is applied,
// and with the row when it expires), who uploaded it, and when it was applied. The preview and
// the confirmation both work them out again against what is stored then, so what is written
// is what the last preview showed.
//
// `import.applied`: an admin confirmed an import (each row it wrote has its own
// `employee.upserted` or `project.upserted` event too).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TYPE import_kind AS ENUM ('employees', 'projects');
    CREATE TABLE imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind import_kind NOT NULL,
      file_name text NOT NULL,
      uploaded_by text NOT NULL,
      rows jsonb,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      applied_at timestamptz,
      CONSTRAINT imports_rows_until_applied CHECK ((rows IS NULL) = (applied_at IS NOT NULL))
    );
    CREATE INDEX imports_expires_at_idx ON imports (expires_at);

    ALTER TYPE audit_action ADD VALUE 'import.applied';
  `.execute(db);
}

// An enum value cannot be dropped: the type is rebuilt from the values it has now, but this one.
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM audit_events WHERE action = 'import.applied';
    ALTER TYPE audit_action RENAME TO audit_action_with_imports;
    DO $$
    BEGIN
      EXECUTE (
        SELECT format('CREATE TYPE audit_action AS ENUM (%s)', string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder))
        FROM pg_enum
        WHERE enumtypid = 'audit_action_with_imports'::regtype AND enumlabel <> 'import.applied'
      );
    END
    $$;
    ALTER TABLE audit_events ALTER COLUMN action TYPE audit_action USING action::text::audit_action;
    DROP TYPE audit_action_with_imports;

    DROP TABLE imports;
    DROP TYPE import_kind;
  `.execute(db);
}
