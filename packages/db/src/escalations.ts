import type { Locale, Satisfaction } from '@ambassador/domain/vocabulary';
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from './database.ts';
import type { QueuedDelivery } from './deliveries.ts';
import type { DB } from './schema.ts';

/**
 * Escalations: one e-mail to the account manager's manager about a + or − response that
 * got no follow-up step within its deadline. The row is keyed by the response, so a
 * response escalates at most once, whoever records it and however often.
 */

export type EscalatingGroup = 'positive' | 'negative';

export interface EscalationCandidate {
  responseId: string;
  classifiedAt: Date;
}

function hasFollowUpStep(eb: ExpressionBuilder<DB, 'responses'>) {
  return eb.exists(eb.selectFrom('followUpSteps').select(sql`1`.as('one')).whereRef('followUpSteps.responseId', '=', 'responses.id'));
}

/**
 * Responses of `group` classified within [classifiedFrom, classifiedUntil] that could be
 * due for escalation: no follow-up step, no escalation yet, and an account manager who has
 * a manager (without one there is nobody to escalate to). A page at a time in id order;
 * the caller decides with the working-day deadline which of them are due.
 */
export async function findEscalationCandidates(
  db: Database,
  { group, classifiedFrom, classifiedUntil }: { group: EscalatingGroup; classifiedFrom: Date; classifiedUntil: Date },
  limit: number,
  after?: string,
): Promise<EscalationCandidate[]> {
  let query = db
    .selectFrom('responses')
    .innerJoin('projects', 'projects.id', 'responses.projectId')
    .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
    .select(['responses.id as responseId', 'responses.classifiedAt'])
    .where('responses.group', '=', group)
    .where('responses.classifiedAt', '>=', classifiedFrom)
    .where('responses.classifiedAt', '<=', classifiedUntil)
    .where('accountManager.managerId', 'is not', null)
    .where((eb) => eb.not(hasFollowUpStep(eb)))
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('escalations').select(sql`1`.as('one')).whereRef('escalations.responseId', '=', 'responses.id'))),
    );
  if (after !== undefined) query = query.where('responses.id', '>', after);
  return query.orderBy('responses.id').limit(limit).$narrowType<{ classifiedAt: Date }>().execute();
}

/**
 * Records the escalations that fell due, addressed to the account manager's manager as
 * they are now, each with its e-mail. `ON CONFLICT DO NOTHING` on the response id keeps it to
 * one per response even when two schedulers find the same one; a step recorded since the
 * candidates were read still prevents it. Returns the e-mails stored now, for queueing.
 */
export async function recordEscalations(
  db: Database,
  due: readonly { responseId: string; dueAt: Date }[],
  now: Date,
): Promise<QueuedDelivery[]> {
  if (due.length === 0) return [];
  const result = await sql<QueuedDelivery>`
    WITH escalation AS (
      INSERT INTO escalations (response_id, manager_id, email, due_at, created_at)
      SELECT r.id, manager.id, manager.email, due.due_at, ${now}::timestamptz
      FROM unnest(${due.map((item) => item.responseId)}::uuid[], ${due.map((item) => item.dueAt.toISOString())}::timestamptz[])
        AS due (response_id, due_at)
      JOIN responses r ON r.id = due.response_id
      JOIN projects p ON p.id = r.project_id
      JOIN employees account_manager ON account_manager.id = p.account_manager_id
      JOIN employees manager ON manager.id = account_manager.manager_id AND manager.active
      WHERE NOT EXISTS (SELECT 1 FROM follow_up_steps s WHERE s.response_id = r.id)
      ON CONFLICT (response_id) DO NOTHING
      RETURNING response_id
    )
    INSERT INTO deliveries (kind, channel, escalation_id, created_at, due_at)
    SELECT 'escalation', 'email', response_id, ${now}::timestamptz, ${now}::timestamptz FROM escalation
    RETURNING id, kind, channel, due_at
  `.execute(db);
  return result.rows;
}

export interface EscalationMessage {
  responseId: string;
  dueAt: Date;
  /** A follow-up step was recorded after the escalation was: it is no longer needed. */
  followedUp: boolean;
  recipient: { email: string; name: string; locale: Locale };
  accountManager: { name: string };
  response: {
    group: EscalatingGroup;
    respondentName: string;
    respondentEmail: string;
    satisfaction: Satisfaction;
    motivation: string | null;
    wouldRecommend: boolean;
    wantsMoreServices: boolean;
    submittedAt: Date;
  };
  project: { name: string };
  client: { name: string };
}

/** Everything the escalation e-mail says, and whether it is still needed. */
export async function findEscalationMessage(db: Database, responseId: string): Promise<EscalationMessage | undefined> {
  const row = await db
    .selectFrom('escalations')
    .innerJoin('employees as recipient', 'recipient.id', 'escalations.managerId')
    .innerJoin('responses', 'responses.id', 'escalations.responseId')
    .innerJoin('projects', 'projects.id', 'responses.projectId')
    .innerJoin('clients', 'clients.id', 'projects.clientId')
    .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
    .select((eb) => [
      'escalations.responseId',
      'escalations.dueAt',
      'escalations.email',
      'recipient.name as recipientName',
      'recipient.locale as recipientLocale',
      'accountManager.name as accountManagerName',
      'responses.group',
      'responses.respondentName',
      'responses.respondentEmail',
      'responses.satisfaction',
      'responses.motivation',
      'responses.wouldRecommend',
      'responses.wantsMoreServices',
      'responses.submittedAt',
      'projects.name as projectName',
      'clients.name as clientName',
      hasFollowUpStep(eb).$castTo<boolean>().as('followedUp'),
    ])
    .where('escalations.responseId', '=', responseId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.group !== 'positive' && row.group !== 'negative') {
    throw new Error(`escalation for response ${responseId} is for a response without a + or \u2212 group`);
  }
  return {
    responseId: row.responseId,
    dueAt: row.dueAt,
    followedUp: row.followedUp,
    recipient: { email: row.email, name: row.recipientName, locale: row.recipientLocale },
    accountManager: { name: row.accountManagerName },
    response: {
      group: row.group,
      respondentName: row.respondentName,
      respondentEmail: row.respondentEmail,
      satisfaction: row.satisfaction,
      motivation: row.motivation,
      wouldRecommend: row.wouldRecommend,
      wantsMoreServices: row.wantsMoreServices,
      submittedAt: row.submittedAt,
    },
    project: { name: row.projectName },
    client: { name: row.clientName },
  };
}
