import { type Kysely, sql } from 'kysely';

// Retention, erasure (GDPR) and the audit trail.
//
// Anonymised rather than deleted. A response older than the retention period keeps what the
// statistics count (project, answers, group, dates) and loses who gave it and what they wrote
// (name, address, motivation, follow-up notes): deleting it would make every figure of older
// years disappear. `anonymised_at` marks such rows. Anonymised addresses are
// `anonymised-<uuid>@anonymised.invalid` (a reserved domain nothing is ever delivered to),
// unique per row, so one response per project and address still holds.
//
// A contact that must go (erased, or nothing of theirs is recent any more) while projects still
// name them is anonymised in place: the row stays with the same id, without name or address.
// `projects.contact_id` stays NOT NULL: making it nullable would break every query that joins a
// project's contact (the default respondent of an API response, closing a project), and a
// group commit of responses would fail as a whole on one such project. A contact nothing
// refers to is deleted. Employees are not contacts and are out of scope: the integrator
// manages them through the API.
//
// `erasures` records that an erasure happened: when, by which API key, and how much went. It
// deliberately holds no trace of the address, not even a keyed hash: a hash would let anyone
// with the key test whether someone asked to be erased, and nothing needs it (erasing twice
// is harmless and simply finds nothing the second time).
//
// `audit_events`: who (an API key id, a management user's address, or the system) did what
// (the action) to which row (its id), and when. Nothing else; the subject's data stays in its
// own table, where retention and erasure reach it.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE contacts ADD COLUMN anonymised_at timestamptz;
    ALTER TABLE responses ADD COLUMN anonymised_at timestamptz;

    -- Erasure looks a person up by address; retention finds what it has not anonymised yet.
    CREATE INDEX responses_respondent_email_idx ON responses (respondent_email);
    CREATE INDEX responses_not_anonymised_idx ON responses (submitted_at) WHERE anonymised_at IS NULL;
    CREATE INDEX invitations_contact_id_idx ON invitations (contact_id);

    CREATE TABLE erasures (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      erased_at timestamptz NOT NULL,
      api_key_id text NOT NULL CHECK (api_key_id ~ '^[0-9a-f]{8}$'),
      contacts_deleted integer NOT NULL CHECK (contacts_deleted >= 0),
      contacts_anonymised integer NOT NULL CHECK (contacts_anonymised >= 0),
      responses_deleted integer NOT NULL CHECK (responses_deleted >= 0),
      alerts_deleted integer NOT NULL CHECK (alerts_deleted >= 0),
      follow_up_steps_deleted integer NOT NULL CHECK (follow_up_steps_deleted >= 0),
      escalations_deleted integer NOT NULL CHECK (escalations_deleted >= 0),
      invitations_deleted integer NOT NULL CHECK (invitations_deleted >= 0)
    );

    CREATE TYPE audit_actor_type AS ENUM ('api_key', 'user', 'system');
    CREATE TYPE audit_action AS ENUM (
      'employee.upserted',
      'project.upserted',
      'project.closed',
      'response.read_by_api',
      'contact.erased',
      'login',
      'logout',
      'response.viewed',
      'register.exported',
      'follow_up.recorded',
      'alert.acknowledged',
      'digest.unsubscribed',
      'retention.applied'
    );
    CREATE TABLE audit_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      actor_type audit_actor_type NOT NULL,
      actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 254),
      action audit_action NOT NULL,
      subject_id text CHECK (length(subject_id) BETWEEN 1 AND 64),
      CONSTRAINT audit_events_system_actor CHECK ((actor_type = 'system') = (actor = 'system'))
    );
    -- The audit page: newest first, by actor or by subject; retention removes old events.
    CREATE INDEX audit_events_actor_idx ON audit_events (actor, id DESC);
    CREATE INDEX audit_events_subject_idx ON audit_events (subject_id, id DESC) WHERE subject_id IS NOT NULL;
    CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE audit_events;
    DROP TYPE audit_action;
    DROP TYPE audit_actor_type;
    DROP TABLE erasures;
    DROP INDEX invitations_contact_id_idx;
    DROP INDEX responses_not_anonymised_idx;
    DROP INDEX responses_respondent_email_idx;
    ALTER TABLE responses DROP COLUMN anonymised_at;
    ALTER TABLE contacts DROP COLUMN anonymised_at;
  `.execute(db);
}
