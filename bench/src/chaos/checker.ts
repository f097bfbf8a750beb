import { alertRecipients } from '@ambassador/domain/alert-recipients';
import { classifyResponse } from '@ambassador/domain/classification';
import { employee, projects } from './firm.ts';
import { DEAD_MAILBOX } from './firm.ts';
import type { ChaosSystem, Delivery } from './system.ts';

export interface ResponseVerdict {
  respondentEmail: string;
  responseId: string;
  group: string | null;
  /** Alerts that were due and neither arrived nor were refused for good by the server. */
  lost: string[];
  /** E-mails that arrived more often than once (how many extra). */
  duplicated: number;
  /** Extra arrivals not explained by a notifier kill between the first and the last. */
  unexplainedDuplicates: number;
  /** E-mails nobody should have received about this response. */
  unexpected: string[];
  /** Due alerts the server refused with 550 (the vacant mailbox): recorded as failed. */
  refusedAndRecorded: number;
}

export interface Verdict {
  responses: ResponseVerdict[];
  stored: number;
  lost: number;
  duplicated: number;
  unexplainedDuplicates: number;
  unexpected: number;
  refusedAndRecorded: number;
  /** Alert e-mails about no response of this soak (should be none). */
  strays: number;
}

/**
 * Compares, per stored response of the soak, the alerts the decision table says were due
 * with what the SMTP server accepted: lost, duplicated, unexpected.
 */
export async function check(system: ChaosSystem, respondentEmails: readonly string[]): Promise<Verdict> {
  const rows = await system.db
    .selectFrom('responses')
    .select(['id', 'projectId', 'respondentEmail', 'satisfaction', 'wouldRecommend', 'group'])
    .where('respondentEmail', 'in', [...respondentEmails])
    .execute();
  // Each alert with its e-mail: the e-mail's Message-ID names the delivery.
  const alerts = await system.db
    .selectFrom('alerts')
    .innerJoin('deliveries', 'deliveries.alertId', 'alerts.id')
    .select(['alerts.id', 'alerts.responseId', 'alerts.role', 'alerts.email', 'deliveries.id as deliveryId', 'deliveries.status'])
    .where('deliveries.channel', '=', 'email')
    .execute();
  const notifierKills = system.kills.filter((kill) => kill.service === 'notifier').map((kill) => kill.at);

  const byMessageId = new Map<string, Delivery[]>();
  for (const delivery of system.deliveries) {
    if (!delivery.messageId.startsWith('<alert-')) continue;
    const list = byMessageId.get(delivery.messageId) ?? [];
    list.push(delivery);
    byMessageId.set(delivery.messageId, list);
  }
  const deliveryIdOf = (messageId: string) => /^<alert-([0-9a-f-]{36})@/u.exec(messageId)?.[1];
  const alertsByDelivery = new Map(alerts.map((alert) => [alert.deliveryId, alert]));
  const responseIds = new Set(rows.map((row) => row.id));
  const strays = [...byMessageId.keys()].filter((messageId) => {
    const alert = alertsByDelivery.get(deliveryIdOf(messageId) ?? '');
    return !alert || !responseIds.has(alert.responseId);
  }).length;

  const responses = rows.map((row): ResponseVerdict => {
    const project = projects.find((candidate) => candidate.id === row.projectId);
    if (!project) throw new Error(`response ${row.id} is for a project the soak did not make`);
    const accountManager = employee(project.accountManagerId);
    const manager = accountManager.managerId ? employee(accountManager.managerId) : null;
    const { group } = classifyResponse({ satisfaction: row.satisfaction, wouldRecommend: row.wouldRecommend });
    const due = alertRecipients(group, accountManager, manager);
    const verdict: ResponseVerdict = {
      respondentEmail: row.respondentEmail,
      responseId: row.id,
      group: row.group,
      lost: [],
      duplicated: 0,
      unexplainedDuplicates: 0,
      unexpected: [],
      refusedAndRecorded: 0,
    };
    const ofThisResponse = alerts.filter((alert) => alert.responseId === row.id);
    for (const recipient of due) {
      const alert = ofThisResponse.find((candidate) => candidate.role === recipient.role);
      const arrived = alert ? (byMessageId.get(`<alert-${alert.deliveryId}@chaos.example>`) ?? []) : [];
      if (arrived.length === 0) {
        if (recipient.email === DEAD_MAILBOX && alert?.status === 'failed') verdict.refusedAndRecorded += 1;
        else verdict.lost.push(recipient.email);
        continue;
      }
      if (arrived.some((delivery) => !delivery.to.includes(recipient.email))) verdict.unexpected.push(`wrong recipient for ${recipient.role}`);
      const [first] = arrived;
      const last = arrived.at(-1);
      if (first && last && arrived.length > 1) {
        verdict.duplicated += arrived.length - 1;
        const killsBetween = notifierKills.filter((at) => at > first.acceptedAt && at < last.acceptedAt).length;
        verdict.unexplainedDuplicates += Math.max(0, arrived.length - 1 - killsBetween);
      }
    }
    for (const alert of ofThisResponse) {
      if (due.some((recipient) => recipient.role === alert.role)) continue;
      if ((byMessageId.get(`<alert-${alert.deliveryId}@chaos.example>`) ?? []).length > 0) verdict.unexpected.push(`${alert.role} was not due`);
    }
    if (row.group !== group) verdict.unexpected.push(`classified ${String(row.group)}, the table says ${group}`);
    return verdict;
  });

  const sum = (pickCount: (verdict: ResponseVerdict) => number) => responses.reduce((total, verdict) => total + pickCount(verdict), 0);
  return {
    responses,
    stored: rows.length,
    lost: sum((verdict) => verdict.lost.length),
    duplicated: sum((verdict) => verdict.duplicated),
    unexplainedDuplicates: sum((verdict) => verdict.unexplainedDuplicates),
    unexpected: sum((verdict) => verdict.unexpected.length),
    refusedAndRecorded: sum((verdict) => verdict.refusedAndRecorded),
    strays,
  };
}
