import type { AlertRole, AlertStatus, Group, Locale, Satisfaction } from '@ambassador/domain/vocabulary';
import type { Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';

/** Ids of the alerts of these responses that still have to be sent. */
export async function pendingAlertIdsOf(db: Database | Transaction<DB>, responseIds: readonly string[]): Promise<string[]> {
  if (responseIds.length === 0) return [];
  const rows = await db
    .selectFrom('alerts')
    .select('id')
    .where('responseId', 'in', responseIds)
    .where('status', '=', 'pending')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Alerts recorded no later than `olderThan` and still not sent, a page at a time in id order:
 * pass the last id of a page as `after` for the next one.
 */
export async function findPendingAlertIds(db: Database, olderThan: Date, limit: number, after?: string): Promise<string[]> {
  let query = db.selectFrom('alerts').select('id').where('status', '=', 'pending').where('createdAt', '<=', olderThan);
  if (after !== undefined) query = query.where('id', '>', after);
  const rows = await query.orderBy('id').limit(limit).execute();
  return rows.map((row) => row.id);
}

export interface AlertDelivery {
  id: string;
  role: AlertRole;
  status: AlertStatus;
  attempts: number;
  recipient: { email: string; name: string; locale: Locale };
  accountManager: { name: string };
  response: {
    id: string;
    respondentName: string;
    respondentEmail: string;
    satisfaction: Satisfaction;
    motivation: string | null;
    wouldRecommend: boolean;
    wantsMoreServices: boolean;
    group: Group | null;
    submittedAt: Date;
  };
  project: { id: string; name: string };
  client: { name: string };
}

/**
 * Everything an alert e-mail says, with the alert row locked until the caller's
 * transaction ends: a second delivery of the same alert waits, then finds it sent.
 */
export async function lockAlertForDelivery(trx: Transaction<DB>, alertId: string): Promise<AlertDelivery | undefined> {
  const row = await trx
    .selectFrom('alerts')
    .innerJoin('employees as recipient', 'recipient.id', 'alerts.employeeId')
    .innerJoin('responses', 'responses.id', 'alerts.responseId')
    .innerJoin('projects', 'projects.id', 'responses.projectId')
    .innerJoin('clients', 'clients.id', 'projects.clientId')
    .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
    .select([
      'alerts.id',
      'alerts.role',
      'alerts.status',
      'alerts.attempts',
      'alerts.email as recipientEmail',
      'recipient.name as recipientName',
      'recipient.locale as recipientLocale',
      'accountManager.name as accountManagerName',
      'responses.id as responseId',
      'responses.respondentName',
      'responses.respondentEmail',
      'responses.satisfaction',
      'responses.motivation',
      'responses.wouldRecommend',
      'responses.wantsMoreServices',
      'responses.group',
      'responses.submittedAt',
      'projects.id as projectId',
      'projects.name as projectName',
      'clients.name as clientName',
    ])
    .where('alerts.id', '=', alertId)
    .forUpdate('alerts')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    role: row.role,
    status: row.status,
    attempts: row.attempts,
    recipient: { email: row.recipientEmail, name: row.recipientName, locale: row.recipientLocale },
    accountManager: { name: row.accountManagerName },
    response: {
      id: row.responseId,
      respondentName: row.respondentName,
      respondentEmail: row.respondentEmail,
      satisfaction: row.satisfaction,
      motivation: row.motivation,
      wouldRecommend: row.wouldRecommend,
      wantsMoreServices: row.wantsMoreServices,
      group: row.group,
      submittedAt: row.submittedAt,
    },
    project: { id: row.projectId, name: row.projectName },
    client: { name: row.clientName },
  };
}

/** Records the SMTP server's acceptance of a pending alert (an alert settled before is left as it is). */
export async function markAlertSent(db: Database, alertId: string, smtpResponse: string, now: Date): Promise<void> {
  await db
    .updateTable('alerts')
    .set((eb) => ({
      status: 'sent',
      sentAt: now,
      attempts: eb('attempts', '+', 1),
      smtpResponse,
      lastError: null,
    }))
    .where('id', '=', alertId)
    .where('status', '=', 'pending')
    .execute();
}

/** Records a failed delivery attempt; `final` marks the alert failed for good. */
export async function recordAlertFailure(
  trx: Transaction<DB>,
  alertId: string,
  failure: { error: string; final: boolean },
  now: Date,
): Promise<void> {
  await trx
    .updateTable('alerts')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      lastError: failure.error,
      ...(failure.final ? { status: 'failed' as const, failedAt: now } : {}),
    }))
    .where('id', '=', alertId)
    .execute();
}
