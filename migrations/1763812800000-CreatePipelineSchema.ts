import { type Kysely, sql } from 'kysely';

// The pipeline's tables: who works here (employees), for whom (clients, contacts,
// projects), what clients said (responses) and whom we told (alerts). The guarantees
// the services rely on are constraints here, not only code: one response per project
// and respondent address, one alert per response and role, valid enum values.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TYPE locale AS ENUM ('nl', 'en');
    CREATE TYPE satisfaction AS ENUM ('ontevreden', 'tevreden', 'meer_dan_tevreden');
    CREATE TYPE response_group AS ENUM ('positive', 'neutral', 'negative');
    CREATE TYPE alert_role AS ENUM ('account_manager', 'manager');
    CREATE TYPE alert_status AS ENUM ('pending', 'sent', 'failed');

    CREATE DOMAIN integrator_id AS text CHECK (VALUE ~ '^[A-Za-z0-9._-]{1,64}$');
    CREATE DOMAIN email_address AS text CHECK (VALUE = lower(VALUE) AND VALUE LIKE '%_@_%' AND length(VALUE) <= 254);

    CREATE TABLE employees (
      id integrator_id PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      email email_address NOT NULL UNIQUE,
      manager_id integrator_id REFERENCES employees (id) CHECK (manager_id <> id),
      locale locale NOT NULL DEFAULT 'nl',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX employees_manager_id_idx ON employees (manager_id);

    CREATE TABLE clients (
      id integrator_id PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE contacts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email email_address NOT NULL UNIQUE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      locale locale NOT NULL DEFAULT 'nl',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE projects (
      id integrator_id PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      client_id integrator_id NOT NULL REFERENCES clients (id),
      contact_id uuid NOT NULL REFERENCES contacts (id),
      account_manager_id integrator_id NOT NULL REFERENCES employees (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX projects_client_id_idx ON projects (client_id);
    CREATE INDEX projects_contact_id_idx ON projects (contact_id);
    CREATE INDEX projects_account_manager_id_idx ON projects (account_manager_id);

    CREATE TABLE responses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      project_id integrator_id NOT NULL REFERENCES projects (id),
      respondent_name text NOT NULL CHECK (length(respondent_name) BETWEEN 1 AND 200),
      respondent_email email_address NOT NULL,
      satisfaction satisfaction NOT NULL,
      motivation text CHECK (length(motivation) <= 2000),
      would_recommend boolean NOT NULL,
      wants_more_services boolean NOT NULL,
      submitted_at timestamptz NOT NULL DEFAULT now(),
      "group" response_group,
      rule_version integer CHECK (rule_version > 0),
      classified_at timestamptz,
      CONSTRAINT responses_one_per_respondent UNIQUE (project_id, respondent_email),
      CONSTRAINT responses_classified_together CHECK (
        ("group" IS NULL) = (classified_at IS NULL) AND ("group" IS NULL) = (rule_version IS NULL)
      )
    );
    -- What the sweeper looks for: stored but not yet classified.
    CREATE INDEX responses_unclassified_idx ON responses (submitted_at) WHERE classified_at IS NULL;

    CREATE TABLE alerts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      response_id uuid NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
      role alert_role NOT NULL,
      employee_id integrator_id NOT NULL REFERENCES employees (id),
      email email_address NOT NULL,
      status alert_status NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      last_error text,
      smtp_response text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      failed_at timestamptz,
      CONSTRAINT alerts_one_per_role UNIQUE (response_id, role),
      CONSTRAINT alerts_sent_at_when_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
      CONSTRAINT alerts_failed_at_when_failed CHECK ((status = 'failed') = (failed_at IS NOT NULL))
    );
    CREATE INDEX alerts_employee_id_idx ON alerts (employee_id);
    -- What the sweeper looks for: alerts recorded but not yet sent.
    CREATE INDEX alerts_pending_idx ON alerts (created_at) WHERE status = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE alerts;
    DROP TABLE responses;
    DROP TABLE projects;
    DROP TABLE contacts;
    DROP TABLE clients;
    DROP TABLE employees;
    DROP DOMAIN email_address;
    DROP DOMAIN integrator_id;
    DROP TYPE alert_status;
    DROP TYPE alert_role;
    DROP TYPE response_group;
    DROP TYPE satisfaction;
    DROP TYPE locale;
  `.execute(db);
}
