import { sql, type Transaction } from 'kysely';
import { ANONYMISED_NAME, anonymiseContacts, anonymisedEmail } from './anonymisation.ts';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';

/**
 * Retention: what is older than the retention period stops saying who it was about. Rows are
 * anonymised, not deleted, so that the statistics of older years keep their counts (see the
 * migration that added `anonymised_at`). Each step works in batches, each batch its own
 * transaction; an advisory lock lets one process at a time do it, so several classifiers
 * never work on the same rows.
 */

/** What one application of retention changed, as counts (a type, not an interface: a scheduled task's result is a record of counts). */
export type RetentionResult = {
  invitationsAnonymised: number;
  responsesAnonymised: number;
  contactsAnonymised: number;
  contactsDeleted: number;
  auditEventsDeleted: number;
};

export const noRetentionWork: RetentionResult = {
  invitationsAnonymised: 0,
  responsesAnonymised: 0,
  contactsAnonymised: 0,
  contactsDeleted: 0,
  auditEventsDeleted: 0,
};

/**
 * Applies retention to everything from before `cutoff`, in this order:
 * 1. invitations: each gets an anonymous stand-in contact in place of the person, and its
 *    answer (the person's response for that project) the stand-in's address, so that the
 *    response rate of older years stays right. An invitation waits until its answer is old too;
 * 2. responses: name, address and motivation go, and the notes of their follow-up steps and the
 *    bodies of their events;
 *    answers, group, dates, alerts and follow-up statuses stay;
 * 3. contacts with nothing recent (not updated, on no recent project, no invitation left, no
 *    response still bearing their address): deleted, or anonymised in place while a project
 *    still names them;
 * 4. audit events: deleted (they name the management users who acted).
 * Returns null when another process is applying retention right now.
 */
