import { destinationWants } from '@ambassador/domain/destinations';
import type { DestinationKind, EventType, FollowUpOutcome, FollowUpStatus, Group, Satisfaction } from '@ambassador/domain/vocabulary';
import { sql, type Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Database } from './database.ts';
import type { DeliveryStatus, QueuedDelivery } from './deliveries.ts';
import type { DB } from './schema.ts';

/**
 * Events for the firm's destinations: what happened (a response was classified, a follow-up
 * step recorded), stored once with its exact body, and one delivery of it per destination that
 * wants it, in the transaction that records what happened. Nothing is stored when no active
 * destination wants it.
 */

/** An event as Standard Webhooks sends it: `{ type, timestamp, data }`. */
export interface EventBody<T extends string = string, D = unknown> {
  type: T;
  timestamp: string;
  data: D;
}

export interface ResponseClassifiedData {
  responseId: string;
  projectId: string;
  clientId: string;
  accountManagerId: string;
  group: Group;
  hotLead: boolean;
  satisfaction: Satisfaction;
  wouldRecommend: boolean;
  wantsMoreServices: boolean;
  /** The 0–10 score, where the form asked it; null until responses carry one. */
  recommendScore: number | null;
  motivation: string | null;
  respondent: { name: string; email: string };
  submittedAt: string;
  classifiedAt: string;
}

export interface FollowUpRecordedData {
  responseId: string;
  status: FollowUpStatus;
  outcome: FollowUpOutcome | null;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
}

/** What each occurrence of an event says, and what decides who gets it. */
interface Occurrence {
  responseId: string;
  group: Group;
  division: string | null;
  body: EventBody;
}

async function activeDestinationsFor(trx: Database | Transaction<DB>, type: EventType) {
  return trx
    .selectFrom('destinations')
    .select(['id', 'kind', 'events', 'division'])
    .where('active', '=', true)
    .where(sql<boolean>`${type} = ANY (events)`)
    .execute();
}

/** Stores the occurrences that some destination wants, and one delivery per destination. */
async function storeEvents(
  trx: Database | Transaction<DB>,
  destinations: { id: string; kind: DestinationKind; events: string[]; division: string | null }[],
  occurrences: readonly Occurrence[],
  now: Date,
): Promise<QueuedDelivery[]> {
  const events: { id: string; type: EventType; responseId: string; occurredAt: Date; body: string }[] = [];
  const deliveries: { kind: 'event'; channel: DestinationKind; eventId: string; destinationId: string; createdAt: Date; dueAt: Date }[] = [];
  for (const occurrence of occurrences) {
    const type = occurrence.body.type as EventType;
    const wanting = destinations.filter((destination) => destinationWants(destination, { type, group: occurrence.group, division: occurrence.division }));
    if (wanting.length === 0) continue;
    const id = randomUUID();
    events.push({ id, type, responseId: occurrence.responseId, occurredAt: now, body: JSON.stringify(occurrence.body) });
    for (const destination of wanting) {
      deliveries.push({ kind: 'event', channel: destination.kind, eventId: id, destinationId: destination.id, createdAt: now, dueAt: now });
    }
  }
  if (events.length === 0) return [];
  await trx.insertInto('events').values(events).execute();
  return trx.insertInto('deliveries').values(deliveries).returning(['id', 'kind', 'channel', 'dueAt']).execute();
}

/**
 * Records `response.classified` for responses just classified (in the caller's transaction, the
 * one that classified them), for every active destination that wants it.
 */
