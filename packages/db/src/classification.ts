import type { AlertRecipient } from '@ambassador/domain/alert-recipients';
import type { Group, Satisfaction } from '@ambassador/domain/vocabulary';
import { sql, type Transaction } from 'kysely';
import type { QueuedDelivery } from './deliveries.ts';
import type { DB } from './schema.ts';

export interface ResponseToClassify {
  id: string;
  satisfaction: Satisfaction;
  wouldRecommend: boolean;
  accountManager: { id: string; email: string };
  manager: { id: string; email: string } | null;
}

/**
 * Locks the given responses that are still unclassified, with the people an alert would
 * go to. Rows another transaction holds are skipped: that transaction is classifying them.
 */
export async function lockUnclassifiedResponses(trx: Transaction<DB>, ids: readonly string[]): Promise<ResponseToClassify[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('responses')
    .innerJoin('projects', 'projects.id', 'responses.projectId')
    .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
    .leftJoin('employees as manager', 'manager.id', 'accountManager.managerId')
    .select([
      'responses.id',
      'responses.satisfaction',
      'responses.wouldRecommend',
      'accountManager.id as accountManagerId',
      'accountManager.email as accountManagerEmail',
      'manager.id as managerId',
      'manager.email as managerEmail',
    ])
    // One array parameter rather than one parameter per id: a backlog batch has thousands.
    .where('responses.id', '=', sql<string>`ANY(${[...ids]}::uuid[])`)
    .where('responses.classifiedAt', 'is', null)
    .forUpdate('responses')
    .skipLocked()
    .execute();
  return rows.map((row) => ({
    id: row.id,
    satisfaction: row.satisfaction,
    wouldRecommend: row.wouldRecommend,
    accountManager: { id: row.accountManagerId, email: row.accountManagerEmail },
    manager: row.managerId && row.managerEmail ? { id: row.managerId, email: row.managerEmail } : null,
  }));
}

export interface ClassificationRecord {
  responseId: string;
  group: Group;
  ruleVersion: number;
  recipients: AlertRecipient[];
}

/**
 * Records each response's group and rule version, its alert rows, and the message of each alert
 * on each channel of its recipient (e-mail, and SMS for those who asked for it), in the caller's
 * transaction. Returns the messages it stored, for queueing.
 */
export async function recordClassifications(
  trx: Transaction<DB>,
  records: readonly ClassificationRecord[],
  now: Date,
): Promise<QueuedDelivery[]> {
  if (records.length === 0) return [];
  await sql`
    UPDATE responses AS r
    SET "group" = v.group, rule_version = v.rule_version, classified_at = ${now}
    FROM unnest(
      ${records.map((record) => record.responseId)}::uuid[],
      ${records.map((record) => record.group)}::response_group[],
      ${records.map((record) => record.ruleVersion)}::integer[]
    ) AS v (id, "group", rule_version)
    WHERE r.id = v.id AND r.classified_at IS NULL
  `.execute(trx);
  const alerts = records.flatMap((record) => record.recipients.map((recipient) => ({ responseId: record.responseId, ...recipient })));
  if (alerts.length === 0) return [];
  // Columns as arrays, as above: five parameters for a batch of any size.
  const stored = await sql<QueuedDelivery>`
    WITH alert AS (
      INSERT INTO alerts (response_id, role, employee_id, email, created_at)
      SELECT a.response_id, a.role, a.employee_id, a.email, ${now}::timestamptz
      FROM unnest(
        ${alerts.map((alert) => alert.responseId)}::uuid[],
        ${alerts.map((alert) => alert.role)}::alert_role[],
        ${alerts.map((alert) => alert.employeeId)}::text[],
        ${alerts.map((alert) => alert.email)}::text[]
      ) AS a (response_id, role, employee_id, email)
      ON CONFLICT ON CONSTRAINT alerts_one_per_role DO NOTHING
      RETURNING id, employee_id
    )
    -- The e-mail always; an SMS as well to a recipient who asked for it and has a phone.
    INSERT INTO deliveries (kind, channel, alert_id, created_at, due_at)
    SELECT 'alert', channel.name, alert.id, ${now}::timestamptz, ${now}::timestamptz
    FROM alert
    JOIN employees recipient ON recipient.id = alert.employee_id
    JOIN (VALUES ('email'::delivery_channel), ('sms'::delivery_channel)) AS channel (name)
      ON channel.name = 'email' OR ('sms' = ANY (recipient.alert_channels) AND recipient.phone IS NOT NULL)
    RETURNING id, kind, channel, due_at
  `.execute(trx);
  return stored.rows;
}