export async function applyRetention(db: Database, { cutoff, now, batchSize }: { cutoff: Date; now: Date; batchSize: number }): Promise<RetentionResult | null> {
  const result = { ...noRetentionWork };
  const steps: ((trx: Transaction<DB>) => Promise<number>)[] = [
    async (trx) => {
      const done = await anonymiseOldInvitations(trx, cutoff, now, batchSize);
      result.invitationsAnonymised += done.invitations;
      result.responsesAnonymised += done.responses;
      return done.invitations;
    },
    async (trx) => {
      const done = await anonymiseOldResponses(trx, cutoff, now, batchSize);
      result.responsesAnonymised += done;
      return done;
    },
    async (trx) => {
      const done = await retireStaleContacts(trx, cutoff, now, batchSize);
      result.contactsAnonymised += done.anonymised;
      result.contactsDeleted += done.deleted;
      return done.anonymised + done.deleted;
    },
    async (trx) => {
      const done = await deleteOldAuditEvents(trx, cutoff, batchSize);
      result.auditEventsDeleted += done;
      return done;
    },
  ];
  for (const step of steps) {
    for (;;) {
      const done = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext('ambassador:retention')) AS locked`.execute(trx);
        return rows[0]?.locked ? step(trx) : null;
      });
      if (done === null) return null;
      if (done < batchSize) break;
    }
  }
  return result;
}

/**
 * The CTEs that remove what else names the respondents of the responses a CTE (`anonymised`,
 * returning their ids) just anonymised: their follow-up notes, the SMS texts sent about them, and
 * the bodies of the events about them (for the destinations; an event not sent yet is not sent).
 * Both ways a response is anonymised (with its invitation, or on its own) use it.
 */
function tracesOfAnonymised(anonymised: 'answers' | 'anonymised') {
  const responses = sql.table(anonymised);
  return sql`
    notes AS (
      UPDATE follow_up_steps f SET note = NULL FROM ${responses} WHERE f.response_id = ${responses}.id AND f.note IS NOT NULL
    ),
    sent AS (
      UPDATE deliveries d SET body = NULL
      FROM alerts a JOIN ${responses} ON ${responses}.id = a.response_id
      WHERE d.alert_id = a.id AND d.body IS NOT NULL
    ),
    event_bodies AS (
      UPDATE events e SET body = NULL FROM ${responses} WHERE e.response_id = ${responses}.id AND e.body IS NOT NULL
    )`;
}

async function anonymiseOldInvitations(
  trx: Transaction<DB>,
  cutoff: Date,
  now: Date,
  batchSize: number,
): Promise<{ invitations: number; responses: number }> {
  const { rows } = await sql<{ invitations: number; responses: number }>`
    WITH old AS MATERIALIZED (
      SELECT i.id, i.project_id, c.email AS contact_email, gen_random_uuid() AS stand_in_id
      FROM invitations i
      JOIN contacts c ON c.id = i.contact_id
      WHERE i.created_at < ${cutoff} AND c.anonymised_at IS NULL
        AND NOT EXISTS (
          SELECT 1 FROM responses r
          WHERE r.project_id = i.project_id AND r.respondent_email = c.email AND r.submitted_at >= ${cutoff}
        )
      ORDER BY i.created_at, i.id
      LIMIT ${batchSize}
      FOR UPDATE OF i
    ),
    stand_ins AS (
      INSERT INTO contacts (id, email, name, anonymised_at, created_at, updated_at)
      SELECT stand_in_id, ${anonymisedEmail(sql.ref('stand_in_id'))}, ${ANONYMISED_NAME}::text, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
      FROM old
    ),
    answers AS (
      UPDATE responses r
      SET respondent_name = ${ANONYMISED_NAME}, respondent_email = ${anonymisedEmail(sql.ref('old.stand_in_id'))},
          motivation = NULL, anonymised_at = ${now}
      FROM old
      WHERE r.project_id = old.project_id AND r.respondent_email = old.contact_email
      RETURNING r.id
    ),
    ${tracesOfAnonymised('answers')},
    moved AS (
      UPDATE invitations i SET contact_id = old.stand_in_id
      FROM old
      WHERE i.id = old.id
      RETURNING i.id
    ),
    errors AS (
      -- The errors of its e-mails can quote the recipient's address.
      UPDATE deliveries d SET last_error = NULL, peer_reply = NULL
      FROM old
      WHERE d.invitation_id = old.id AND (d.last_error IS NOT NULL OR d.peer_reply IS NOT NULL)
    )
    SELECT (SELECT count(*) FROM moved)::integer AS invitations, (SELECT count(*) FROM answers)::integer AS responses
  `.execute(trx);
  return rows[0] ?? { invitations: 0, responses: 0 };
}

async function anonymiseOldResponses(trx: Transaction<DB>, cutoff: Date, now: Date, batchSize: number): Promise<number> {
  const { rows } = await sql<{ responses: number }>`
    WITH old AS MATERIALIZED (
      SELECT id FROM responses
      WHERE submitted_at < ${cutoff} AND anonymised_at IS NULL
      ORDER BY submitted_at, id
      LIMIT ${batchSize}
      FOR UPDATE
    ),
    anonymised AS (
      UPDATE responses r
      SET respondent_name = ${ANONYMISED_NAME}, respondent_email = ${anonymisedEmail(sql.ref('r.id'))},
          motivation = NULL, anonymised_at = ${now}
      FROM old
      WHERE r.id = old.id
      RETURNING r.id
    ),
    ${tracesOfAnonymised('anonymised')}
    SELECT count(*)::integer AS responses FROM anonymised
  `.execute(trx);
  return rows[0]?.responses ?? 0;
}

async function retireStaleContacts(trx: Transaction<DB>, cutoff: Date, now: Date, batchSize: number): Promise<{ anonymised: number; deleted: number }> {
  const { rows: stale } = await sql<{ id: string; namedByAProject: boolean }>`
    SELECT c.id, EXISTS (SELECT 1 FROM projects p WHERE p.contact_id = c.id) AS named_by_a_project
    FROM contacts c
    WHERE c.anonymised_at IS NULL AND c.updated_at < ${cutoff}
      AND NOT EXISTS (
        SELECT 1 FROM projects p WHERE p.contact_id = c.id AND greatest(p.created_at, p.updated_at, p.closed_at) >= ${cutoff}
      )
      AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.contact_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.respondent_email = c.email)
    ORDER BY c.id
    LIMIT ${batchSize}
    FOR UPDATE OF c
  `.execute(trx);
  const named = stale.filter((contact) => contact.namedByAProject).map((contact) => contact.id);
  const unnamed = stale.filter((contact) => !contact.namedByAProject).map((contact) => contact.id);
  const anonymised = await anonymiseContacts(trx, named, now);
  const deleted = unnamed.length === 0 ? 0 : Number((await trx.deleteFrom('contacts').where('id', 'in', unnamed).executeTakeFirst()).numDeletedRows);
  return { anonymised, deleted };
}

async function deleteOldAuditEvents(trx: Transaction<DB>, cutoff: Date, batchSize: number): Promise<number> {
  const result = await trx
    .deleteFrom('auditEvents')
    .where('id', 'in', (eb) => eb.selectFrom('auditEvents').select('id').where('occurredAt', '<', cutoff).orderBy('id').limit(batchSize))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
