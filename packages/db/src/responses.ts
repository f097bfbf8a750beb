import type { FollowUpStatus, Group, Satisfaction } from '@ambassador/domain/vocabulary';
import { sql } from 'kysely';
import { type AlertState, findAlertStates } from './alerts.ts';
import type { Database } from './database.ts';
import { findResponseEventDeliveries, type ResponseEventDelivery } from './events.ts';
import { currentFollowUp } from './follow-ups.ts';

export interface NewResponse {
  projectId: string;
  respondentName: string;
  respondentEmail: string;
  satisfaction: Satisfaction;
  motivation: string | null;
  wouldRecommend: boolean;
  /** The 0–10 Net Promoter answer; null when the form did not ask it. */
  recommendScore: number | null;
  wantsMoreServices: boolean;
  /** The client began with one of the answer buttons in the invitation e-mail. */
  startedInEmail: boolean;
  submittedAt: Date;
}

/**
 * Stores a response. Returns its id, or `null` when this respondent already answered for
 * this project (the unique constraint decides, so parallel submits cannot both win).
 */
export async function insertResponse(db: Database, response: NewResponse): Promise<string | null> {
  const row = await db
    .insertInto('responses')
    .values(response)
    .onConflict((conflict) => conflict.constraint('responses_one_per_respondent').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface ResponseView {
  id: string;
  projectId: string;
  satisfaction: Satisfaction;
  motivation: string | null;
  wouldRecommend: boolean;
  recommendScore: number | null;
  wantsMoreServices: boolean;
  submittedAt: Date;
  group: Group | null;
  classifiedAt: Date | null;
  alerts: (Pick<AlertState, 'role' | 'email' | 'status' | 'sentAt'> & {
    deliveries: Pick<AlertState['deliveries'][number], 'channel' | 'status' | 'sentAt' | 'deliveredAt'>[];
  })[];
  followUp: { status: FollowUpStatus; updatedAt: Date | null };
  /** Each event about the response, to each of the firm's destinations that got it. */
  destinations: (Pick<ResponseEventDelivery, 'channel' | 'event' | 'status' | 'sentAt'> & { id: string })[];
}

/** A response as the API shows it, with the state of each alert. */
export async function findResponseView(db: Database, id: string): Promise<ResponseView | undefined> {
  const response = await db
    .selectFrom('responses')
    .select([
      'id',
      'projectId',
      'satisfaction',
      'motivation',
      'wouldRecommend',
      'recommendScore',
      'wantsMoreServices',
      'submittedAt',
      'group',
      'classifiedAt',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!response) return undefined;
  const [alerts, followUp, events] = await Promise.all([
    findAlertStates(db, id),
    currentFollowUp(db, id),
    findResponseEventDeliveries(db, id),
  ]);
  return {
    ...response,
    alerts: alerts.map(({ role, email, status, sentAt, deliveries }) => ({
      role,
      email,
      status,
      sentAt,
      deliveries: deliveries.map((delivery) => ({ channel: delivery.channel, status: delivery.status, sentAt: delivery.sentAt, deliveredAt: delivery.deliveredAt })),
    })),
    followUp,
    // The firm's shared destinations (webhooks, Teams, Slack): each event about the response, to each.
    destinations: events.map(({ destinationId, channel, event, status, sentAt }) => ({ id: destinationId, channel, event, status, sentAt })),
  };
}

/** Responses submitted no later than `olderThan` and still unclassified, oldest first. */
export async function findUnclassifiedResponseIds(db: Database, olderThan: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('responses')
    .select('id')
    .where('classifiedAt', 'is', null)
    .where('submittedAt', '<=', olderThan)
    .orderBy('submittedAt')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

export interface ResponseSubmission {
  projectId: string;
  /** Null: the project's contact is the respondent. */
  respondent: { name: string; email: string } | null;
  satisfaction: Satisfaction;
  motivation: string | null;
  wouldRecommend: boolean;
  recommendScore: number | null;
  wantsMoreServices: boolean;
  submittedAt: Date;
}

export type SubmissionOutcome =
  | { kind: 'stored'; id: string }
  /** That respondent already answered for that project (in the database or earlier in the same batch). */
  | { kind: 'duplicate' }
  | { kind: 'unknown-project' }
  /** No respondent given, and the project's contact was erased: there is no one to store it for. */
  | { kind: 'contact-erased' };

/**
 * Stores many responses in one statement, so that a burst of submissions shares one round
 * trip and one commit (a group commit). Each submission gets its own outcome, in order:
 * stored (with its id), a duplicate of an earlier answer, for an unknown project, or in the
 * name of a project contact who was erased.
 * Within the batch, the first submission of a respondent for a project wins, as it would
 * if they had come one by one.
 */
export async function insertResponses(db: Database, submissions: readonly ResponseSubmission[]): Promise<SubmissionOutcome[]> {
  if (submissions.length === 0) return [];
  const column = <T>(pick: (submission: ResponseSubmission) => T) => submissions.map(pick);
  const result = await sql<{ ord: number; projectFound: boolean; contactErased: boolean; id: string | null }>`
    WITH input AS (
      SELECT * FROM unnest(
        ${column((s) => s.projectId)}::text[],
        ${column((s) => s.respondent?.name ?? null)}::text[],
        ${column((s) => s.respondent?.email ?? null)}::text[],
        ${column((s) => s.satisfaction)}::satisfaction[],
        ${column((s) => s.motivation)}::text[],
        ${column((s) => s.wouldRecommend)}::boolean[],
        ${column((s) => s.recommendScore)}::smallint[],
        ${column((s) => s.wantsMoreServices)}::boolean[],
        ${column((s) => s.submittedAt)}::timestamptz[]
      ) WITH ORDINALITY AS i (project_id, respondent_name, respondent_email, satisfaction, motivation,
                              would_recommend, recommend_score, wants_more_services, submitted_at, ord)
    ),
    resolved AS (
      SELECT i.ord, p.id AS project_id,
             COALESCE(i.respondent_name, c.name) AS respondent_name,
             COALESCE(i.respondent_email, c.email) AS respondent_email,
             i.satisfaction, i.motivation, i.would_recommend, i.recommend_score, i.wants_more_services, i.submitted_at,
             i.respondent_email IS NULL AND c.anonymised_at IS NOT NULL AS contact_erased
      FROM input i
      LEFT JOIN projects p ON p.id = i.project_id
      LEFT JOIN contacts c ON c.id = p.contact_id
    ),
    first_of_each AS (
      SELECT DISTINCT ON (project_id, respondent_email) *
      FROM resolved WHERE project_id IS NOT NULL AND NOT contact_erased
      ORDER BY project_id, respondent_email, ord
    ),
    inserted AS (
      INSERT INTO responses (project_id, respondent_name, respondent_email, satisfaction, motivation,
                             would_recommend, recommend_score, wants_more_services, submitted_at)
      SELECT project_id, respondent_name, respondent_email, satisfaction, motivation,
             would_recommend, recommend_score, wants_more_services, submitted_at
      FROM first_of_each
      ORDER BY ord
      ON CONFLICT ON CONSTRAINT responses_one_per_respondent DO NOTHING
      RETURNING id, project_id, respondent_email
    )
    SELECT r.ord::integer AS ord, r.project_id IS NOT NULL AS project_found, r.contact_erased, ins.id
    FROM resolved r
    LEFT JOIN first_of_each f ON f.ord = r.ord
    LEFT JOIN inserted ins ON f.ord IS NOT NULL AND ins.project_id = f.project_id AND ins.respondent_email = f.respondent_email
    ORDER BY r.ord
  `.execute(db);
  return result.rows.map((row) => {
    if (!row.projectFound) return { kind: 'unknown-project' };
    if (row.contactErased) return { kind: 'contact-erased' };
    return row.id ? { kind: 'stored', id: row.id } : { kind: 'duplicate' };
  });
}