export async function recordClassifiedEvents(trx: Transaction<DB>, responseIds: readonly string[], now: Date): Promise<QueuedDelivery[]> {
  if (responseIds.length === 0) return [];
  const destinations = await activeDestinationsFor(trx, 'response.classified');
  if (destinations.length === 0) return [];
  const rows = await trx
    .selectFrom('responses')
    .innerJoin('projects', 'projects.id', 'responses.projectId')
    .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
    .select([
      'responses.id',
      'responses.projectId',
      'projects.clientId',
      'projects.accountManagerId',
      'accountManager.division',
      'responses.group',
      'responses.satisfaction',
      'responses.wouldRecommend',
      'responses.recommendScore',
      'responses.wantsMoreServices',
      'responses.motivation',
      'responses.respondentName',
      'responses.respondentEmail',
      'responses.submittedAt',
      'responses.classifiedAt',
    ])
    .where('responses.id', '=', sql<string>`ANY(${[...responseIds]}::uuid[])`)
    .execute();
  const occurrences = rows.flatMap((row): Occurrence[] => {
    if (!row.group || !row.classifiedAt) return [];
    const data: ResponseClassifiedData = {
      responseId: row.id,
      projectId: row.projectId,
      clientId: row.clientId,
      accountManagerId: row.accountManagerId,
      group: row.group,
      hotLead: row.group === 'positive' && row.wantsMoreServices,
      satisfaction: row.satisfaction,
      wouldRecommend: row.wouldRecommend,
      wantsMoreServices: row.wantsMoreServices,
      recommendScore: row.recommendScore,
      motivation: row.motivation,
      respondent: { name: row.respondentName, email: row.respondentEmail },
      submittedAt: row.submittedAt.toISOString(),
      classifiedAt: row.classifiedAt.toISOString(),
    };
    const body: EventBody<'response.classified', ResponseClassifiedData> = { type: 'response.classified', timestamp: row.classifiedAt.toISOString(), data };
    return [{ responseId: row.id, group: row.group, division: row.division, body }];
  });
  return storeEvents(trx, destinations, occurrences, now);
}

/** Records `follow_up.recorded` for a step just recorded (in the caller's transaction), for the destinations that want it. */
export async function recordFollowUpEvent(
  trx: Database | Transaction<DB>,
  step: { responseId: string; status: FollowUpStatus; outcome: FollowUpOutcome | null; note: string | null; authorEmail: string; createdAt: Date },
): Promise<QueuedDelivery[]> {
  const destinations = await activeDestinationsFor(trx, 'follow_up.recorded');
  if (destinations.length === 0) return [];
  const response = await trx
    .selectFrom('responses')
    .innerJoin('projects', 'projects.id', 'responses.projectId')
    .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
    .select(['responses.group', 'accountManager.division'])
    .where('responses.id', '=', step.responseId)
    .executeTakeFirst();
  if (!response?.group) return [];
  const data: FollowUpRecordedData = {
    responseId: step.responseId,
    status: step.status,
    outcome: step.outcome,
    note: step.note,
    recordedBy: step.authorEmail,
    recordedAt: step.createdAt.toISOString(),
  };
  const body: EventBody<'follow_up.recorded', FollowUpRecordedData> = { type: 'follow_up.recorded', timestamp: step.createdAt.toISOString(), data };
  return storeEvents(trx, destinations, [{ responseId: step.responseId, group: response.group, division: response.division, body }], step.createdAt);
}

/**
 * A test event for one destination (the "send test event" button), whether it is active or not,
 * in the caller's transaction (the event and its delivery are two writes).
 */
export async function recordTestEvent(trx: Transaction<DB>, destinationId: string, now: Date): Promise<QueuedDelivery | undefined> {
  const destination = await trx.selectFrom('destinations').select(['id', 'kind']).where('id', '=', destinationId).executeTakeFirst();
  if (!destination) return undefined;
  const id = randomUUID();
  const body: EventBody<'destination.test', { destinationId: string; message: string }> = {
    type: 'destination.test',
    timestamp: now.toISOString(),
    data: { destinationId, message: 'A test event from Ambassador: this destination is reachable.' },
  };
  await trx.insertInto('events').values({ id, type: 'destination.test', responseId: null, occurredAt: now, body: JSON.stringify(body) }).execute();
  return trx
    .insertInto('deliveries')
    .values({ kind: 'event', channel: destination.kind, eventId: id, destinationId, createdAt: now, dueAt: now })
    .returning(['id', 'kind', 'channel', 'dueAt'])
    .executeTakeFirstOrThrow();
}

/**
 * Sends an event to a destination once more (the same id and body), as a new delivery: the one
 * the destination's log names. Undefined when there is no such delivery of that destination, or
 * its event's body is gone (retention).
 */
