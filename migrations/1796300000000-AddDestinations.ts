import { type Kysely, sql } from 'kysely';

// The firm's shared destinations (a webhook, a Teams or a Slack channel) and the events they get.
//
// `destinations.id` is the integrator's own id, like an employee's. `secret` is a webhook's
// signing secret (`whsec_` + base64), and only a webhook's. `events` is what it wants, a subset of
// the two event types, stored in that order. A destination stops getting events while it is not
// `active`: `disabled_cause` says whether its receiver answered 410 Gone (a PUT enables it again)
// or an admin disabled it (only an admin enables it again), `disabled_reason` says it in words.
//
// `events` holds what happened once, whatever the number of destinations it goes to: its type,
// the response it is about (none for a test event) and its exact body as sent (the JSON text, so
// that a retry or a redelivery sends the same bytes under the same webhook-id, which is the
// event's id). The body names the respondent: erasure removes it with its response (by cascade),
// retention empties it (`body` NULL) with the response's other personal data.
//
// A delivery of kind `event` is one event to one destination; a redelivery is one more.
// `peer_status` is the HTTP status its receiver last answered with (for the delivery log).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TYPE destination_kind AS ENUM ('webhook', 'teams', 'slack');
    CREATE TYPE destination_disabled_cause AS ENUM ('gone', 'admin');
    CREATE TYPE event_type AS ENUM ('response.classified', 'follow_up.recorded', 'destination.test');

    CREATE TABLE destinations (
      id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,64}$'),
      kind destination_kind NOT NULL,
      url text NOT NULL CHECK (length(url) <= 2000),
      secret text CHECK (length(secret) <= 100),
      events text[] NOT NULL CONSTRAINT destinations_events_known
        CHECK (events IN ('{response.classified}', '{follow_up.recorded}', '{response.classified,follow_up.recorded}')),
      division text CHECK (length(division) <= 100),
      active boolean NOT NULL DEFAULT true,
      disabled_at timestamptz,
      disabled_cause destination_disabled_cause,
      disabled_reason text CHECK (length(disabled_reason) <= 1000),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT destinations_secret_of_webhooks CHECK ((kind = 'webhook') = (secret IS NOT NULL)),
      CONSTRAINT destinations_disabled_together CHECK (
        active = (disabled_at IS NULL) AND active = (disabled_cause IS NULL) AND active = (disabled_reason IS NULL)
      )
    );

    CREATE TABLE events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      type event_type NOT NULL,
      response_id uuid REFERENCES responses (id) ON DELETE CASCADE,
      occurred_at timestamptz NOT NULL,
      body text,
      CONSTRAINT events_about_a_response CHECK ((type = 'destination.test') = (response_id IS NULL))
    );
    CREATE INDEX events_response_idx ON events (response_id) WHERE response_id IS NOT NULL;

    ALTER TABLE deliveries
      ADD COLUMN event_id uuid REFERENCES events (id) ON DELETE CASCADE,
      ADD COLUMN destination_id text REFERENCES destinations (id) ON DELETE CASCADE,
      ADD COLUMN peer_status smallint CHECK (peer_status BETWEEN 100 AND 599),
      ADD CONSTRAINT deliveries_event_reference CHECK (
        (kind = 'event') = (event_id IS NOT NULL) AND (kind = 'event') = (destination_id IS NOT NULL)
      );
    -- The delivery log of a destination, newest first.
    CREATE INDEX deliveries_destination_idx ON deliveries (destination_id, created_at DESC) WHERE destination_id IS NOT NULL;
    CREATE INDEX deliveries_event_idx ON deliveries (event_id) WHERE event_id IS NOT NULL;

    ALTER TYPE audit_action ADD VALUE 'destination.upserted';
    ALTER TYPE audit_action ADD VALUE 'destination.deleted';
    ALTER TYPE audit_action ADD VALUE 'destination.secret_rotated';
    ALTER TYPE audit_action ADD VALUE 'destination.disabled';
    ALTER TYPE audit_action ADD VALUE 'destination.enabled';
    ALTER TYPE audit_action ADD VALUE 'destination.event_redelivered';
    ALTER TYPE audit_action ADD VALUE 'destination.test_sent';
  `.execute(db);
}

// The enum values cannot be dropped: the type is rebuilt without them (and without the audit
// events that used them, which the version before this one could not show).
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM audit_events WHERE action::text LIKE 'destination.%';
    ALTER TYPE audit_action RENAME TO audit_action_with_destinations;
    DO $$
    BEGIN
      EXECUTE (
        SELECT format('CREATE TYPE audit_action AS ENUM (%s)', string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder))
        FROM pg_enum
        WHERE enumtypid = 'audit_action_with_destinations'::regtype AND enumlabel NOT LIKE 'destination.%'
      );
    END
    $$;
    ALTER TABLE audit_events ALTER COLUMN action TYPE audit_action USING action::text::audit_action;
    DROP TYPE audit_action_with_destinations;

    DELETE FROM deliveries WHERE kind = 'event';
    ALTER TABLE deliveries DROP CONSTRAINT deliveries_event_reference, DROP COLUMN peer_status, DROP COLUMN destination_id, DROP COLUMN event_id;
    DROP TABLE events;
    DROP TABLE destinations;
    DROP TYPE event_type;
    DROP TYPE destination_disabled_cause;
    DROP TYPE destination_kind;
  `.execute(db);
}
