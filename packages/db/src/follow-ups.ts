import type { FollowUpOutcome, FollowUpStatus, Group, Locale, Satisfaction } from '@ambassador/domain/vocabulary';
import type { Transaction } from 'kysely';
import { type AlertState, findAlertStates } from './alerts.ts';
import { recordAuditEvent } from './audit.ts';
import type { Database } from './database.ts';
import type { QueuedDelivery } from './deliveries.ts';
import { findResponseEventDeliveries, recordFollowUpEvent, type ResponseEventDelivery } from './events.ts';
import type { DB } from './schema.ts';
import { projectsWithin, type Scope } from './scope.ts';

/** The closed loop: the steps taken on a response, newest last, and its current state. */

export interface FollowUpStep {
  status: FollowUpStatus;
  outcome: FollowUpOutcome | null;
  note: string | null;
  authorEmail: string;
  authorName: string | null;
  channel: 'web' | 'email';
  createdAt: Date;
}

export interface NewFollowUpStep {
  responseId: string;
  status: FollowUpStatus;
  outcome: FollowUpOutcome | null;
  note: string | null;
  authorEmail: string;
  channel: 'web' | 'email';
  createdAt: Date;
}

/**
 * Records a step, and its `follow_up.recorded` event for the destinations that want it, in the
 * caller's transaction; returns the event's deliveries, for queueing once it commits.
 */
export async function addFollowUpStep(trx: Database | Transaction<DB>, step: NewFollowUpStep): Promise<QueuedDelivery[]> {
  await trx.insertInto('followUpSteps').values(step).execute();
  return recordFollowUpEvent(trx, step);
}

/** The current follow-up of a response: its latest step, or `open` when there is none. */
export async function currentFollowUp(db: Database, responseId: string): Promise<{ status: FollowUpStatus; updatedAt: Date | null }> {
  const latest = await db
    .selectFrom('followUpSteps')
    .select(['status', 'createdAt'])
    .where('responseId', '=', responseId)
    .orderBy('createdAt', 'desc')
    .limit(1)
    .executeTakeFirst();
  return latest ? { status: latest.status, updatedAt: latest.createdAt } : { status: 'open', updatedAt: null };
}

export interface ResponseDetail {
  id: string;
  group: Group | null;
  satisfaction: Satisfaction;
  motivation: string | null;
  wouldRecommend: boolean;
  /** The 0–10 answer; null when it was not asked. */
  recommendScore: number | null;
  wantsMoreServices: boolean;
  submittedAt: Date;
  classifiedAt: Date | null;
  respondent: { name: string; email: string };
  project: { id: string; name: string };
  client: { name: string };
  accountManager: { id: string; name: string; email: string };
  alerts: AlertState[];
  /** The events about it that went to the firm's destinations (webhooks, Teams, Slack). */
  destinations: ResponseEventDelivery[];
  timeline: FollowUpStep[];
}

/** A response with its alerts and timeline, or undefined when it does not exist or is outside `scope`. */
export async function findResponseDetail(db: Database, scope: Scope, id: string): Promise<ResponseDetail | undefined> {
  const row = await db
    .selectFrom('responses')
    .innerJoin('projects', 'projects.id', 'responses.projectId')
    .innerJoin('clients', 'clients.id', 'projects.clientId')
    .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
    .select([
      'responses.id',
      'responses.group',
      'responses.satisfaction',
      'responses.motivation',
      'responses.wouldRecommend',
      'responses.recommendScore',
      'responses.wantsMoreServices',
      'responses.submittedAt',
      'responses.classifiedAt',
      'responses.respondentName',
      'responses.respondentEmail',
      'projects.id as projectId',
      'projects.name as projectName',
      'clients.name as clientName',
      'accountManager.id as accountManagerId',
      'accountManager.name as accountManagerName',
      'accountManager.email as accountManagerEmail',
    ])
    .where('responses.id', '=', id)
    .where(projectsWithin(scope))
    .executeTakeFirst();
  if (!row) return undefined;
  const [alerts, destinations, timeline] = await Promise.all([
    findAlertStates(db, id),
    findResponseEventDeliveries(db, id),
    db
      .selectFrom('followUpSteps')
      .leftJoin('employees', 'employees.email', 'followUpSteps.authorEmail')
      .select([
        'followUpSteps.status',
        'followUpSteps.outcome',
        'followUpSteps.note',
        'followUpSteps.authorEmail',
        'employees.name as authorName',
        'followUpSteps.channel',
        'followUpSteps.createdAt',
      ])
      .where('followUpSteps.responseId', '=', id)
      .orderBy('followUpSteps.createdAt')
      .execute(),
  ]);
  return {
    id: row.id,
    group: row.group,
    satisfaction: row.satisfaction,
    motivation: row.motivation,
    wouldRecommend: row.wouldRecommend,
    recommendScore: row.recommendScore,
    wantsMoreServices: row.wantsMoreServices,
    submittedAt: row.submittedAt,
    classifiedAt: row.classifiedAt,
    respondent: { name: row.respondentName, email: row.respondentEmail },
    project: { id: row.projectId, name: row.projectName },
    client: { name: row.clientName },
    accountManager: { id: row.accountManagerId, name: row.accountManagerName, email: row.accountManagerEmail },
    alerts,
    destinations,
    timeline,
  };
}

