import { alertRecipients } from '@ambassador/domain/alert-recipients';
import { classifyResponse } from '@ambassador/domain/classification';
import { responseShortCode } from '@ambassador/links/links';
import { DEAD_MAILBOX, DEAD_PHONE, employee, projects } from './firm.ts';
import type { ChaosSystem } from './system.ts';

/** The channels the soak checks. */
export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Counts of one channel, or of all together. */
export interface Counts {
  /** Alerts that were due and neither arrived nor were refused for good by the peer. */
  lost: number;
  /** Messages that arrived more often than once (how many extra). */
  duplicated: number;
  /** Extra arrivals not explained by a notifier kill between the first and the last. */
  unexplainedDuplicates: number;
  /** Messages nobody should have received about a response of the soak. */
  unexpected: number;
  /** Due alerts the peer refused for good (the vacant mailbox, the dead number): recorded as failed. */
  refusedAndRecorded: number;
  /** Messages the peer accepted about no response of this soak (should be none). */
  strays: number;
}

export interface ResponseVerdict {
  respondentEmail: string;
  responseId: string;
  group: string | null;
  /** Alerts that were due and were lost, as `<channel> <recipient>`. */
  lost: string[];
  duplicated: number;
  unexplainedDuplicates: number;
  /** What arrived that should not have, described. */
  unexpected: string[];
  refusedAndRecorded: number;
}

export interface Verdict extends Counts {
  responses: ResponseVerdict[];
  stored: number;
  channels: Record<Channel, Counts>;
}

interface Arrival {
  /** Where it went: an e-mail envelope's recipients, or an SMS's number. */
  to: string[];
  acceptedAt: number;
}

const noCounts = (): Counts => ({ lost: 0, duplicated: 0, unexplainedDuplicates: 0, unexpected: 0, refusedAndRecorded: 0, strays: 0 });

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/**
 * Compares, per stored response of the soak and per channel, the alerts the decision table and
 * the people's channels say were due with what the peers accepted: lost, duplicated,
 * unexpected. An e-mail names its delivery in its Message-ID; an SMS names its response by the
 * short link in its text, and its recipient by the number.
 */
export async function check(system: ChaosSystem, respondentEmails: readonly string[]): Promise<Verdict> {
  const rows = await system.db
    .selectFrom('responses')
    .select(['id', 'projectId', 'respondentEmail', 'satisfaction', 'wouldRecommend', 'group'])
    .where('respondentEmail', 'in', [...respondentEmails])
    .execute();
  const deliveries = await system.db
    .selectFrom('alerts')
    .innerJoin('deliveries', 'deliveries.alertId', 'alerts.id')
    .select(['alerts.responseId', 'alerts.role', 'deliveries.id as deliveryId', 'deliveries.channel', 'deliveries.status'])
    .execute();
  const notifierKills = system.kills.filter((kill) => kill.service === 'notifier').map((kill) => kill.at);

  // What each peer accepted, by the key that names the message.
  const emails = groupBy(
    system.deliveries.filter((delivery) => delivery.messageId.startsWith('<alert-')),
    (delivery) => delivery.messageId,
  );
  const smsKey = (to: string, responseId: string) => `${to} ${responseShortCode(responseId)}`;
  const shortCodeIn = (text: string) => /\/r\/([A-Za-z0-9_-]{22})/u.exec(text)?.[1];
  const texts = groupBy(system.smsDeliveries, (sms) => {
    const code = shortCodeIn(sms.text);
    return code && `${sms.to} ${code}`;
  });
  const arrivalsOf = (channel: Channel, deliveryId: string | undefined, responseId: string, phone: string | null): Arrival[] => {
    if (channel === 'email') return (deliveryId ? emails.get(`<alert-${deliveryId}@chaos.example>`) : undefined) ?? [];
    return phone ? (texts.get(smsKey(phone, responseId)) ?? []).map((sms) => ({ to: [sms.to], acceptedAt: sms.acceptedAt })) : [];
  };
  const claimed = new Set<string>();

  const totals: Record<Channel, Counts> = { email: noCounts(), sms: noCounts() };
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
    const ofThisResponse = deliveries.filter((delivery) => delivery.responseId === row.id);
    for (const channel of CHANNELS) {
      const counts = totals[channel];
      for (const recipient of due) {
        const { phone } = employee(recipient.employeeId);
        if (channel === 'sms' && phone === null) continue;
        const address = channel === 'email' ? recipient.email : (phone ?? '');
        const delivery = ofThisResponse.find((candidate) => candidate.role === recipient.role && candidate.channel === channel);
        const arrived = arrivalsOf(channel, delivery?.deliveryId, row.id, phone);
        if (channel === 'sms') claimed.add(smsKey(address, row.id));
        if (channel === 'email' && delivery) claimed.add(`<alert-${delivery.deliveryId}@chaos.example>`);
        if (arrived.length === 0) {
          const deadEnd = channel === 'email' ? DEAD_MAILBOX : DEAD_PHONE;
          if (address === deadEnd && delivery?.status === 'failed') {
            verdict.refusedAndRecorded += 1;
            counts.refusedAndRecorded += 1;
          } else {
            verdict.lost.push(`${channel} ${address}`);
            counts.lost += 1;
          }
          continue;
        }
        if (arrived.some((arrival) => !arrival.to.includes(address))) {
          verdict.unexpected.push(`${channel}: wrong recipient for ${recipient.role}`);
          counts.unexpected += 1;
        }
        const [first] = arrived;
        const last = arrived.at(-1);
        if (first && last && arrived.length > 1) {
          const extra = arrived.length - 1;
          const killsBetween = notifierKills.filter((at) => at > first.acceptedAt && at < last.acceptedAt).length;
          verdict.duplicated += extra;
          counts.duplicated += extra;
          verdict.unexplainedDuplicates += Math.max(0, extra - killsBetween);
          counts.unexplainedDuplicates += Math.max(0, extra - killsBetween);
        }
      }
      // An e-mail about this response to a role that was not due. (An SMS to someone not due
      // names no due recipient's number: it is a stray, counted below.)
      if (channel !== 'email') continue;
      for (const delivery of ofThisResponse.filter((candidate) => candidate.channel === 'email')) {
        if (due.some((recipient) => recipient.role === delivery.role)) continue;
        if (arrivalsOf('email', delivery.deliveryId, row.id, null).length > 0) {
          verdict.unexpected.push(`email: ${delivery.role} was not due`);
          counts.unexpected += 1;
        }
      }
    }
    if (row.group !== group) verdict.unexpected.push(`classified ${String(row.group)}, the table says ${group}`);
    return verdict;
  });
  totals.email.strays = [...emails.keys()].filter((key) => !claimed.has(key)).length;
  totals.sms.strays = [...texts.keys()].filter((key) => !claimed.has(key)).length + system.smsDeliveries.filter((sms) => !shortCodeIn(sms.text)).length;

  const sum = (pick: (counts: Counts) => number) => CHANNELS.reduce((total, channel) => total + pick(totals[channel]), 0);
  const classifiedWrongly = responses.reduce((total, verdict) => total + verdict.unexpected.filter((line) => line.startsWith('classified')).length, 0);
  return {
    responses,
    stored: rows.length,
    channels: totals,
    lost: sum((counts) => counts.lost),
    duplicated: sum((counts) => counts.duplicated),
    unexplainedDuplicates: sum((counts) => counts.unexplainedDuplicates),
    unexpected: sum((counts) => counts.unexpected) + classifiedWrongly,
    refusedAndRecorded: sum((counts) => counts.refusedAndRecorded),
    strays: sum((counts) => counts.strays),
  };
}
