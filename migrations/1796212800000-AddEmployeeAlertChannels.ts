import { type Kysely, sql } from 'kysely';

// An employee's own alert channels: e-mail always, SMS as well when they ask for it and have a
// phone number. `phone` is E.164 (`+` and 7 to 15 digits, no spaces: what an SMS gateway takes
// as an international destination). `alert_channels` is `{email}` or `{email,sms}`, in that
// order (the code writes it so); a plain text[] rather than an array of `delivery_channel`,
// which node-postgres would hand back as one unparsed string. SMS without a phone is refused by
// the database too, so that no path (the API, the settings page, a race of the two) can store
// a person who wants SMS alerts but cannot get them.
//
// `employee.settings_changed`: someone changed their own settings on the management module's
// settings page.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE employees
      ADD COLUMN phone text CONSTRAINT employees_phone_e164 CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
      ADD COLUMN alert_channels text[] NOT NULL DEFAULT '{email}'
        CONSTRAINT employees_alert_channels_known CHECK (alert_channels IN ('{email}', '{email,sms}')),
      ADD CONSTRAINT employees_sms_needs_phone CHECK (NOT ('sms' = ANY (alert_channels)) OR phone IS NOT NULL);

    ALTER TYPE audit_action ADD VALUE 'employee.settings_changed';
  `.execute(db);
}

// An enum value cannot be dropped: the type is rebuilt from the values it has now, but this one
// (and without the events that used it, which the version before this one could not show).
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM audit_events WHERE action = 'employee.settings_changed';
    ALTER TYPE audit_action RENAME TO audit_action_with_settings;
    DO $$
    BEGIN
      EXECUTE (
        SELECT format('CREATE TYPE audit_action AS ENUM (%s)', string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder))
        FROM pg_enum
        WHERE enumtypid = 'audit_action_with_settings'::regtype AND enumlabel <> 'employee.settings_changed'
      );
    END
    $$;
    ALTER TABLE audit_events ALTER COLUMN action TYPE audit_action USING action::text::audit_action;
    DROP TYPE audit_action_with_settings;

    ALTER TABLE employees DROP CONSTRAINT employees_sms_needs_phone, DROP COLUMN alert_channels, DROP COLUMN phone;
  `.execute(db);
}