/** What the page of an "I am on it" link shows, and what decides whether it still works. */
export interface AlertLink {
  alertId: string;
  responseId: string;
  group: 'positive' | 'negative';
  classifiedAt: Date;
  /** When the e-mail went out (or, not sent yet, when the alert was recorded). */
  sentAt: Date;
  acknowledgedAt: Date | null;
  recipient: { email: string; locale: Locale };
  respondentName: string;
  clientName: string;
  projectName: string;
}

/** The alert behind an "I am on it" link, or undefined when there is none (or it has no + or − response). */
export async function findAlertLink(db: Database, alertId: string): Promise<AlertLink | undefined> {
  const row = await db
    .selectFrom('alerts')
    .innerJoin('employees as recipient', 'recipient.id', 'alerts.employeeId')
    .innerJoin('responses', 'responses.id', 'alerts.responseId')
    .innerJoin('projects', 'projects.id', 'responses.projectId')
    .innerJoin('clients', 'clients.id', 'projects.clientId')
    .leftJoin('deliveries as email', (join) => join.onRef('email.alertId', '=', 'alerts.id').on('email.channel', '=', 'email'))
    .select((eb) => [
      'alerts.id',
      'alerts.responseId',
      'alerts.acknowledgedAt',
      eb.fn.coalesce('email.sentAt', 'alerts.createdAt').as('sentAt'),
      'alerts.email',
      'recipient.locale',
      'responses.group',
      'responses.classifiedAt',
      'responses.respondentName',
      'projects.name as projectName',
      'clients.name as clientName',
    ])
    .where('alerts.id', '=', alertId)
    .executeTakeFirst();
  if (!row || (row.group !== 'positive' && row.group !== 'negative') || !row.classifiedAt) return undefined;
  return {
    alertId: row.id,
    responseId: row.responseId,
    group: row.group,
    classifiedAt: row.classifiedAt,
    sentAt: row.sentAt,
    acknowledgedAt: row.acknowledgedAt,
    recipient: { email: row.email, locale: row.locale },
    respondentName: row.respondentName,
    clientName: row.clientName,
    projectName: row.projectName,
  };
}

export type Acknowledgement = 'recorded' | 'already' | 'unknown';

/**
 * The "I am on it" link of an alert e-mail, used once (by the POST of its page): marks the alert acknowledged and,
 * when the response's follow-up is still open, records an `in_progress` step by the alert's
 * recipient, with its audit event in the same transaction. A second use changes nothing.
 */
export async function acknowledgeAlert(
  db: Database,
  alertId: string,
  now: Date,
): Promise<{ result: Acknowledgement; responseId?: string; deliveries: QueuedDelivery[] }> {
  return db.transaction().execute(async (trx) => {
    const alert = await trx
      .updateTable('alerts')
      .set({ acknowledgedAt: now })
      .where('id', '=', alertId)
      .where('acknowledgedAt', 'is', null)
      .returning(['responseId', 'email'])
      .executeTakeFirst();
    if (!alert) {
      const exists = await trx.selectFrom('alerts').select('responseId').where('id', '=', alertId).executeTakeFirst();
      return exists ? { result: 'already', responseId: exists.responseId, deliveries: [] } : { result: 'unknown', deliveries: [] };
    }
    const latest = await trx
      .selectFrom('followUpSteps')
      .select('status')
      .where('responseId', '=', alert.responseId)
      .orderBy('createdAt', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    const deliveries =
      !latest || latest.status === 'open'
        ? await addFollowUpStep(trx, { responseId: alert.responseId, status: 'in_progress', outcome: null, note: null, authorEmail: alert.email, channel: 'email', createdAt: now })
        : [];
    // In the recipient's name: the link was made for them.
    await recordAuditEvent(trx, { at: now, actor: { type: 'user', email: alert.email }, action: 'alert.acknowledged', subjectId: alert.responseId });
    return { result: 'recorded', responseId: alert.responseId, deliveries };
  });
}
