import type { AlertRole, AlertStatus, Group, Locale, Satisfaction } from '@ambassador/domain/vocabulary';
import { sql, type Transaction } from 'kysely';
import { compiledOnce } from './compiled-once.ts';
import type { Database } from './database.ts';
import type { DeliveryChannel, DeliveryStatus, QueuedDelivery } from './deliveries.ts';
import type { DB } from './schema.ts';

/** The messages of the alerts of these responses, and of their events, that are still to be sent, for queueing. */
export async function pendingAlertDeliveriesOf(db: Database | Transaction<DB>, responseIds: readonly string[]): Promise<QueuedDelivery[]> {
  if (responseIds.length === 0) return [];
  const ids = sql<string>`ANY(${[...responseIds]}::uuid[])`;
  return db
    .selectFrom('deliveries')
    .leftJoin('alerts', 'alerts.id', 'deliveries.alertId')
    .leftJoin('events', 'events.id', 'deliveries.eventId')
    .select(['deliveries.id', 'deliveries.kind', 'deliveries.channel', 'deliveries.dueAt'])
    .where((eb) => eb.or([eb('alerts.responseId', '=', ids), eb('events.responseId', '=', ids)]))
    .where('deliveries.status', '=', 'pending')
    .execute();
}

export interface AlertMessage {
  id: string;
  role: AlertRole;
  /** `phone`: where an SMS goes (E.164), if they have one. */
  recipient: { email: string; name: string; locale: Locale; phone: string | null };
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

const alertMessageStatement = compiledOnce((db, alertId: string) =>
  db
    .selectFrom('alerts')
    .innerJoin('employees as recipient', 'recipient.id', 'alerts.employeeId')
    .innerJoin('responses', 'responses.id', 'alerts.responseId')
    .innerJoin('projects', 'projects.id', 'responses.projectId')
    .innerJoin('clients', 'clients.id', 'projects.clientId')
    .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
    .select([
      'alerts.id',
      'alerts.role',
      'alerts.email as recipientEmail',
      'recipient.name as recipientName',
      'recipient.locale as recipientLocale',
      'recipient.phone as recipientPhone',
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
    .where('alerts.id', '=', alertId),
);

/** Everything a message about an alert says: the response, its project and client, and who gets it. */
export async function findAlertMessage(db: Database, alertId: string): Promise<AlertMessage | undefined> {
  const [row] = await alertMessageStatement(db, alertId);
  if (!row) return undefined;
  return {
    id: row.id,
    role: row.role,
    recipient: { email: row.recipientEmail, name: row.recipientName, locale: row.recipientLocale, phone: row.recipientPhone },
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

/** How one message of an alert went, on one channel. */
export interface AlertDeliveryState {
  channel: DeliveryChannel;
  status: DeliveryStatus;
  attempts: number;
  sentAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
  /** Why it failed, or why the last attempt did (a reply, a gateway's status); null once sent. */
  lastError: string | null;
}

/** An alert and how each of its messages went; its own status is its e-mail's. */
export interface AlertState {
  id: string;
  role: AlertRole;
  email: string;
  status: AlertStatus;
  sentAt: Date | null;
  acknowledgedAt: Date | null;
  deliveries: AlertDeliveryState[];
}

/** The e-mail's status as an alert's: an e-mail is never "delivered" nor cancelled. */
function alertStatusOf(email: AlertDeliveryState | undefined): AlertStatus {
  if (!email || email.status === 'pending' || email.status === 'cancelled') return 'pending';
  return email.status === 'failed' ? 'failed' : 'sent';
}

/** The alerts of a response, by role, each with its messages on every channel (e-mail first). */
export async function findAlertStates(db: Database, responseId: string): Promise<AlertState[]> {
  const rows = await db
    .selectFrom('alerts')
    .leftJoin('deliveries', 'deliveries.alertId', 'alerts.id')
    .select([
      'alerts.id',
      'alerts.role',
      'alerts.email',
      'alerts.acknowledgedAt',
      'deliveries.channel',
      'deliveries.status',
      'deliveries.attempts',
      'deliveries.sentAt',
      'deliveries.deliveredAt',
      'deliveries.failedAt',
      'deliveries.lastError',
    ])
    .where('alerts.responseId', '=', responseId)
    .orderBy('alerts.role')
    .orderBy('deliveries.channel')
    .execute();
  const alerts = new Map<string, AlertState>();
  for (const row of rows) {
    let alert = alerts.get(row.id);
    if (!alert) {
      alert = { id: row.id, role: row.role, email: row.email, status: 'pending', sentAt: null, acknowledgedAt: row.acknowledgedAt, deliveries: [] };
      alerts.set(row.id, alert);
    }
    if (row.channel && row.status) {
      alert.deliveries.push({
        channel: row.channel,
        status: row.status,
        attempts: row.attempts ?? 0,
        sentAt: row.sentAt,
        deliveredAt: row.deliveredAt,
        failedAt: row.failedAt,
        lastError: row.lastError,
      });
    }
  }
  for (const alert of alerts.values()) {
    const email = alert.deliveries.find((delivery) => delivery.channel === 'email');
    alert.status = alertStatusOf(email);
    alert.sentAt = alert.status === 'sent' ? (email?.sentAt ?? null) : null;
  }
  return [...alerts.values()];
}
