import type { AlertRole, AlertStatus, FollowUpStatus, Group, Satisfaction } from '@ambassador/domain/vocabulary';
import type { Database } from './database.ts';
import { currentFollowUp } from './follow-ups.ts';

export interface NewResponse {
  projectId: string;
  respondentName: string;
  respondentEmail: string;
  satisfaction: Satisfaction;
  motivation: string | null;
  wouldRecommend: boolean;
  wantsMoreServices: boolean;
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
  wantsMoreServices: boolean;
  submittedAt: Date;
  group: Group | null;
  classifiedAt: Date | null;
  alerts: { role: AlertRole; email: string; status: AlertStatus; sentAt: Date | null }[];
  followUp: { status: FollowUpStatus; updatedAt: Date | null };
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
      'wantsMoreServices',
      'submittedAt',
      'group',
      'classifiedAt',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!response) return undefined;
  const [alerts, followUp] = await Promise.all([
    db.selectFrom('alerts').select(['role', 'email', 'status', 'sentAt']).where('responseId', '=', id).orderBy('role').execute(),
    currentFollowUp(db, id),
  ]);
  return { ...response, alerts, followUp };
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