export async function redeliverEvent(db: Database | Transaction<DB>, destinationId: string, deliveryId: string, now: Date): Promise<QueuedDelivery | undefined> {
  const earlier = await db
    .selectFrom('deliveries')
    .innerJoin('events', 'events.id', 'deliveries.eventId')
    .innerJoin('destinations', 'destinations.id', 'deliveries.destinationId')
    .select(['deliveries.eventId', 'destinations.kind'])
    .where('deliveries.id', '=', deliveryId)
    .where('deliveries.destinationId', '=', destinationId)
    .where('events.body', 'is not', null)
    .executeTakeFirst();
  if (!earlier?.eventId) return undefined;
  return db
    .insertInto('deliveries')
    .values({ kind: 'event', channel: earlier.kind, eventId: earlier.eventId, destinationId, createdAt: now, dueAt: now })
    .returning(['id', 'kind', 'channel', 'dueAt'])
    .executeTakeFirstOrThrow();
}

/** What the notifier needs to send one event to one destination. */
export interface EventMessage {
  id: string;
  type: EventType | 'destination.test';
  /** The exact JSON text to send; null once retention removed it. */
  body: string | null;
  occurredAt: Date;
  responseId: string | null;
  destination: { id: string; kind: DestinationKind; url: string; secret: string | null; active: boolean };
  /** What a chat card says beside the event's data (null for a test event). */
  context: { projectName: string; clientName: string; accountManagerName: string; submittedAt: Date } | null;
}

export async function findEventMessage(db: Database, eventId: string, destinationId: string): Promise<EventMessage | undefined> {
  const row = await db
    .selectFrom('events')
    .innerJoin('destinations', (join) => join.on('destinations.id', '=', destinationId))
    .leftJoin('responses', 'responses.id', 'events.responseId')
    .leftJoin('projects', 'projects.id', 'responses.projectId')
    .leftJoin('clients', 'clients.id', 'projects.clientId')
    .leftJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
    .select([
      'events.id',
      'events.type',
      'events.body',
      'events.occurredAt',
      'events.responseId',
      'destinations.id as destinationId',
      'destinations.kind',
      'destinations.url',
      'destinations.secret',
      'destinations.active',
      'projects.name as projectName',
      'clients.name as clientName',
      'accountManager.name as accountManagerName',
      'responses.submittedAt',
    ])
    .where('events.id', '=', eventId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    type: row.type,
    body: row.body,
    occurredAt: row.occurredAt,
    responseId: row.responseId,
    destination: { id: row.destinationId, kind: row.kind, url: row.url, secret: row.secret, active: row.active },
    context:
      row.projectName !== null && row.clientName !== null && row.accountManagerName !== null && row.submittedAt !== null
        ? { projectName: row.projectName, clientName: row.clientName, accountManagerName: row.accountManagerName, submittedAt: row.submittedAt }
        : null,
  };
}

/** How an event about a response went to one destination, as the response page and the API show it. */
export interface ResponseEventDelivery {
  destinationId: string;
  channel: DestinationKind;
  event: EventType | 'destination.test';
  status: DeliveryStatus;
  attempts: number;
  sentAt: Date | null;
  failedAt: Date | null;
  lastError: string | null;
}

/** The deliveries of the events about a response, to every destination, oldest first. */
export async function findResponseEventDeliveries(db: Database, responseId: string): Promise<ResponseEventDelivery[]> {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('events', 'events.id', 'deliveries.eventId')
    .select([
      'deliveries.destinationId',
      'deliveries.channel',
      'events.type as event',
      'deliveries.status',
      'deliveries.attempts',
      'deliveries.sentAt',
      'deliveries.failedAt',
      'deliveries.lastError',
    ])
    .where('events.responseId', '=', responseId)
    .orderBy('deliveries.createdAt')
    .orderBy('deliveries.destinationId')
    .execute();
  return rows.flatMap((row) =>
    row.destinationId !== null && (row.channel === 'webhook' || row.channel === 'teams' || row.channel === 'slack')
      ? [{ ...row, destinationId: row.destinationId, channel: row.channel }]
      : [],
  );
}
