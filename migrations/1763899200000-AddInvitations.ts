import { type Kysely, sql } from 'kysely';

// Closing a project invites its contact: one invitation per project, a personal link
// whose token is never stored (only its SHA-256), an e-mail and at most one reminder,
// each with its own delivery state so the sweeper can finish what a queue lost. Whether an
// invitation is answered is not stored: it is whether its contact answered for its project
// (one response per project and respondent address already holds that).
// `installation` holds a generated secret for when SECRET_KEY is not configured.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TYPE delivery_status AS ENUM ('pending', 'sent', 'failed');

    CREATE TABLE installation (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      secret_key bytea NOT NULL CHECK (length(secret_key) = 32),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    ALTER TABLE projects ADD COLUMN closed_at timestamptz;

    CREATE TABLE invitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      project_id integrator_id NOT NULL REFERENCES projects (id),
      client_id integrator_id NOT NULL REFERENCES clients (id),
      contact_id uuid NOT NULL REFERENCES contacts (id),
      token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
      email_status delivery_status NOT NULL DEFAULT 'pending',
      email_attempts integer NOT NULL DEFAULT 0 CHECK (email_attempts >= 0),
      email_last_error text,
      email_sent_at timestamptz,
      reminder_due_at timestamptz CHECK (reminder_due_at > created_at),
      reminder_status delivery_status,
      reminder_attempts integer NOT NULL DEFAULT 0 CHECK (reminder_attempts >= 0),
      reminder_last_error text,
      reminder_sent_at timestamptz,
      CONSTRAINT invitations_one_per_project UNIQUE (project_id),
      CONSTRAINT invitations_token_hash_key UNIQUE (token_hash),
      CONSTRAINT invitations_email_sent_at_when_sent CHECK ((email_status = 'sent') = (email_sent_at IS NOT NULL)),
      CONSTRAINT invitations_reminder_only_when_due CHECK (reminder_status IS NULL OR reminder_due_at IS NOT NULL),
      CONSTRAINT invitations_reminder_sent_at_when_sent CHECK ((reminder_status = 'sent') = (reminder_sent_at IS NOT NULL))
    );
    -- The throttle: when was this client organisation last invited?
    CREATE INDEX invitations_client_created_idx ON invitations (client_id, created_at DESC);
    -- The sweeper: invitation e-mails not sent yet, and reminders that fell due.
    CREATE INDEX invitations_email_pending_idx ON invitations (created_at) WHERE email_status = 'pending';
    CREATE INDEX invitations_reminder_due_idx ON invitations (reminder_due_at) WHERE reminder_status = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE invitations;
    ALTER TABLE projects DROP COLUMN closed_at;
    DROP TABLE installation;
    DROP TYPE delivery_status;
  `.execute(db);
}
