import { type Kysely, sql } from 'kysely';

// The management module: who may log in (one-time e-mail links, then sessions), what was
// done with each alert (follow-up steps, the closed loop), and the two messages that keep
// managers in the loop (one escalation per response, one digest per manager per week).
// Employees get an optional division and a digest opt-out.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE employees ADD COLUMN division text CHECK (length(division) BETWEEN 1 AND 100);
    ALTER TABLE employees ADD COLUMN digest_opt_out boolean NOT NULL DEFAULT false;

    CREATE TYPE follow_up_status AS ENUM ('open', 'in_progress', 'done');
    CREATE TYPE follow_up_outcome AS ENUM (
      'recovered', 'not_recovered', 'root_cause', 'introduction_made', 'reference_case', 'new_opportunity'
    );
    CREATE TYPE follow_up_channel AS ENUM ('web', 'email');

    CREATE TABLE follow_up_steps (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      response_id uuid NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
      status follow_up_status NOT NULL,
      outcome follow_up_outcome,
      note text CHECK (length(note) <= 2000),
      author_email email_address NOT NULL,
      channel follow_up_channel NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX follow_up_steps_response_idx ON follow_up_steps (response_id, created_at DESC);

    -- The "I am on it" link of an alert e-mail works once.
    ALTER TABLE alerts ADD COLUMN acknowledged_at timestamptz;

    CREATE TABLE escalations (
      response_id uuid PRIMARY KEY REFERENCES responses (id) ON DELETE CASCADE,
      manager_id integrator_id NOT NULL REFERENCES employees (id),
      email email_address NOT NULL,
      due_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      status delivery_status NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      last_error text,
      sent_at timestamptz,
      CONSTRAINT escalations_sent_at_when_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL))
    );
    CREATE INDEX escalations_pending_idx ON escalations (created_at) WHERE status = 'pending';

    CREATE TABLE digests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      manager_id integrator_id NOT NULL REFERENCES employees (id),
      email email_address NOT NULL,
      week_start date NOT NULL,
      created_at timestamptz NOT NULL,
      status delivery_status NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      last_error text,
      sent_at timestamptz,
      CONSTRAINT digests_one_per_manager_and_week UNIQUE (manager_id, week_start),
      CONSTRAINT digests_sent_at_when_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL))
    );
    CREATE INDEX digests_pending_idx ON digests (created_at) WHERE status = 'pending';

    CREATE TABLE login_links (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email email_address NOT NULL,
      token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
      used_at timestamptz,
      status delivery_status NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      last_error text,
      sent_at timestamptz,
      CONSTRAINT login_links_sent_at_when_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL))
    );
    CREATE INDEX login_links_pending_idx ON login_links (created_at) WHERE status = 'pending';

    CREATE TABLE sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
      email email_address NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL CHECK (expires_at > created_at)
    );
    CREATE INDEX sessions_expires_idx ON sessions (expires_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE sessions;
    DROP TABLE login_links;
    DROP TABLE digests;
    DROP TABLE escalations;
    ALTER TABLE alerts DROP COLUMN acknowledged_at;
    DROP TABLE follow_up_steps;
    DROP TYPE follow_up_channel;
    DROP TYPE follow_up_outcome;
    DROP TYPE follow_up_status;
    ALTER TABLE employees DROP COLUMN digest_opt_out;
    ALTER TABLE employees DROP COLUMN division;
  `.execute(db);
}
