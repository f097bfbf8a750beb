import { type Kysely, sql } from 'kysely';

// One table for every outgoing message: whatever its kind (an alert, an invitation and its
// reminder, a login link, an escalation, a digest, an event for a destination) and whatever
// its channel (e-mail, SMS, webhook, Teams, Slack), a message is one row here, stored before
// it is queued, delivered by one routine and settled here: sent (the peer accepted it),
// delivered (the peer confirmed it reached the person, e.g. an SMS receipt), failed, or
// cancelled (no longer wanted: a reminder to someone who answered, a login link already used).
//
// The rows a message is about keep their own meaning (an alert is "tell this person about this
// response"); how each message went is no longer spread over five tables' status columns. A
// message references exactly the row its kind is about, with ON DELETE CASCADE, so erasure and
// retention reach it through that row.
//
// `claimed_until` replaces the row lock held while sending: a worker claims a pending message
// with one UPDATE until then, sends, and records the outcome with one more; a worker that died
// holding a claim lets it lapse. `due_at` holds a message back (a reminder); `peer_reply` is
// the peer's answer (the SMTP reply, a gateway's message id, an HTTP status line).
// `body` keeps what was sent where the message is not rebuilt from its source (an event, an
// SMS text); it is personal data, and goes with retention and erasure.
//
// Existing rows move here with their state, so pending e-mails still go out after the upgrade.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TYPE message_kind AS ENUM ('alert', 'invitation', 'reminder', 'login_link', 'escalation', 'digest', 'event');
    CREATE TYPE delivery_channel AS ENUM ('email', 'sms', 'webhook', 'teams', 'slack');
    ALTER TYPE delivery_status RENAME TO delivery_status_before_deliveries;
    CREATE TYPE delivery_status AS ENUM ('pending', 'sent', 'delivered', 'failed', 'cancelled');

    CREATE TABLE deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind message_kind NOT NULL,
      channel delivery_channel NOT NULL,
      alert_id uuid REFERENCES alerts (id) ON DELETE CASCADE,
      invitation_id uuid REFERENCES invitations (id) ON DELETE CASCADE,
      login_link_id uuid REFERENCES login_links (id) ON DELETE CASCADE,
      escalation_id uuid REFERENCES escalations (response_id) ON DELETE CASCADE,
      digest_id uuid REFERENCES digests (id) ON DELETE CASCADE,
      status delivery_status NOT NULL DEFAULT 'pending',
      created_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      claimed_until timestamptz,
      last_error text CHECK (length(last_error) <= 1000),
      peer_reply text CHECK (length(peer_reply) <= 1000),
      -- The peer's own id of the message (an SMS gateway's message id), to match its receipts.
      peer_message_id text CHECK (length(peer_message_id) <= 100),
      -- What was sent when it is kept (an event's body, an SMS text): personal data, which
      -- erasure (by cascade) and retention remove.
      body jsonb,
      sent_at timestamptz,
      delivered_at timestamptz,
      failed_at timestamptz,
      CONSTRAINT deliveries_reference_of_kind CHECK (
        (kind = 'alert') = (alert_id IS NOT NULL)
        AND (kind IN ('invitation', 'reminder')) = (invitation_id IS NOT NULL)
        AND (kind = 'login_link') = (login_link_id IS NOT NULL)
        AND (kind = 'escalation') = (escalation_id IS NOT NULL)
        AND (kind = 'digest') = (digest_id IS NOT NULL)
      ),
      CONSTRAINT deliveries_channel_of_kind CHECK (
        CASE kind
          WHEN 'alert' THEN channel IN ('email', 'sms')
          WHEN 'event' THEN channel IN ('webhook', 'teams', 'slack')
          ELSE channel = 'email'
        END
      ),
      CONSTRAINT deliveries_sent_at_when_sent CHECK (status NOT IN ('sent', 'delivered') OR sent_at IS NOT NULL),
      CONSTRAINT deliveries_delivered_at_when_delivered CHECK (status <> 'delivered' OR delivered_at IS NOT NULL),
      CONSTRAINT deliveries_failed_at_when_failed CHECK (status <> 'failed' OR failed_at IS NOT NULL),
      CONSTRAINT deliveries_one_per_alert_and_channel UNIQUE (alert_id, channel),
      CONSTRAINT deliveries_one_per_invitation_and_kind UNIQUE (invitation_id, kind),
      CONSTRAINT deliveries_one_per_login_link UNIQUE (login_link_id),
      CONSTRAINT deliveries_one_per_escalation UNIQUE (escalation_id),
      CONSTRAINT deliveries_one_per_digest UNIQUE (digest_id)
    );
    -- What the sweeper pages through: messages not settled yet.
    CREATE INDEX deliveries_pending_idx ON deliveries (id) WHERE status = 'pending';
    -- Receipts name a message by the peer's id.
    CREATE INDEX deliveries_peer_message_idx ON deliveries (channel, peer_message_id) WHERE peer_message_id IS NOT NULL;

    INSERT INTO deliveries (kind, channel, alert_id, status, created_at, due_at, attempts, last_error, peer_reply, sent_at, failed_at)
    SELECT 'alert', 'email', id, status::text::delivery_status, created_at, created_at, attempts, left(last_error, 1000),
           left(smtp_response, 1000), sent_at, failed_at
    FROM alerts;

    INSERT INTO deliveries (kind, channel, invitation_id, status, created_at, due_at, attempts, last_error, sent_at, failed_at)
    SELECT 'invitation', 'email', id, email_status::text::delivery_status, created_at, created_at, email_attempts,
           left(email_last_error, 1000), email_sent_at, CASE WHEN email_status = 'failed' THEN now() END
    FROM invitations;

    INSERT INTO deliveries (kind, channel, invitation_id, status, created_at, due_at, attempts, last_error, sent_at, failed_at)
    SELECT 'reminder', 'email', id, reminder_status::text::delivery_status, created_at, reminder_due_at, reminder_attempts,
           left(reminder_last_error, 1000), reminder_sent_at, CASE WHEN reminder_status = 'failed' THEN now() END
    FROM invitations
    WHERE reminder_status IS NOT NULL;

    INSERT INTO deliveries (kind, channel, login_link_id, status, created_at, due_at, attempts, last_error, sent_at, failed_at)
    SELECT 'login_link', 'email', id, status::text::delivery_status, created_at, created_at, attempts, left(last_error, 1000),
           sent_at, CASE WHEN status = 'failed' THEN now() END
    FROM login_links;

    INSERT INTO deliveries (kind, channel, escalation_id, status, created_at, due_at, attempts, last_error, sent_at, failed_at)
    SELECT 'escalation', 'email', response_id, status::text::delivery_status, created_at, created_at, attempts,
           left(last_error, 1000), sent_at, CASE WHEN status = 'failed' THEN now() END
    FROM escalations;

    INSERT INTO deliveries (kind, channel, digest_id, status, created_at, due_at, attempts, last_error, sent_at, failed_at)
    SELECT 'digest', 'email', id, status::text::delivery_status, created_at, created_at, attempts, left(last_error, 1000),
           sent_at, CASE WHEN status = 'failed' THEN now() END
    FROM digests;

    DROP INDEX alerts_pending_idx;
    ALTER TABLE alerts
      DROP COLUMN status, DROP COLUMN attempts, DROP COLUMN last_error, DROP COLUMN smtp_response,
      DROP COLUMN sent_at, DROP COLUMN failed_at;
    DROP TYPE alert_status;

    DROP INDEX invitations_email_pending_idx;
    DROP INDEX invitations_reminder_due_idx;
    ALTER TABLE invitations
      DROP COLUMN email_status, DROP COLUMN email_attempts, DROP COLUMN email_last_error, DROP COLUMN email_sent_at,
      DROP COLUMN reminder_due_at, DROP COLUMN reminder_status, DROP COLUMN reminder_attempts,
      DROP COLUMN reminder_last_error, DROP COLUMN reminder_sent_at;

    DROP INDEX login_links_pending_idx;
    ALTER TABLE login_links DROP COLUMN status, DROP COLUMN attempts, DROP COLUMN last_error, DROP COLUMN sent_at;
    DROP INDEX escalations_pending_idx;
    ALTER TABLE escalations DROP COLUMN status, DROP COLUMN attempts, DROP COLUMN last_error, DROP COLUMN sent_at;
    DROP INDEX digests_pending_idx;
    ALTER TABLE digests DROP COLUMN status, DROP COLUMN attempts, DROP COLUMN last_error, DROP COLUMN sent_at;
    DROP TYPE delivery_status_before_deliveries;
  `.execute(db);
}

// Back to a status per source row. A message that only the new design has (an SMS, an event)
// has no column to go back to and is dropped with the table.
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TYPE alert_status AS ENUM ('pending', 'sent', 'failed');
    CREATE TYPE delivery_status_after_deliveries AS ENUM ('pending', 'sent', 'failed');

    ALTER TABLE alerts
      ADD COLUMN status alert_status NOT NULL DEFAULT 'pending',
      ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      ADD COLUMN last_error text,
      ADD COLUMN smtp_response text,
      ADD COLUMN sent_at timestamptz,
      ADD COLUMN failed_at timestamptz;
    UPDATE alerts a
    SET status = CASE WHEN d.status IN ('sent', 'delivered') THEN 'sent' WHEN d.status = 'failed' THEN 'failed' ELSE 'pending' END::alert_status,
        attempts = d.attempts, last_error = d.last_error, smtp_response = d.peer_reply,
        sent_at = CASE WHEN d.status IN ('sent', 'delivered') THEN d.sent_at END,
        failed_at = CASE WHEN d.status = 'failed' THEN d.failed_at END
    FROM deliveries d WHERE d.alert_id = a.id AND d.channel = 'email';
    ALTER TABLE alerts
      ADD CONSTRAINT alerts_sent_at_when_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
      ADD CONSTRAINT alerts_failed_at_when_failed CHECK ((status = 'failed') = (failed_at IS NOT NULL));
    CREATE INDEX alerts_pending_idx ON alerts (created_at) WHERE status = 'pending';

    ALTER TABLE invitations
      ADD COLUMN email_status delivery_status_after_deliveries NOT NULL DEFAULT 'pending',
      ADD COLUMN email_attempts integer NOT NULL DEFAULT 0 CHECK (email_attempts >= 0),
      ADD COLUMN email_last_error text,
      ADD COLUMN email_sent_at timestamptz,
      ADD COLUMN reminder_due_at timestamptz CHECK (reminder_due_at > created_at),
      ADD COLUMN reminder_status delivery_status_after_deliveries,
      ADD COLUMN reminder_attempts integer NOT NULL DEFAULT 0 CHECK (reminder_attempts >= 0),
      ADD COLUMN reminder_last_error text,
      ADD COLUMN reminder_sent_at timestamptz;
    UPDATE invitations i
    SET email_status = CASE WHEN d.status IN ('sent', 'delivered') THEN 'sent' WHEN d.status = 'failed' THEN 'failed' ELSE 'pending' END::delivery_status_after_deliveries,
        email_attempts = d.attempts, email_last_error = d.last_error,
        email_sent_at = CASE WHEN d.status IN ('sent', 'delivered') THEN d.sent_at END
    FROM deliveries d WHERE d.invitation_id = i.id AND d.kind = 'invitation';
    UPDATE invitations i
    SET reminder_due_at = d.due_at,
        reminder_status = CASE WHEN d.status IN ('sent', 'delivered') THEN 'sent' WHEN d.status = 'failed' THEN 'failed' ELSE 'pending' END::delivery_status_after_deliveries,
        reminder_attempts = d.attempts, reminder_last_error = d.last_error,
        reminder_sent_at = CASE WHEN d.status IN ('sent', 'delivered') THEN d.sent_at END
    FROM deliveries d WHERE d.invitation_id = i.id AND d.kind = 'reminder';
    ALTER TABLE invitations
      ADD CONSTRAINT invitations_email_sent_at_when_sent CHECK ((email_status = 'sent') = (email_sent_at IS NOT NULL)),
      ADD CONSTRAINT invitations_reminder_only_when_due CHECK (reminder_status IS NULL OR reminder_due_at IS NOT NULL),
      ADD CONSTRAINT invitations_reminder_sent_at_when_sent CHECK ((reminder_status = 'sent') = (reminder_sent_at IS NOT NULL));
    CREATE INDEX invitations_email_pending_idx ON invitations (created_at) WHERE email_status = 'pending';
    CREATE INDEX invitations_reminder_due_idx ON invitations (reminder_due_at) WHERE reminder_status = 'pending';

    ALTER TABLE login_links
      ADD COLUMN status delivery_status_after_deliveries NOT NULL DEFAULT 'pending',
      ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      ADD COLUMN last_error text,
      ADD COLUMN sent_at timestamptz;
    UPDATE login_links l
    SET status = CASE WHEN d.status IN ('sent', 'delivered') THEN 'sent' WHEN d.status = 'failed' THEN 'failed' ELSE 'pending' END::delivery_status_after_deliveries,
        attempts = d.attempts, last_error = d.last_error, sent_at = CASE WHEN d.status IN ('sent', 'delivered') THEN d.sent_at END
    FROM deliveries d WHERE d.login_link_id = l.id;
    ALTER TABLE login_links ADD CONSTRAINT login_links_sent_at_when_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL));
    CREATE INDEX login_links_pending_idx ON login_links (created_at) WHERE status = 'pending';

    ALTER TABLE escalations
      ADD COLUMN status delivery_status_after_deliveries NOT NULL DEFAULT 'pending',
      ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      ADD COLUMN last_error text,
      ADD COLUMN sent_at timestamptz;
    UPDATE escalations e
    SET status = CASE WHEN d.status IN ('sent', 'delivered') THEN 'sent' WHEN d.status = 'failed' THEN 'failed' ELSE 'pending' END::delivery_status_after_deliveries,
        attempts = d.attempts, last_error = d.last_error, sent_at = CASE WHEN d.status IN ('sent', 'delivered') THEN d.sent_at END
    FROM deliveries d WHERE d.escalation_id = e.response_id;
    ALTER TABLE escalations ADD CONSTRAINT escalations_sent_at_when_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL));
    CREATE INDEX escalations_pending_idx ON escalations (created_at) WHERE status = 'pending';

    ALTER TABLE digests
      ADD COLUMN status delivery_status_after_deliveries NOT NULL DEFAULT 'pending',
      ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      ADD COLUMN last_error text,
      ADD COLUMN sent_at timestamptz;
    UPDATE digests g
    SET status = CASE WHEN d.status IN ('sent', 'delivered') THEN 'sent' WHEN d.status = 'failed' THEN 'failed' ELSE 'pending' END::delivery_status_after_deliveries,
        attempts = d.attempts, last_error = d.last_error, sent_at = CASE WHEN d.status IN ('sent', 'delivered') THEN d.sent_at END
    FROM deliveries d WHERE d.digest_id = g.id;
    ALTER TABLE digests ADD CONSTRAINT digests_sent_at_when_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL));
    CREATE INDEX digests_pending_idx ON digests (created_at) WHERE status = 'pending';

    DROP TABLE deliveries;
    DROP TYPE delivery_status;
    ALTER TYPE delivery_status_after_deliveries RENAME TO delivery_status;
    DROP TYPE delivery_channel;
    DROP TYPE message_kind;
  `.execute(db);
}
